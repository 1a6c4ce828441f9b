import { FormationInputSchema, FormationSchema, SessionInputSchema } from '../domain/formation.schema.ts';
import { EXEMPLE_FORMATION, EXEMPLE_SESSION } from './examples.ts';
import {
  FormationPageSchema,
  FormationQuery,
  HistoriqueSchema,
  IdParams,
  SessionWriteResponseSchema,
  WriteResponseSchema,
} from './formations.schemas.ts';
import { defineRoute } from './route.ts';
import { VERSION_FORMATION } from './versions.ts';

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
  etag: { de: VERSION_FORMATION },
  response: { 200: FormationSchema },
});

export const historiqueRoute = defineRoute({
  method: 'GET',
  url: '/formations/:id/historique',
  summary: 'Historique d’une formation (qui, quand, quels champs)',
  description:
    'Public : chaque lecteur n’y reçoit que ce que la vue actuelle de l’offre lui montre (GET /formations/{id}) : sans clé, ni bilans ni sessions au recrutement fermé, 404 pour une offre dont toutes les sessions sont fermées ; clé read : sessions fermées, sans bilans ; jamais une session retenue par une règle bloquante. La clé write de l’organisme, les gestionnaires et les administrateurs reçoivent tout.',
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
  example: EXEMPLE_FORMATION,
  response: { 200: WriteResponseSchema, 201: WriteResponseSchema },
});

export const updateFormationRoute = defineRoute({
  method: 'PUT',
  url: '/formations/:id',
  summary: 'Remplacer une formation (sessions comprises)',
  description:
    'Une session absente est supprimée si elle n’a jamais été diffusée, archivée sinon. ' +
    'Sur une formation publiée, la modification devient une révision à valider. ' +
    'En-tête `If-Match` (recommandé quand plusieurs outils écrivent la même offre) : l’`ETag` de la dernière lecture ' +
    '(`GET /formations/{id}` avec une clé d’écriture, ou la réponse d’un `PUT`) ; si la formation a changé depuis, ' +
    '412 `PRECONDITION_ECHOUEE` et rien n’est enregistré. La réponse porte le nouvel `ETag`.',
  tags,
  auth: 'write',
  params: IdParams,
  ifMatch: VERSION_FORMATION,
  etag: { de: VERSION_FORMATION },
  body: FormationInputSchema,
  example: EXEMPLE_FORMATION,
  response: { 200: WriteResponseSchema },
});

export const addSessionRoute = defineRoute({
  method: 'POST',
  url: '/formations/:id/sessions',
  summary: 'Ajouter une session (ou la mettre à jour par id ou « cle_externe »)',
  description:
    'Idempotent : une session sans `id` ni `cle_externe` qui a les dates et le code postal d’une session de la formation sans `cle_externe` met celle-ci à jour (200, `created: false`) au lieu d’ajouter une copie ; pour ajouter une autre session aux mêmes dates et lieu, donnez-lui une `cle_externe` à elle (201). En-tête `If-Match` accepté comme pour `PUT /formations/{id}` : l’`ETag` de la formation lue ; 412 `PRECONDITION_ECHOUEE` si elle a changé depuis. La réponse porte le nouvel `ETag`.',
  tags,
  auth: 'write',
  params: IdParams,
  ifMatch: VERSION_FORMATION,
  etag: { de: VERSION_FORMATION },
  body: SessionInputSchema,
  example: EXEMPLE_SESSION,
  response: { 200: SessionWriteResponseSchema, 201: SessionWriteResponseSchema },
});
