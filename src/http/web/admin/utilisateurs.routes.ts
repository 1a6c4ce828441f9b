import type { FastifyPluginAsync } from 'fastify';
import {
  type ChampPerimetre,
  LIBELLES_ROLES,
  messagePerimetreIgnore,
  perimetreIgnore,
  type Role,
} from '../../../domain/acteur.ts';
import { notFound, OffreError } from '../../../domain/errors.ts';
import { nomRegionAvecCode } from '../../../domain/geo.ts';
import { nomAcademie } from '../../../domain/regles/academies.ts';
import {
  addUtilisateur,
  deactivateUtilisateur,
  historiqueUtilisateur,
  listUtilisateurs,
  reactivateUtilisateur,
  type UtilisateurVue,
  updateRole,
  versionRole,
} from '../../../services/comptes/admin-utilisateurs.service.ts';
import { checkUtilisateur } from '../../../services/comptes/utilisateur.service.ts';
import { type ConflitVersion, refusVersion, versionEnvoyee } from '../espace/version.tsx';
import { erreursDe, erreursLibellees, readFormulaire, refusCaracteres } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import {
  CHAMPS_CREATION,
  CONFIRMER_DESACTIVATION,
  UtilisateurPage,
  UtilisateursPage,
} from './utilisateurs.page.tsx';

/** The role form's fields as the conflict alert names them. */
const LIBELLES_ROLE = { role: 'Rôle', regions: 'Régions', academies: 'Académies' };
/** A role as people read it (« Instructeur (académie) »), an unknown code as sent. */
const roleLisible = (r: string) => LIBELLES_ROLES[r as Role] ?? r;
/** Codes typed (« 84,27 ») or stored, named as the page names them (« Auvergne-Rhône-Alpes (84), … »). */
const enListe = (v: string | readonly string[], nom: (code: string) => string) =>
  (typeof v === 'string' ? v.split(/[,\s]+/) : v).filter(Boolean).map(nom).join(', ');

/**
 * A role change refused for its version (UTILISATEUR_MODIFIE): what saving the form's values `f`
 * again would replace in `u`'s current role and scope.
 */
const conflitRole = (
  f: { role: string; regions: string; academies: string },
  u: UtilisateurVue,
): ConflitVersion => ({
  code: 'UTILISATEUR_MODIFIE',
  titre: 'Ce compte a changé pendant votre saisie',
  libelles: LIBELLES_ROLE,
  valeurs: () => ({
    saisie: {
      role: roleLisible(f.role),
      regions: enListe(f.regions, nomRegionAvecCode),
      academies: enListe(f.academies, nomAcademie),
    },
    actuelle: {
      role: roleLisible(u.role),
      regions: enListe(u.regions, nomRegionAvecCode),
      academies: enListe(u.academies, nomAcademie),
    },
  }),
});

/** The notices of scope fields typed and not kept (`ignore` of the list's address). */
const infosIgnore = (champs: readonly string[]) =>
  (['regions', 'academies'] as const satisfies readonly ChampPerimetre[])
    .filter((c) => champs.includes(c))
    .map(messagePerimetreIgnore);

// /admin/utilisateurs: users for administrators (issue 9 item 7).
export const utilisateursRoutes: FastifyPluginAsync = async (app) => {
  const historique = (id: string) => historiqueUtilisateur(app.ctx, id);
  const vue = async (id: string) => {
    const u = (await listUtilisateurs(app.ctx)).find((x) => x.id === id);
    if (!u) throw notFound('Utilisateur');
    return u;
  };

  app.get<{ Querystring: { fait?: string; ignore?: string } }>(
    '/admin/utilisateurs',
    async (request, reply) => {
      const a = requireRole(request, 'admin');
      const MESSAGES: Record<string, string> = {
        desactive: 'Compte désactivé : ses sessions ouvertes sont terminées.',
        reactive: 'Compte réactivé.',
        modifie: 'Rôle et périmètre enregistrés.',
      };
      return sendPage(
        request,
        reply,
        UtilisateursPage({
          utilisateurs: await listUtilisateurs(app.ctx),
          soi: a.id,
          message: MESSAGES[request.query.fait ?? ''],
          infos: infosIgnore((request.query.ignore ?? '').split(',')),
        }),
      );
    },
  );

  // A NUL character typed or pasted: said under its field, the form kept (caracteres.plugin.ts).
  app.post('/admin/utilisateurs', async (request, reply) => {
    const a = requireRole(request, 'admin');
    const f = readFormulaire(request.body, ['email', 'nom', 'role', 'siren', 'region', 'academie']);
    try {
      // Every problem of the form at once (the service would refuse the first).
      const erreurs = [...refusCaracteres(request), ...checkUtilisateur(f, 'formulaire')];
      if (erreurs.length) throw erreurs;
      const cree = await addUtilisateur(app.ctx, a, f);
      const ignores = perimetreIgnore(f.role, { regions: f.region, academies: f.academie }, true);
      const utilisateurs = await listUtilisateurs(app.ctx);
      return sendPage(
        request,
        reply,
        UtilisateursPage({ utilisateurs, soi: a.id, cree, infos: infosIgnore(ignores) }),
        201,
      );
    } catch (e) {
      // createUtilisateur (shared with `offre user add`) names its refusals by code: each to its field.
      const CHAMPS: Record<string, string> = {
        UTILISATEUR_ROLE: 'role',
        UTILISATEUR_SIREN: 'siren',
        UTILISATEUR_REGION: 'region',
        UTILISATEUR_ACADEMIE: 'academie',
      };
      // Each to its field, said « Libellé : problème. » in the page's order, as every form says them.
      const erreurs = erreursLibellees(
        (Array.isArray(e) ? e : [e]).map((x) =>
          x instanceof OffreError && x.status < 500 && typeof x.details.champ !== 'string'
            ? { champ: CHAMPS[x.code] ?? 'email', message: x.message }
            : x,
        ),
        CHAMPS_CREATION,
        'email',
      );
      return sendPage(
        request,
        reply,
        UtilisateursPage({ utilisateurs: await listUtilisateurs(app.ctx), soi: a.id, saisie: f, erreurs }),
        400,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/admin/utilisateurs/:id', async (request, reply) => {
    const a = requireRole(request, 'admin');
    const u = await vue(request.params.id);
    return sendPage(
      request,
      reply,
      UtilisateurPage({ u, version: versionRole(u), soi: a.id, historique: await historique(u.id) }),
    );
  });

  app.post<{ Params: { id: string } }>('/admin/utilisateurs/:id', async (request, reply) => {
    const a = requireRole(request, 'admin');
    const f = readFormulaire(request.body, ['role', 'regions', 'academies']);
    const envoyee = versionEnvoyee(request.body);
    try {
      const caracteres = refusCaracteres(request);
      if (caracteres.length) throw caracteres;
      await updateRole(app.ctx, a, request.params.id, f, 'version' in envoyee ? envoyee.version : null);
    } catch (e) {
      const u = await vue(request.params.id);
      const refus = refusVersion(e, conflitRole(f, u));
      const erreurs = refus ? [] : erreursDe(e, 'role');
      return sendPage(
        request,
        reply,
        UtilisateurPage({
          u,
          version: versionRole(u),
          soi: a.id,
          saisie: f,
          erreurs,
          refus: refus ?? undefined,
          historique: await historique(u.id),
        }),
        refus && e instanceof OffreError ? e.status : 400,
      );
    }
    const ignores = perimetreIgnore(f.role, f);
    return seeOther(
      reply,
      `/admin/utilisateurs?fait=modifie${ignores.length ? `&ignore=${ignores.join(',')}` : ''}`,
    );
  });

  app.post<{ Params: { id: string } }>('/admin/utilisateurs/:id/desactiver', async (request, reply) => {
    const a = requireRole(request, 'admin');
    // Confirmed by a ticked box on the account's page: without it, that page again, nothing changed.
    if ((request.body as Record<string, unknown> | undefined)?.[CONFIRMER_DESACTIVATION] !== 'oui') {
      const u = await vue(request.params.id);
      const erreurs = [
        {
          champ: CONFIRMER_DESACTIVATION,
          message: 'Cochez la case pour confirmer la désactivation : rien n’a changé.',
        },
      ];
      return sendPage(
        request,
        reply,
        UtilisateurPage({
          u,
          version: versionRole(u),
          soi: a.id,
          erreurs,
          historique: await historique(u.id),
        }),
        400,
      );
    }
    await deactivateUtilisateur(app.ctx, a, request.params.id);
    return seeOther(reply, '/admin/utilisateurs?fait=desactive');
  });

  app.post<{ Params: { id: string } }>('/admin/utilisateurs/:id/reactiver', async (request, reply) => {
    const a = requireRole(request, 'admin');
    await reactivateUtilisateur(app.ctx, a, request.params.id);
    return seeOther(reply, '/admin/utilisateurs?fait=reactive');
  });
};
