// Why the campaign rollover leaves an offer aside (services/rollover.service.ts), in the words
// the page and the CLI use.

/** Why an offer is left aside: its own statut, or its open revision's. */
export type MotifLaissee =
  | 'en_attente_validation'
  | 'a_corriger'
  | 'revision_en_attente_validation'
  | 'revision_a_corriger';

/** Why the rollover leaves an offer aside, as the page and the CLI say it. */
export const MOTIFS_LAISSEE: Record<MotifLaissee, string> = {
  en_attente_validation: 'en attente de validation',
  a_corriger: 'retournée à l’organisme, à corriger',
  revision_en_attente_validation: 'modification en attente de validation',
  revision_a_corriger: 'modification retournée à l’organisme, à corriger',
};
