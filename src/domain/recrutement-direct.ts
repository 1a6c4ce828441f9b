import { type Change, diff } from './diff.ts';
import type { SessionSnap } from './formation.snapshot.ts';

// The recruitment rule (PRODUCT.md « the recruitment state must be kept current »): a session's
// recruitment state (ouvert, suspendu, fermé) is operational data its organisme keeps current
// without validation. An organisme's edit of a published offer whose only differences from what it
// edits (the diffused version, or its open revision applied) are the `etat_recrutement` of sessions
// the diffused version has (same ids) is applied to the diffused version at once — no revision —
// and carried by the open revision, if any (validating it later does not undo it, its diff does not
// show it); a revision left with nothing else to propose is abandoned. Any other difference in the
// same edit goes the revision's way (services/formation.service.ts). The workbook's report reads the
// same decision (formats/classeur/classeur.recrutement.ts), on the versions as inputs.

export type EtatRecrutement = SessionSnap['etat_recrutement'];

/** A version of a formation as the rule reads it: a snapshot (the store) or an input (the workbook). */
export interface AvecSessions {
  readonly sessions: readonly { readonly id?: string | null; readonly etat_recrutement?: EtatRecrutement }[];
}

/**
 * The new recruitment states (session id → state) of the edit `saisie` of `vue` (what the organisme
 * edits), when they are its only differences and every session they touch is one of `diffusee`'s
 * (the diffused version); null otherwise (nothing changed, or anything else changed).
 */
export function recrutementsSeuls(
  diffusee: AvecSessions,
  vue: AvecSessions,
  saisie: AvecSessions,
): Map<string, EtatRecrutement> | null {
  const permis = new Map<string, string>(
    diffusee.sessions.flatMap((s) => (s.id ? [[`sessions[${s.id}].etat_recrutement`, s.id]] : [])),
  );
  const changes = diff(vue, saisie);
  if (changes.length === 0 || !changes.every((c) => permis.has(c.champ))) return null;
  return new Map(changes.map((c) => [permis.get(c.champ)!, c.apres as EtatRecrutement]));
}

/** `snap` with the recruitment states `etats` given to its sessions of those ids (the others as they are). */
export function avecRecrutements<F extends AvecSessions>(
  snap: F,
  etats: ReadonlyMap<string, EtatRecrutement>,
): F {
  return {
    ...snap,
    sessions: snap.sessions.map((s) => {
      const etat = s.id ? etats.get(s.id) : undefined;
      return etat && etat !== s.etat_recrutement ? { ...s, etat_recrutement: etat } : s;
    }),
  };
}

/** What the rule writes (effetRecrutement). */
export interface EffetRecrutement<F extends AvecSessions> {
  /** The diffused version with the new states, written at once. */
  readonly diffusee: F;
  /** Its changes (`sessions[…].etat_recrutement`), never empty. */
  readonly changes: Change[];
  /**
   * The open revision's content with the same states, which it carries; null when no revision is
   * open, or when it no longer differs from the new diffused version (`revisionAbandonnee`).
   */
  readonly revision: F | null;
  /** The open revision had nothing else to propose: it is abandoned. */
  readonly revisionAbandonnee: boolean;
}

/**
 * What the recruitment states `etats` (recrutementsSeuls) write: on the diffused version `diffusee`
 * at once, and on `vue` (the diffused version with the open revision applied) when a revision is
 * open (`revisionOuverte`), abandoned when that leaves it equal to the diffused version. Null when
 * the diffused version would not change (the revision's own pending value taken back: the
 * revision's way, not the rule's).
 */
export function effetRecrutement<F extends AvecSessions>(
  diffusee: F,
  vue: F,
  etats: ReadonlyMap<string, EtatRecrutement>,
  revisionOuverte: boolean,
): EffetRecrutement<F> | null {
  const nouvelle = avecRecrutements(diffusee, etats);
  const changes = diff(diffusee, nouvelle);
  if (changes.length === 0) return null;
  if (!revisionOuverte) return { diffusee: nouvelle, changes, revision: null, revisionAbandonnee: false };
  const revision = avecRecrutements(vue, etats);
  const abandonnee = diff(nouvelle, revision).length === 0;
  return {
    diffusee: nouvelle,
    changes,
    revision: abandonnee ? null : revision,
    revisionAbandonnee: abandonnee,
  };
}
