import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isAdministrateur } from '../../../domain/acces.ts';
import type { Acteur } from '../../../domain/acteur.ts';
import type { CodeErreur } from '../../../domain/errors.catalogue.ts';
import { OffreError } from '../../../domain/errors.ts';
import {
  applyDepot,
  cancelDepot,
  pageReferentiels,
  showDepot,
  TAILLE_MAX_REFERENTIEL,
  uploadReferentiel,
} from '../../../services/gestion/referentiels.service.ts';
import { regionsDeGestion } from '../../../services/gestion/validation.service.ts';
import {
  annonceTropGrande,
  fermer,
  finDuFormulaire,
  type LimitesFormulaire,
  refusMultipart,
} from '../../multipart.ts';
import { estRefusCsrf, fichierVerifie } from '../../plugins/securite.plugin.ts';
import { type ChampsLibelles, type Erreurs, erreursLibellees, readFormulaire } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { DepotPage } from './depot.page.tsx';
import { ReferentielsPage } from './referentiels.page.tsx';

// /gestion/referentiels* (issue 9 item 4): reference data, for gestionnaires and administrators
// (reference files are national: any of them may load one; a file a guard holds, only an
// administrator applies). Every rule is in the services.

type Id = { Params: { id: string }; Querystring: { info?: string } };
const MO = TAILLE_MAX_REFERENTIEL / 1024 / 1024;
const ANNONCES: Record<string, string> = {
  appliquee: 'Fichier appliqué : les offres concernées ont été recontrôlées.',
  annulee: 'Dépôt annulé : rien n’a été appliqué.',
  deja_depose:
    'Ce fichier (même contenu, même type) a déjà été déposé et attend une décision : voici son aperçu. Appliquez-le ou annulez-le ici ; aucun second dépôt n’a été créé.',
};
/** Refusals answered on the form itself (nothing stored); any other is stored on the deposit. */
const SUR_PLACE = new Set(['CONFIRMATION_REQUISE', 'DEPOT_DEJA_DECIDE', 'REFERENTIEL_ADMIN_REQUIS']);
/** A refusal of the page itself (its 403 or 404 page); those said on the form (a held file's 403) are not. */
const refus = (e: unknown) =>
  e instanceof OffreError && (e.status === 403 || e.status === 404) && !SUR_PLACE.has(e.code);

/** The forms' fields and their labels: errors say « Libellé : problème. » (README). */
const CHAMPS_DEPOT = [
  ['kind', 'Type de fichier'],
  ['fichier', 'Fichier officiel'],
] as const satisfies ChampsLibelles;
const CHAMPS_DECISION = [['confirmation', 'Confirmation']] as const satisfies ChampsLibelles;

/** A refusal as a form error, « Libellé : problème. » with its stable code (as the CLI prints it). */
function erreurCodee(e: unknown, champs: ChampsLibelles, defaut: string): Erreurs {
  const code = e instanceof OffreError ? e.code : undefined;
  // A refusal of the whole sent form (MULTIPART_*: unreadable, too many parts) is no field's
  // problem: said as every upload page says it, under the file field, without a label.
  if (e instanceof OffreError && e.code.startsWith('MULTIPART_') && e.status < 500)
    return [{ champ: defaut, message: e.message, code: e.code }];
  return erreursLibellees(e, champs, defaut).map((x) => (code ? { ...x, code } : x));
}

const pageDepot = (u: Acteur, d: Parameters<typeof DepotPage>[0]['d']) => ({
  d,
  regions: regionsDeGestion(u),
  admin: isAdministrateur(u),
});

/** The deposit form: its token, the kind of file, the file, one field to spare. */
const FORMULAIRE: LimitesFormulaire = { files: 1, fields: 3, parts: 4 };

export const referentielsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: FORMULAIRE });

  const pageListe = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { erreurs?: Erreurs; kind?: string; status?: number; annonce?: string } = {},
  ) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const v = await pageReferentiels(app.ctx, u);
    return sendPage(
      request,
      reply,
      ReferentielsPage({
        v,
        tailleMax: TAILLE_MAX_REFERENTIEL,
        erreurs: o.erreurs,
        kind: o.kind,
        annonce: o.annonce,
      }),
      o.status ?? 200,
    );
  };

  app.get<{ Querystring: { info?: string } }>('/gestion/referentiels', (request, reply) =>
    pageListe(request, reply, { annonce: ANNONCES[String(request.query.info)] }),
  );

  app.post('/gestion/referentiels', { config: { csrfMultipart: true } }, async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    let kind = '';
    const refuser = (champ: string, message: string, status = 400, code?: CodeErreur) =>
      pageListe(request, reply, {
        erreurs: erreursLibellees([{ champ, message }], CHAMPS_DEPOT, champ).map((x) =>
          code ? { ...x, code } : x,
        ),
        kind,
        status,
      });
    if (!request.isMultipart())
      return refuser('fichier', 'Choisissez un fichier à envoyer.', 400, 'FICHIER_ABSENT');
    let depot: { id: string; existant: boolean };
    try {
      const part = await fichierVerifie(request, reply, {
        limits: { fileSize: TAILLE_MAX_REFERENTIEL, files: 1 },
      });
      const champ = part?.fields.kind as { value?: unknown } | undefined;
      kind = typeof champ?.value === 'string' ? champ.value.slice(0, 20) : '';
      if (!kind)
        return refuser(
          'kind',
          'Choisissez le type de fichier de référence (avant le fichier).',
          400,
          'REFERENTIEL_TYPE_INCONNU',
        );
      if (part?.fieldname !== 'fichier' || !part.filename)
        return refuser('fichier', 'Choisissez un fichier à envoyer.', 400, 'FICHIER_ABSENT');
      const tropGros = () =>
        refuser(
          'fichier',
          `Le fichier « ${part.filename} » dépasse ${MO} Mo : importez-le avec « offre referentiel import ${kind} ».`,
          413,
          'FICHIER_TROP_VOLUMINEUX',
        );
      // The file's size as announced, before its bytes are read (its name is in its part's headers).
      if (annonceTropGrande(request, TAILLE_MAX_REFERENTIEL)) {
        fermer(reply);
        return tropGros();
      }
      let contenu: Buffer;
      try {
        contenu = await part.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tropGros();
        throw e;
      }
      // The rest of the form, before the file is read into a deposit: a second file is refused.
      await finDuFormulaire(request, FORMULAIRE);
      depot = await uploadReferentiel(app.ctx, u, { kind, nom: part.filename, contenu });
    } catch (e) {
      if (refus(e) || estRefusCsrf(e)) throw e;
      const offre = e instanceof OffreError ? e : refusMultipart(e, FORMULAIRE);
      if (offre && offre.status < 500)
        return pageListe(request, reply, {
          erreurs: erreurCodee(offre, CHAMPS_DEPOT, 'fichier'),
          kind,
          status: offre.status,
        });
      if (((e as { code?: string }).code ?? '').startsWith('FST_'))
        return pageListe(request, reply, {
          erreurs: [
            {
              champ: 'fichier',
              message: 'L’envoi du fichier a échoué (formulaire incomplet ou interrompu) : réessayez.',
              code: 'MULTIPART_INVALIDE',
            },
          ],
          kind,
          status: 400,
        });
      throw e;
    }
    return seeOther(
      reply,
      `/gestion/referentiels/${encodeURIComponent(depot.id)}${depot.existant ? '?info=deja_depose' : ''}`,
    );
  });

  app.get<Id>('/gestion/referentiels/:id', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const d = await showDepot(app.ctx, u, request.params.id);
    return sendPage(
      request,
      reply,
      DepotPage({ ...pageDepot(u, d), annonce: ANNONCES[String(request.query.info)] }),
    );
  });

  app.post<Id>('/gestion/referentiels/:id/appliquer', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { confirmation } = readFormulaire(request.body, ['confirmation']);
    try {
      await applyDepot(app.ctx, u, request.params.id, confirmation === 'oui');
    } catch (e) {
      if (refus(e)) throw e;
      // Refused by the import itself (a guard holds the file: the data changed since the preview):
      // the refusal is stored on the deposit, whose page shows it with the confirmation to give.
      // Post/Redirect/Get: a reload reads that page again, it never runs the import again.
      if (e instanceof OffreError && e.status < 500 && !SUR_PLACE.has(e.code))
        return seeOther(reply, `/gestion/referentiels/${encodeURIComponent(request.params.id)}`);
      // A form error (the checkbox not ticked; already decided): the form again with its error
      // (DSFR), nothing changed, so re-posting it on reload changes nothing either.
      // A held file applied by a gestionnaire: 403, who may apply it and the code (nothing changed).
      const erreurs = erreurCodee(e, CHAMPS_DECISION, 'confirmation');
      const d = await showDepot(app.ctx, u, request.params.id);
      const status = e instanceof OffreError ? e.status : 400;
      return sendPage(request, reply, DepotPage({ ...pageDepot(u, d), erreurs }), status);
    }
    return seeOther(reply, `/gestion/referentiels/${encodeURIComponent(request.params.id)}?info=appliquee`);
  });

  // The address a refused form leaves in the bar: entered again (or bookmarked), the deposit's page.
  for (const action of ['appliquer', 'annuler'])
    app.get<Id>(`/gestion/referentiels/:id/${action}`, (request, reply) => {
      requireRole(request, 'gestionnaire', 'admin');
      return seeOther(reply, `/gestion/referentiels/${encodeURIComponent(request.params.id)}`);
    });

  app.post<Id>('/gestion/referentiels/:id/annuler', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    try {
      await cancelDepot(app.ctx, u, request.params.id);
    } catch (e) {
      if (refus(e)) throw e;
      const d = await showDepot(app.ctx, u, request.params.id);
      const status = e instanceof OffreError ? e.status : 400;
      return sendPage(
        request,
        reply,
        DepotPage({ ...pageDepot(u, d), erreurs: erreurCodee(e, CHAMPS_DECISION, 'confirmation') }),
        status,
      );
    }
    return seeOther(reply, '/gestion/referentiels?info=annulee');
  });
};
