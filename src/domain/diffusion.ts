import type { Formation, Session } from './formation.schema.ts';

// docs/produit.md « Diffusion »: a closed recruitment (état « fermé ») is no longer shown to the public,
// but is still exported to partners (API, LHEO, CSV, platform feeds keep it).

export const sessionsPubliques = (f: Formation): Session[] =>
  f.sessions.filter((s) => s.etat_recrutement !== 'ferme');

/** Whether the public search and pages show this (already diffused) formation. */
export const montreeAuPublic = (f: Formation): boolean => sessionsPubliques(f).length > 0;
