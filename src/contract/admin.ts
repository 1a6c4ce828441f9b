import { z } from 'zod';
import { NOM_CLE_MAX, SCOPES } from '../domain/acteur.ts';
import { defineRoute } from './route.ts';
import { VERSION_PROFILS_CLE } from './versions.ts';

// API keys managed through the API (issue 12 item 7): the same service as `offre apikey` and /admin/cles.

const CleSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: z.string(),
  siren: z.string().nullable(),
  profils: z.array(z.string()).describe('Profils partenaires dont la clé lit les fichiers'),
  version: z
    .string()
    .describe(
      'Version des profils de la clé : à renvoyer entre guillemets dans l’en-tête If-Match de PUT /admin/cles/{id}/profils pour refuser (412) un enregistrement par-dessus un changement fait depuis la lecture',
    ),
  created_at: z.string(),
  created_by: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  quota_lecture: z
    .number()
    .nullable()
    .describe(
      'Lectures admises par fenêtre pour cette clé (null : quota par défaut, OFFRE_QUOTA_LECTURE_CLE)',
    ),
  quota_ecriture: z
    .number()
    .nullable()
    .describe(
      'Écritures admises par fenêtre pour cette clé (null : quota par défaut, OFFRE_QUOTA_ECRITURE_CLE)',
    ),
  etat: z.enum(['active', 'revoquee', 'expiree']),
  dernier_usage: z.string().nullable(),
  appels_par_jour: z.array(z.object({ jour: z.string(), appels: z.number() })),
  appels_30_jours: z.number(),
});

const ProfilsSchema = z
  .array(z.string().max(100))
  .max(20)
  .describe('profils partenaires dont la clé (portée read) lira les fichiers, ex. ["missions-locales"]');

export const getCles = defineRoute({
  method: 'GET',
  url: '/admin/cles',
  summary: 'Clés d’API : portée, SIREN, expiration, dernier usage, appels par jour (30 jours)',
  tags: ['Administration'],
  auth: 'admin',
  response: { 200: z.object({ data: z.array(CleSchema) }) },
});

const CleParams = z.object({
  id: z.string().max(200).describe('Identifiant de la clé (« id » de GET /admin/cles)'),
});

export const getCle = defineRoute({
  method: 'GET',
  url: '/admin/cles/:id',
  summary: 'Une clé d’API, telle que la liste la donne, avec l’ETag de ses profils',
  description:
    'La clé telle que `GET /admin/cles` la donne (404 CLE_INTROUVABLE si aucune n’a cet identifiant), avec l’en-tête `ETag` : la `version` de ses profils entre guillemets, à renvoyer en `If-Match` avec `PUT /admin/cles/{id}/profils`.',
  tags: ['Administration'],
  auth: 'admin',
  params: CleParams,
  etag: { de: VERSION_PROFILS_CLE, lu: (c: { version: string }) => c.version },
  response: { 200: CleSchema },
});

export const postCle = defineRoute({
  method: 'POST',
  url: '/admin/cles',
  summary: 'Crée une clé d’API ; le secret n’est renvoyé qu’une fois',
  tags: ['Administration'],
  auth: 'admin',
  body: z.object({
    name: z.string().max(NOM_CLE_MAX),
    scope: z.enum(SCOPES).default('read'),
    siren: z.string().max(20).nullish(),
    profils: ProfilsSchema.nullish(),
    expire: z.string().max(20).nullish().describe('dernier jour de validité, AAAA-MM-JJ'),
  }),
  example: { name: 'SI du CFA des Volcans', scope: 'read', expire: '2027-08-31' },
  response: {
    201: z.object({
      id: z.string(),
      name: z.string(),
      scope: z.string(),
      siren: z.string().nullable(),
      profils: z.array(z.string()),
      expires_at: z.string().nullable(),
      key: z.string(),
    }),
  },
});

export const postRevocation = defineRoute({
  method: 'POST',
  url: '/admin/cles/:id/revocation',
  summary: 'Révoque une clé aussitôt (l’appel suivant reçoit 401) ; inscrit dans l’historique',
  tags: ['Administration'],
  auth: 'admin',
  params: z.object({ id: z.string().max(200).describe('Identifiant de la clé (« id » de GET /admin/cles)') }),
  response: { 200: z.object({ id: z.string(), name: z.string(), revoked_at: z.string() }) },
});

export const putProfils = defineRoute({
  method: 'PUT',
  url: '/admin/cles/:id/profils',
  summary:
    'Remplace les profils partenaires d’une clé read (liste vide : aucun) ; inscrit dans l’historique et le journal',
  tags: ['Administration'],
  auth: 'admin',
  description:
    'En-tête `If-Match` facultatif : l’`ETag` de `GET /admin/cles/{id}` (la `version` des profils de la clé entre guillemets) ; ' +
    'si ses profils ont été modifiés depuis (par la page, la CLI ou l’API), 412 `PRECONDITION_ECHOUEE` et rien n’est enregistré. ' +
    'Sans l’en-tête, l’enregistrement remplace les profils tels qu’ils sont. La réponse porte le nouvel `ETag`.',
  params: CleParams,
  ifMatch: VERSION_PROFILS_CLE,
  etag: { de: VERSION_PROFILS_CLE, lu: (r: { version: string }) => r.version },
  body: z.object({ profils: ProfilsSchema }),
  example: { profils: ['missions-locales'] },
  response: {
    200: z.object({ id: z.string(), name: z.string(), profils: z.array(z.string()), version: z.string() }),
  },
});
