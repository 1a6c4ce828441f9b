import { z } from 'zod';
import { LONGUEURS_MAX, STATUTS } from '../domain/formation.schema.ts';
import { ControleSchema } from './controles.ts';
import { EXEMPLE_RETOUR_A_CORRIGER } from './examples.ts';
import { IdParams } from './formations.schemas.ts';
import { defineRoute } from './route.ts';
import { VERSION_FORMATION } from './versions.ts';

const tags = ['Validation'];
const TransitionResponse = z.object({ id: z.string(), statut: z.enum(STATUTS), revision: z.boolean() });

/** The If-Match of the transitions that are not a review decision (as PUT /formations/{id}). */
const SI_MATCH =
  ' En-tête `If-Match` facultatif, comme pour `PUT /formations/{id}` : l’`ETag` de la formation lue ' +
  '(`GET /formations/{id}` avec une clé d’écriture) ; 412 `PRECONDITION_ECHOUEE` si elle a changé depuis, rien n’est fait. ' +
  'Sans l’en-tête, la formation telle qu’elle est au moment de l’appel.';

const step = (
  t: string,
  summary: string,
  description: string,
  body?: { schema: z.ZodObject; example: unknown },
  auth: 'write' | 'validateur' = 'write',
) =>
  defineRoute({
    method: 'POST',
    url: `/formations/:id/${t}`,
    summary,
    description,
    tags,
    auth,
    params: IdParams,
    ifMatch: VERSION_FORMATION,
    ...(body ? { body: body.schema, example: body.example } : {}),
    response: { 200: TransitionResponse },
  });

export const workflowRouteDefs = {
  publier: step(
    'publier',
    'Publier (soumettre à validation)',
    `Vérifie les champs obligatoires et les liste tous s’il en manque. Organisme propriétaire.${SI_MATCH}`,
  ),
  valider: step(
    'valider',
    'Valider une publication ou une révision',
    'Gestionnaire ou administrateur. La formation et ses sessions deviennent diffusées. ' +
      'En-tête `If-Match` facultatif : l’`ETag` de `GET /formations/{id}/revision` (ou de la formation) ; ' +
      '412 `PRECONDITION_ECHOUEE` si l’offre ou sa révision a changé depuis, rien n’est validé. ' +
      'Sans l’en-tête, la version du moment est validée.',
    undefined,
    'validateur',
  ),
  retourner: step(
    'retourner',
    'Retourner à l’organisme (à corriger)',
    'Gestionnaire ou administrateur, avec un commentaire. En-tête `If-Match` facultatif, comme pour `valider`.',
    {
      schema: z.object({ commentaire: z.string().trim().min(1).max(LONGUEURS_MAX.commentaire) }),
      example: EXEMPLE_RETOUR_A_CORRIGER,
    },
    'validateur',
  ),
  archiver: step(
    'archiver',
    'Archiver (conservée, plus diffusée)',
    'Organisme propriétaire, gestionnaire ou administrateur : toute formation ni archivée ni ' +
      'supprimée (409 `TRANSITION_INVALIDE` sinon). Le recrutement de chaque session encore ' +
      'ouvert est fermé dans la même transaction, une révision en attente est abandonnée ; republier ' +
      `la formation (\`publier\`) la renvoie en validation.${SI_MATCH}`,
  ),
  supprimer: step(
    'supprimer',
    'Supprimer (réversible par un gestionnaire)',
    'Organisme propriétaire : un brouillon jamais validé seulement ; toute autre ' +
      'formation (soumise, à corriger, publiée, archivée, ou brouillon validé une fois) répond 409 ' +
      '`TRANSITION_INVALIDE` (« … Archivez-la ») : archivez-la (`POST /formations/{id}/archiver`). ' +
      'Gestionnaire ou administrateur : toute formation qui n’est pas déjà supprimée. Une révision en ' +
      `attente est abandonnée ; \`restaurer\` la rend à son statut d’avant.${SI_MATCH}`,
  ),
  restaurer: step(
    'restaurer',
    'Restaurer une formation supprimée',
    `Gestionnaire ou administrateur.${SI_MATCH}`,
    undefined,
    'validateur',
  ),
} as const;

export const revisionRoute = defineRoute({
  method: 'GET',
  url: '/formations/:id/revision',
  summary: 'Révision en attente : différences champ par champ avec la version diffusée, et ses contrôles',
  description:
    'La réponse porte l’`ETag` fort de la formation : à renvoyer en `If-Match` avec `valider` ou `retourner` pour décider la version lue.',
  tags,
  auth: 'write',
  params: IdParams,
  etag: { de: VERSION_FORMATION },
  response: {
    200: z.object({
      id: z.string(),
      statut: z.enum(['en_attente_validation', 'a_corriger']),
      commentaire: z
        .string()
        .nullable()
        .describe(
          'commentaire du retour « à corriger » tant que la révision est à corriger ; null une fois soumise de nouveau',
        ),
      created_at: z.string(),
      created_by: z.string(),
      diff: z.array(z.object({ champ: z.string(), avant: z.unknown(), apres: z.unknown() })),
      controles: z
        .array(ControleSchema)
        .describe('résultat de chaque règle sur la révision, telle qu’elle serait une fois validée'),
      ecarts: z
        .object({
          corrige: z
            .array(z.string())
            .describe('codes en échec sur la version diffusée, plus sur la révision'),
          introduit: z
            .array(z.string())
            .describe('codes en échec sur la révision, pas sur la version diffusée'),
        })
        .describe('ce que valider la révision changerait aux échecs'),
    }),
  },
});
