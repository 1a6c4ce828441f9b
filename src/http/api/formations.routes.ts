import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../domain/errors.ts';
import { FormationInputSchema, FormationSchema, SessionInputSchema } from '../../domain/formation.schema.ts';
import { getHistorique } from '../../services/feed.service.ts';
import { addSession, getFormation, listFormations, saveFormation } from '../../services/formation.service.ts';
import { curseurDePage, pageDuCurseur, rechercher } from '../../services/recherche.service.ts';
import {
  estUneRecherche,
  FormationPageSchema,
  FormationQuery,
  HistoriqueSchema,
  IdParams,
  SessionWriteResponseSchema,
  WriteResponseSchema,
} from './formations.schemas.ts';
import { defineRoute, mountRoute } from './route.ts';

const tags = ['Formations'];

export const listFormationsRoute = defineRoute({
  method: 'GET',
  fastResponse: true,
  url: '/formations',
  summary: 'Lister et filtrer les formations',
  description:
    'Pagination par curseur sur l’identifiant immuable : ni saut ni doublon pendant les écritures. ' +
    'Avec q, ou, tri, type_diplome, recrutement_ouvert, modalite (ou code_insee avec rayon_km) : recherche ' +
    'classée (pertinence, distance ou date), avec total, suggestion et facettes ; le curseur porte alors le ' +
    'numéro de page. Voir docs/recherche.md.',
  tags,
  auth: 'public',
  querystring: FormationQuery,
  response: { 200: FormationPageSchema },
});

export const getFormationRoute = defineRoute({
  method: 'GET',
  fastResponse: true,
  url: '/formations/:id',
  summary: 'Une formation',
  tags,
  auth: 'public',
  params: IdParams,
  response: { 200: FormationSchema },
});

export const historiqueRoute = defineRoute({
  method: 'GET',
  url: '/formations/:id/historique',
  summary: 'Historique d’une formation (qui, quand, quels champs)',
  tags,
  auth: 'public',
  params: IdParams,
  response: { 200: HistoriqueSchema },
});

export const createFormationRoute = defineRoute({
  method: 'POST',
  url: '/formations',
  summary: 'Créer une formation (ou la mettre à jour par « cle_externe »)',
  description: 'Idempotent : renvoyer la même formation ne change rien. Un brouillon peut être incomplet.',
  tags,
  auth: 'write',
  body: FormationInputSchema,
  response: { 200: WriteResponseSchema, 201: WriteResponseSchema },
});

export const updateFormationRoute = defineRoute({
  method: 'PUT',
  url: '/formations/:id',
  summary: 'Remplacer une formation (sessions comprises)',
  description:
    'Une session absente est supprimée si elle n’a jamais été diffusée, archivée sinon. ' +
    'Sur une formation publiée, la modification devient une révision à valider.',
  tags,
  auth: 'write',
  params: IdParams,
  body: FormationInputSchema,
  response: { 200: WriteResponseSchema },
});

export const addSessionRoute = defineRoute({
  method: 'POST',
  url: '/formations/:id/sessions',
  summary: 'Ajouter une session (ou la mettre à jour par id ou « cle_externe »)',
  tags,
  auth: 'write',
  params: IdParams,
  body: SessionInputSchema,
  response: { 200: SessionWriteResponseSchema, 201: SessionWriteResponseSchema },
});

export const formationRoutes: FastifyPluginAsync = async (app) => {
  const { ctx } = app;
  mountRoute(app, listFormationsRoute, async (req) => {
    const { limit, cursor, ou, tri, type_diplome, recrutement_ouvert, modalite, ...filters } = req.query;
    if (!estUneRecherche(req.query)) return listFormations(ctx.db, req.acteur, filters, { limit, cursor });
    const { q, code_insee, rayon_km, lat: _lat, lon: _lon, ...autres } = filters;
    const autour = filters.lat !== undefined;
    const page = cursor ? pageDuCurseur(cursor) : 1;
    const r = await rechercher(ctx.db, req.acteur, {
      q,
      ou,
      code_insee: autour ? undefined : code_insee,
      rayon_km: autour ? undefined : rayon_km,
      filtres: autour ? { ...autres, code_insee, lat: filters.lat, lon: filters.lon, rayon_km } : autres,
      facettes: { type_diplome, ouvert: recrutement_ouvert, modalite },
      tri,
      page,
      taille: limit,
      aujourdhui: ctx.now().toISOString().slice(0, 10),
    });
    const f = r.facettes;
    return {
      data: r.formations,
      next_cursor: r.page < r.pages && r.page === page ? curseurDePage(page + 1) : null,
      total: r.total,
      suggestion: r.suggestion,
      corrigee: r.corrigee,
      facettes: {
        niveau: [...f.niveau],
        type_diplome: [...f.type_diplome],
        rentree: [...f.rentree],
        region: [...f.region],
        departement: [...f.departement],
        modalite: [...f.modalite],
        ouvert: [...f.ouvert],
      },
    };
  });
  mountRoute(app, getFormationRoute, async (req) => {
    const f = await getFormation(ctx.db, req.acteur, req.params.id);
    if (!f) throw notFound(`Formation ${req.params.id}`);
    return f;
  });
  mountRoute(app, historiqueRoute, async (req) => getHistorique(ctx.db, req.acteur, req.params.id));
  mountRoute(app, createFormationRoute, async (req, reply) => {
    const r = await saveFormation(ctx, req.acteur, req.body);
    reply.status(r.created ? 201 : 200);
    if (r.created) reply.header('location', `/api/v1/formations/${r.id}`);
    return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
  });
  mountRoute(app, updateFormationRoute, async (req) => {
    const r = await saveFormation(ctx, req.acteur, req.body, { id: req.params.id });
    return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
  });
  mountRoute(app, addSessionRoute, async (req, reply) => {
    const r = await addSession(ctx, req.acteur, req.params.id, req.body);
    reply.status(r.created ? 201 : 200);
    return {
      session_id: r.sessionId,
      created: r.created,
      formation: await getFormation(ctx.db, req.acteur, req.params.id),
    };
  });
};
