import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { OffreError } from '../../../domain/errors.ts';
import type { FiltresFile } from '../../../domain/file-validation.ts';
import { tableauQualite } from '../../../services/gestion/qualite.service.ts';
import {
  ajouterEtablissement,
  retirerEtablissement,
  structuresDeRegion,
} from '../../../services/gestion/structures.service.ts';
import {
  fileValidation,
  regionsDeGestion,
  retournerOffre,
  revueFormation,
  validerInchangees,
  validerOffre,
} from '../../../services/gestion/validation.service.ts';
import { erreursDe, lireFormulaire } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { FilePage } from './file.page.tsx';
import { QualitePage } from './qualite.page.tsx';
import { RevuePage } from './revue.page.tsx';
import { StructuresPage } from './structures.page.tsx';

// The gestionnaire's workspace (issue 9 items 1–3): validation queue and review, structures,
// data quality. Gestionnaires of a région and administrators; every rule lives in the services.

type Id = { Params: { id: string } };
const ANNONCES: Record<string, string> = {
  validee: 'Offre validée : l’organisme a reçu un courriel.',
  ajoute: 'Établissement ajouté : la structure peut déclarer son offre.',
  retire: 'Établissement retiré.',
  retournee: 'Offre retournée à l’organisme avec votre commentaire : il a reçu un courriel.',
};
/** Access refusals and unknown offers get their own page, not a field error. */
const refus = (e: unknown) => e instanceof OffreError && (e.status === 403 || e.status === 404);
const CHAMPS_FILTRE = ['organisme', 'departement', 'type', 'verdict', 'nature'] as const;

function filtresDe(request: FastifyRequest): FiltresFile {
  const q = (request.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    CHAMPS_FILTRE.map((k) => [k, typeof q[k] === 'string' ? (q[k] as string).slice(0, 50) : undefined]),
  );
}
const annonceDe = (request: FastifyRequest) => {
  const info = (request.query as { info?: unknown } | undefined)?.info;
  if (typeof info !== 'string') return undefined;
  const n = /^validees-(\d+)$/.exec(info);
  if (n) return `${n[1]} re-publication(s) inchangée(s) validée(s) : les organismes ont reçu un courriel.`;
  return ANNONCES[info];
};

export const gestionWebRoutes: FastifyPluginAsync = async (app) => {
  app.get('/gestion', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const filtres = filtresDe(request);
    const file = await fileValidation(app.ctx, u, filtres);
    return sendPage(
      request,
      reply,
      FilePage({ file, filtres, regions: regionsDeGestion(u), annonce: annonceDe(request) }),
    );
  });

  app.post('/gestion/valider-inchangees', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const brut = (request.body as { ids?: unknown } | undefined)?.ids;
    const ids = (Array.isArray(brut) ? brut : [brut]).filter((x): x is string => typeof x === 'string');
    try {
      const r = await validerInchangees(app.ctx, u, ids.slice(0, 500));
      return seeOther(reply, `/gestion?info=validees-${r.validees.length}`);
    } catch (e) {
      if (refus(e)) throw e;
      const erreurs = erreursDe(e, 'ids');
      const file = await fileValidation(app.ctx, u, {});
      return sendPage(
        request,
        reply,
        FilePage({ file, filtres: {}, regions: regionsDeGestion(u), erreurs }),
        400,
      );
    }
  });

  app.get<Id>('/gestion/formations/:id', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const r = await revueFormation(app.ctx, u, request.params.id);
    return sendPage(request, reply, RevuePage({ r, annonce: annonceDe(request) }));
  });

  app.post<Id>('/gestion/formations/:id/valider', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    await validerOffre(app.ctx, u, request.params.id);
    return seeOther(reply, `/gestion/formations/${encodeURIComponent(request.params.id)}?info=validee`);
  });

  app.post<Id>('/gestion/formations/:id/retourner', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { commentaire } = lireFormulaire(request.body, ['commentaire']);
    try {
      await retournerOffre(app.ctx, u, request.params.id, commentaire);
    } catch (e) {
      if (refus(e)) throw e;
      const erreurs = erreursDe(e, 'commentaire');
      const r = await revueFormation(app.ctx, u, request.params.id);
      return sendPage(request, reply, RevuePage({ r, erreurs, commentaire }), 400);
    }
    return seeOther(reply, `/gestion/formations/${encodeURIComponent(request.params.id)}?info=retournee`);
  });

  type S = { Params: { siren: string; siret?: string } };
  app.get('/gestion/structures', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const structures = await structuresDeRegion(app.ctx, u);
    return sendPage(request, reply, StructuresPage({ structures, annonce: annonceDe(request) }));
  });

  app.post<S>('/gestion/structures/:siren/etablissements', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const { siret } = lireFormulaire(request.body, ['siret']);
    try {
      await ajouterEtablissement(app.ctx, u, request.params.siren, siret);
    } catch (e) {
      if (refus(e)) throw e;
      const erreurs = erreursDe(e, `siret-${request.params.siren}`);
      const structures = await structuresDeRegion(app.ctx, u);
      return sendPage(
        request,
        reply,
        StructuresPage({ structures, ajout: { siren: request.params.siren, erreurs, siret } }),
        400,
      );
    }
    return seeOther(reply, '/gestion/structures?info=ajoute');
  });

  app.post<S>('/gestion/structures/:siren/etablissements/:siret/retirer', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    await retirerEtablissement(app.ctx, u, request.params.siren, request.params.siret ?? '');
    return seeOther(reply, '/gestion/structures?info=retire');
  });

  app.get<{ Querystring: { code?: string } }>('/gestion/qualite', async (request, reply) => {
    const u = requireRole(request, 'gestionnaire', 'admin');
    const code = typeof request.query.code === 'string' ? request.query.code.slice(0, 80) : undefined;
    return sendPage(request, reply, QualitePage({ t: await tableauQualite(app.ctx, u, code || undefined) }));
  });
};
