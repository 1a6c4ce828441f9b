import { diff } from './diff.ts';
import type { FormationSnap, SessionSnap } from './formation.snapshot.ts';

// The recruitment rule (PRODUCT.md « the recruitment state must be kept current »): a session's
// recruitment state (ouvert, suspendu, fermé) is operational data its organisme keeps current
// without validation. An organisme's edit of a published offer whose only differences from what it
// edits (the diffused version, or its open revision applied) are the `etat_recrutement` of sessions
// the diffused version has (same ids) is applied to the diffused version at once — no revision —
// and carried by the open revision, if any (validating it later does not undo it, its diff does not
// show it). Any other difference in the same edit goes the revision's way (services/formation.service.ts).

export type EtatRecrutement = SessionSnap['etat_recrutement'];

/**
 * The new recruitment states (session id → state) of the edit `saisie` of `vue` (what the organisme
 * edits), when they are its only differences and every session they touch is one of `diffusee`'s
 * (the diffused version); null otherwise (nothing changed, or anything else changed).
 */
export function recrutementsSeuls(
  diffusee: FormationSnap,
  vue: FormationSnap,
  saisie: FormationSnap,
): Map<string, EtatRecrutement> | null {
  const permis = new Map(diffusee.sessions.map((s) => [`sessions[${s.id}].etat_recrutement`, s.id]));
  const changes = diff(vue, saisie);
  if (changes.length === 0 || !changes.every((c) => permis.has(c.champ))) return null;
  return new Map(changes.map((c) => [permis.get(c.champ)!, c.apres as EtatRecrutement]));
}

/** `snap` with the recruitment states `etats` given to its sessions of those ids (the others as they are). */
export function avecRecrutements(
  snap: FormationSnap,
  etats: ReadonlyMap<string, EtatRecrutement>,
): FormationSnap {
  return {
    ...snap,
    sessions: snap.sessions.map((s) => {
      const etat = etats.get(s.id);
      return etat && etat !== s.etat_recrutement ? { ...s, etat_recrutement: etat } : s;
    }),
  };
}
