import { z } from 'zod';
import { defineRoute } from './route.ts';

// The decisions on accounts (issue 9 item 8): sign-ups of structures, user accounts, API keys —
// the history /gestion/structures, /admin/utilisateurs and /admin/cles show, through the API.
// Read by the gestionnaires of the structure's région and by administrators (403 otherwise).

const DecisionsSchema = z.object({
  data: z.array(
    z.object({
      at: z.string().describe('Horodatage ISO 8601'),
      action: z
        .string()
        .describe(
          'structure : inscription, approbation, refus, etablissement_ajoute, etablissement_retire ; ' +
            'utilisateur : creation, role (rôle et périmètre), desactivation, reactivation ; ' +
            'clé : creation, quota, revocation',
        ),
      acteur: z.string().describe('Qui a décidé (utilisateur:<courriel>, cle:<nom>, systeme:<origine>)'),
      auteur: z.string().describe('Le même, tel que les pages le montrent (« Nom (courriel) »)'),
      diff: z
        .unknown()
        .describe(
          'Le changement : liste de { champ, avant, apres } pour une structure (le motif d’un refus), ' +
            'champs modifiés pour un compte ou une clé',
        ),
    }),
  ),
});

const tags = ['Historique des décisions'];
const ERREURS = 'Réservé aux gestionnaires de la région de la structure et aux administrateurs (403).';

export const getDecisionsStructure = defineRoute({
  method: 'GET',
  url: '/structures/:siren/historique',
  summary: 'Décisions sur une structure : inscription, approbation, refus (motif), établissements',
  description: `${ERREURS} Un refus reste lisible après la suppression de la structure refusée.`,
  tags,
  auth: 'validateur',
  params: z.object({
    siren: z
      .string()
      .regex(/^\d{9}$/, 'SIREN attendu : 9 chiffres')
      .describe('SIREN de la structure (9 chiffres)'),
  }),
  response: { 200: DecisionsSchema },
});

export const getDecisionsUtilisateur = defineRoute({
  method: 'GET',
  url: '/utilisateurs/:id/historique',
  summary: 'Historique d’un compte : création, rôle et périmètre, désactivation, réactivation',
  description: `${ERREURS} Un compte sans structure (gestionnaire, instructeur, administrateur) : administrateurs seulement.`,
  tags,
  auth: 'validateur',
  params: z.object({ id: z.string().max(100).describe('Identifiant du compte') }),
  response: { 200: DecisionsSchema },
});

export const getDecisionsCle = defineRoute({
  method: 'GET',
  url: '/admin/cles/:id/historique',
  summary: 'Historique d’une clé d’API : création, quota, révocation (qui, quand)',
  description: `${ERREURS} Une clé sans SIREN : administrateurs seulement.`,
  tags,
  auth: 'validateur',
  params: z.object({ id: z.string().max(200).describe('Identifiant de la clé (« id » de GET /admin/cles)') }),
  response: { 200: DecisionsSchema },
});
