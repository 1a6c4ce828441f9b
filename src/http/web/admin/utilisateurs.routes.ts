import type { FastifyPluginAsync } from 'fastify';
import { LIBELLES_ROLES, type Role } from '../../../domain/acteur.ts';
import { notFound, OffreError } from '../../../domain/errors.ts';
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
import { type ConflitVersion, refusVersion, versionEnvoyee } from '../espace/version.tsx';
import { erreursDe, readFormulaire } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { CONFIRMER_DESACTIVATION, UtilisateurPage, UtilisateursPage } from './utilisateurs.page.tsx';

/** The role form's fields as the conflict alert names them. */
const LIBELLES_ROLE = { role: 'Rôle', regions: 'Régions', academies: 'Académies' };
/** A role as people read it (« Instructeur (académie) »), an unknown code as sent. */
const roleLisible = (r: string) => LIBELLES_ROLES[r as Role] ?? r;
const enListe = (v: string) =>
  v
    .split(/[,\s]+/)
    .filter(Boolean)
    .join(', ');

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
    saisie: { role: roleLisible(f.role), regions: enListe(f.regions), academies: enListe(f.academies) },
    actuelle: { role: roleLisible(u.role), regions: u.regions.join(', '), academies: u.academies.join(', ') },
  }),
});

// /admin/utilisateurs: users for administrators (issue 9 item 7).
export const utilisateursRoutes: FastifyPluginAsync = async (app) => {
  const historique = (id: string) => historiqueUtilisateur(app.ctx, id);
  const vue = async (id: string) => {
    const u = (await listUtilisateurs(app.ctx)).find((x) => x.id === id);
    if (!u) throw notFound('Utilisateur');
    return u;
  };

  app.get<{ Querystring: { fait?: string } }>('/admin/utilisateurs', async (request, reply) => {
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
      }),
    );
  });

  app.post('/admin/utilisateurs', async (request, reply) => {
    const a = requireRole(request, 'admin');
    const f = readFormulaire(request.body, ['email', 'nom', 'role', 'siren', 'region', 'academie']);
    try {
      const cree = await addUtilisateur(app.ctx, a, f);
      return sendPage(
        request,
        reply,
        UtilisateursPage({ utilisateurs: await listUtilisateurs(app.ctx), soi: a.id, cree }),
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
      const champ = e instanceof OffreError ? (CHAMPS[e.code] ?? 'email') : 'email';
      const erreurs = erreursDe(e, champ);
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
    return seeOther(reply, '/admin/utilisateurs?fait=modifie');
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
