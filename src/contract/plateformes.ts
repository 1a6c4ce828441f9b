import { z } from 'zod';
import {
  LONGUEUR_MOTIF_DECISION,
  PLATEFORMES,
  STATUTS_DE_SCOPE,
  STATUTS_PLATEFORME,
} from '../domain/plateforme.ts';
import { EXEMPLE_DECISION, EXEMPLE_REGLE, EXEMPLE_RETOURS_PLATEFORME } from './examples.ts';
import { IdParams } from './formations.schemas.ts';
import { cursorParam, entierParam, limitParam } from './params.ts';
import { defineRoute } from './route.ts';
import { VERSION_ETAT_PLATEFORME, VERSION_REGLE } from './versions.ts';

// Parcoursup / Affelnet: the feed a platform reads, its return, instructor decisions, scope rules.

export const RetourSchema = z.object({
  id: z.string().min(1),
  statut: z.enum(['publie', 'rejet_publication']),
  id_plateforme: z.string().max(100).nullish(),
  motif: z.string().max(2000).nullish(),
  action_corrective: z.string().max(2000).nullish(),
});
export const RetoursSchema = z
  .union([z.array(RetourSchema), z.object({ retours: z.array(RetourSchema) })])
  .transform((v) => (Array.isArray(v) ? v : v.retours));

const PlateformeParam = z.object({
  plateforme: z.enum(PLATEFORMES).describe('Plateforme : parcoursup ou affelnet'),
});
const RegleParams = z.object({
  id: entierParam(1, 2_147_483_647, 'numéro de règle attendu (nombre entier, ex. 12)').describe(
    'Numéro de la règle (« id » de GET /plateformes/regles)',
  ),
});
const EtatSchema = z.object({
  version: z
    .string()
    .describe(
      'Version de l’état (l’offre et la décision) : à renvoyer entre guillemets dans l’en-tête `If-Match` d’une décision, pour qu’elle soit refusée (412) si l’état a changé depuis',
    ),
  plateforme: z.string(),
  statut: z.enum(STATUTS_PLATEFORME),
  libelle: z.string(),
  decision: z.string().nullable(),
  motif: z.string().nullable(),
  action_corrective: z.string().nullable(),
  id_plateforme: z.string().nullable(),
  campagne: z.number(),
  blocage: z
    .string()
    .nullable()
    .describe(
      'Pourquoi l’offre « à publier » ne peut pas devenir « Prêt pour intégration » (plateforme fermée pour la campagne, voir GET /campagnes), sinon null',
    ),
});

export const getOffres = defineRoute({
  method: 'GET',
  url: '/plateformes/:plateforme/offres',
  summary: 'Flux d’une plateforme : offres prêtes pour intégration ou publiées',
  tags: ['Plateformes'],
  auth: 'read',
  params: PlateformeParam,
  querystring: z.object({
    limit: limitParam(100),
    cursor: cursorParam,
  }),
  response: {
    200: z.object({
      plateforme: z.string(),
      data: z.array(z.record(z.string(), z.unknown())),
      next_cursor: z.string().nullable(),
    }),
  },
});

export const postRetours = defineRoute({
  method: 'POST',
  url: '/plateformes/:plateforme/retours',
  summary:
    'Retour de la plateforme : offres publiées (avec leur identifiant) ou rejetées (motif, action corrective)',
  tags: ['Plateformes'],
  auth: 'admin',
  params: PlateformeParam,
  body: RetoursSchema,
  // A whole campaign's returns in one call (tens of thousands of offers), above the JSON default.
  bodyLimit: 20 * 1024 * 1024,
  example: EXEMPLE_RETOURS_PLATEFORME,
  response: {
    200: z.object({
      appliques: z.number(),
      erreurs: z.array(
        z.object({ index: z.number(), id: z.string(), code: z.string(), message: z.string() }),
      ),
    }),
  },
});

/** The ETag of a platform state: its `version`. */
const ETAG_ETAT = { de: VERSION_ETAT_PLATEFORME, lu: (e: { version: string }) => e.version };

export const postDecision = defineRoute({
  method: 'POST',
  url: '/formations/:id/plateformes/:plateforme/decision',
  summary: 'Décision d’un instructeur (publier, ne pas publier avec motif, mettre en attente, reprendre)',
  description:
    'Seulement sur une offre du périmètre de la plateforme : validée, au Catalogue général, ouverte à l’apprentissage (jamais une action conventionnée seulement). ' +
    'Une offre que l’appelant ne peut pas lire répond 404 comme GET /formations/{id} (brouillon, en attente de validation, à corriger) ; ' +
    'une offre hors périmètre 404 ; une offre d’une autre académie 403. Rien n’est enregistré. ' +
    'En-tête `If-Match` facultatif : la `version` de l’état lu (`GET /formations/{id}/plateformes`, ou la réponse de la décision précédente) entre guillemets ; ' +
    '412 `PRECONDITION_ECHOUEE` si l’offre ou sa décision a changé depuis (le message dit quoi, par qui et quand), rien n’est décidé. ' +
    'Sans l’en-tête, la décision porte sur l’état du moment.',
  tags: ['Plateformes'],
  auth: 'instructeur',
  params: PlateformeParam.extend(IdParams.shape),
  ifMatch: VERSION_ETAT_PLATEFORME,
  etag: ETAG_ETAT,
  body: z.object({
    action: z.enum(['publier', 'non_publier', 'mettre_en_attente', 'reprendre']),
    motif: z.string().max(LONGUEUR_MOTIF_DECISION).nullish(),
  }),
  example: EXEMPLE_DECISION,
  response: { 200: EtatSchema },
});

export const getEtats = defineRoute({
  method: 'GET',
  url: '/formations/:id/plateformes',
  summary: 'Statuts Parcoursup et Affelnet d’une formation',
  description:
    'Un état par plateforme, chacun avec sa `version` (l’`If-Match` de sa décision, entre guillemets). ' +
    'Pour l’en-tête `ETag` d’un seul état : `GET /formations/{id}/plateformes/{plateforme}`.',
  tags: ['Plateformes'],
  auth: 'admin',
  params: IdParams,
  response: { 200: z.object({ data: z.array(EtatSchema) }) },
});

export const getEtat = defineRoute({
  method: 'GET',
  url: '/formations/:id/plateformes/:plateforme',
  summary: 'Statut d’une formation sur une plateforme',
  description:
    'L’état tel que `GET /formations/{id}/plateformes` le donne, avec l’en-tête `ETag` : sa `version` entre guillemets, ' +
    'à renvoyer en `If-Match` avec la décision (`POST /formations/{id}/plateformes/{plateforme}/decision`). ' +
    '404 quand la formation n’a pas d’état sur cette plateforme.',
  tags: ['Plateformes'],
  auth: 'admin',
  params: PlateformeParam.extend(IdParams.shape),
  etag: ETAG_ETAT,
  response: { 200: EtatSchema },
});

export const getRegles = defineRoute({
  method: 'GET',
  url: '/plateformes/regles',
  summary: 'Règles de périmètre des plateformes',
  description:
    'Chaque règle porte sa `version` (un entier, augmenté à chaque enregistrement) : entre guillemets, c’est l’`If-Match` de `PUT /plateformes/regles/{id}`.',
  tags: ['Plateformes'],
  auth: 'read',
  response: { 200: z.object({ data: z.array(z.record(z.string(), z.unknown())) }) },
});
export const getRegle = defineRoute({
  method: 'GET',
  url: '/plateformes/regles/:id',
  summary: 'Une règle de périmètre',
  description:
    'La règle telle que la liste la donne, avec l’en-tête `ETag` : sa `version` entre guillemets, à renvoyer en `If-Match` avec `PUT /plateformes/regles/{id}`.',
  tags: ['Plateformes'],
  auth: 'read',
  params: RegleParams,
  etag: { de: VERSION_REGLE, lu: (r: { version: number }) => String(r.version) },
  response: { 200: z.record(z.string(), z.unknown()) },
});

const RegleBody = z.object({
  plateforme: z.enum(PLATEFORMES),
  niveau: z.string().max(2).nullish(),
  type_diplome: z.string().max(30).nullish(),
  duree: z.number().int().min(1).max(8).nullish(),
  annee_entree: z.number().int().min(1).max(5).nullish(),
  academie: z.string().max(3).nullish(),
  statut: z.enum(STATUTS_DE_SCOPE as [string, ...string[]]),
  priorite: z.number().int().min(0).max(10_000).default(100),
  actif: z.boolean().default(true),
});
const RegleOut = z.object({ regle: z.record(z.string(), z.unknown()), reclassees: z.number() });
/** The ETag of a save's answer: the saved rule's version. */
const ETAG_REGLE_ENREGISTREE = {
  de: VERSION_REGLE,
  lu: (r: { regle: { version: number } }) => String(r.regle.version),
};

export const postRegle = defineRoute({
  method: 'POST',
  url: '/plateformes/regles',
  summary: 'Ajoute une règle de périmètre (administrateurs) et reclasse les offres',
  tags: ['Plateformes'],
  auth: 'admin',
  body: RegleBody,
  example: EXEMPLE_REGLE,
  etag: ETAG_REGLE_ENREGISTREE,
  response: { 200: RegleOut },
});
export const putRegle = defineRoute({
  method: 'PUT',
  url: '/plateformes/regles/:id',
  summary: 'Modifie une règle de périmètre (nouvelle version, historique conservé) et reclasse les offres',
  description:
    'En-tête `If-Match` facultatif : l’`ETag` de `GET /plateformes/regles/{id}` (la `version` de la règle entre guillemets) ; ' +
    'si la règle a été enregistrée depuis (par une page ou l’API), 412 `PRECONDITION_ECHOUEE` et rien n’est enregistré. ' +
    'Deux enregistrements de la même règle passent l’un après l’autre. La réponse porte le nouvel `ETag`.',
  tags: ['Plateformes'],
  auth: 'admin',
  params: RegleParams,
  ifMatch: VERSION_REGLE,
  body: RegleBody,
  example: EXEMPLE_REGLE,
  etag: ETAG_REGLE_ENREGISTREE,
  response: { 200: RegleOut },
});
export const getRegleHistorique = defineRoute({
  method: 'GET',
  url: '/plateformes/regles/:id/historique',
  summary: 'Versions successives d’une règle de périmètre',
  tags: ['Plateformes'],
  auth: 'read',
  params: RegleParams,
  response: { 200: z.object({ data: z.array(z.record(z.string(), z.unknown())) }) },
});
