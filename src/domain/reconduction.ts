// Why the campaign rollover leaves an offer aside (services/rollover.service.ts), in the words
// the page and the CLI use.

import { accord, pluriel } from './pluriel.ts';

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

/**
 * Why the rollover leaves an offer of statut `statut` aside, its open revision's statut being
 * `revision` (undefined: none), or null when it rolls over: an offer waiting for its first
 * validation or returned « à corriger », or whose revision is (a write would change what the
 * gestionnaire decides or the organisation corrects; to a pending revision, it would be undone
 * when the revision, which lacks the new session, is validated).
 */
export function motifLaissee(statut: string, revision: string | undefined): MotifLaissee | null {
  if (statut === 'en_attente_validation' || statut === 'a_corriger') return statut;
  if (revision === undefined) return null;
  return revision === 'a_corriger' ? 'revision_a_corriger' : 'revision_en_attente_validation';
}

/**
 * The offers the rollover left aside, counted as the page and the CLI say it: « 3 formations en
 * attente de décision laissées de côté ».
 */
export const laisseesDeCote = (n: number): string =>
  pluriel(
    n,
    'formation en attente de décision laissée de côté',
    'formations en attente de décision laissées de côté',
  );

/** What to do with them, agreed with their number: « reconduisez-les une fois décidées ». */
export const reconduireUneFoisDecidees = (n: number): string =>
  accord(n, 'reconduisez-la une fois décidée', 'reconduisez-les une fois décidées');
