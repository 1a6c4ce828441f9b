import { type Change, diff } from './diff.ts';
import { REGLES } from './regles/definitions.ts';
import { HORS_DIFFUSION } from './statut.ts';

// A formation's history as a reader follows it, from its entries as stored (table `historique`,
// oldest first):
// - a revision entry (`entite = 'revision'`, action `revision`) stores the whole revision against
//   the diffused version (what a gestionnaire validates): each one is read as what its own write
//   changed (`parEcriture`), its abandonment as the proposal taken back;
// - the update that applies a validated revision is written by the gestionnaire who validated it,
//   but its changes are the revision's authors' (`avecValidations`);
// - an entry written by an import says so (`origine`, migration 0990; `origineImport`).

/** A stored history entry, as the services read it. */
export interface EntreeHistorique {
  readonly entite: string;
  readonly entite_id: string;
  readonly action: string;
  /** `utilisateur:<courriel>`, `cle:<nom>`, `systeme:<quoi>` (domain/acteur.ts acteurLabel). */
  readonly acteur: string;
  readonly at: string | Date;
  readonly diff: readonly Change[];
  /** The import that wrote it: `lheo`, `classeur`; null otherwise (column `historique.origine`). */
  readonly origine?: string | null;
}

export const ORIGINES_HISTORIQUE = ['lheo', 'classeur'] as const;
export type OrigineHistorique = (typeof ORIGINES_HISTORIQUE)[number];

/**
 * The import an entry came from: its stored `origine`, else (entries written before migration
 * 0990) the command line's import actors `systeme:import-lheo`, `systeme:import-classeur`; null
 * for a write that no import made.
 */
export function origineImport(acteur: string, origine?: string | null): OrigineHistorique | null {
  if (origine === 'lheo' || origine === 'classeur') return origine;
  if (acteur === 'systeme:import-lheo') return 'lheo';
  if (acteur === 'systeme:import-classeur') return 'classeur';
  return null;
}

/**
 * What one write of a revision changed, from two states of it, each a diff against the same
 * diffused version: `avant` (the revision before the write) and `apres`. A field both name is
 * compared between the two proposals (field by field inside a session); a field only `apres`
 * names goes from its diffused value; a field only `avant` named goes back to its diffused value
 * (`retour`: what the revision proposed, taken back).
 */
export function entreDeuxRevisions(avant: readonly Change[], apres: readonly Change[]): Change[] {
  const avantPar = new Map(avant.map((c) => [c.champ, c]));
  const apresPar = new Set(apres.map((c) => c.champ));
  const out: Change[] = [];
  for (const c of apres) {
    const a = avantPar.get(c.champ);
    out.push(...(a ? diff(a.apres, c.apres, c.champ) : [c]));
  }
  for (const a of avant)
    if (!apresPar.has(a.champ)) out.push({ champ: a.champ, avant: a.apres, apres: a.avant, retour: true });
  return out;
}

/**
 * The entries with each revision write (`action = 'revision'`) carrying what that write changed
 * instead of the whole revision: its first write as stored (against the diffused version), each
 * later one against the same revision's previous write (`entreDeuxRevisions`); its abandonment
 * (`revision_abandonnee`, the offer written back to its published version) as each field the
 * revision last proposed going back to its diffused value. After a write of
 * the formation itself (create, update: the diffused version moved) the next revision write is
 * left as stored. Pure; no entry is added or removed.
 */
export function parEcriture<T extends EntreeHistorique>(entrees: readonly T[]): T[] {
  const precedente = new Map<string, readonly Change[]>();
  return entrees.map((e) => {
    if (e.entite === 'formation' && (e.action === 'create' || e.action === 'update')) precedente.clear();
    if (e.entite !== 'revision') return e;
    if (e.action !== 'revision') {
      const avant = precedente.get(e.entite_id);
      if (e.action === 'revision_abandonnee' || e.action === 'revision_validee')
        precedente.delete(e.entite_id);
      // The write that brought the offer back to its published version took each field the
      // revision proposed back to its diffused value: that is what it changed (stored empty).
      return e.action === 'revision_abandonnee' && avant && e.diff.length === 0
        ? { ...e, diff: entreDeuxRevisions(avant, []) }
        : e;
    }
    const avant = precedente.get(e.entite_id);
    precedente.set(e.entite_id, e.diff);
    return avant ? { ...e, diff: entreDeuxRevisions(avant, e.diff) } : e;
  });
}

/** An entry as a page lists it (`avecValidations`). */
export type EntreeLue<T> = T & {
  /** The validated revision's writes, one per author (acteur and origine), oldest first. */
  readonly auteurs?: readonly T[];
  /** The revision's `revision_validee` entry, folded into this one: who validated it, when. */
  readonly validation?: T;
};

const instant = (d: string | Date) => new Date(d).getTime();

/**
 * The entries as a page lists them (oldest first): the formation's update that applied a
 * validated revision — followed by that revision's `revision_validee` entry, written in the same
 * transaction at the same instant — carries the revision's authors (`auteurs`: its `revision`
 * entries, one per acteur and origine) and its `validation`, the `revision_validee` entry folded
 * into it. Without an author in the list (a reader who does not see revision entries) both are
 * left as they are. Pure, one pass over the list.
 */
export function avecValidations<T extends EntreeHistorique>(entrees: readonly T[]): EntreeLue<T>[] {
  const auteurs = new Map<string, T[]>();
  for (const e of entrees) {
    if (e.entite !== 'revision' || e.action !== 'revision') continue;
    const liste = auteurs.get(e.entite_id) ?? [];
    auteurs.set(e.entite_id, liste);
    if (!liste.some((a) => a.acteur === e.acteur && (a.origine ?? null) === (e.origine ?? null)))
      liste.push(e);
  }
  const out: EntreeLue<T>[] = [];
  for (let i = 0; i < entrees.length; i++) {
    const e = entrees[i]!;
    const v = entrees[i + 1];
    const de = v ? auteurs.get(v.entite_id) : undefined;
    if (
      v &&
      de &&
      e.entite === 'formation' &&
      e.action === 'update' &&
      v.entite === 'revision' &&
      v.action === 'revision_validee' &&
      instant(v.at) === instant(e.at)
    ) {
      out.push({ ...e, auteurs: de, validation: v });
      i++;
    } else out.push(e);
  }
  return out;
}

/**
 * The entries as every history page lists them, the organisme's and the gestionnaire's alike:
 * folded (`avecValidations`), newest first, as a timeline reads. `auFil` derives, from the entries
 * oldest first, what each one needs as of its time (`nomsAuFil`: its sessions' names then); each
 * entry is given its own (`au`, undefined without `auFil`). The one order of the history pages.
 */
export function chronologie<T extends EntreeHistorique, A = undefined>(
  entrees: readonly T[],
  auFil?: (lues: readonly EntreeLue<T>[]) => readonly A[],
): { readonly entree: EntreeLue<T>; readonly au: A | undefined }[] {
  const lues = avecValidations(entrees);
  const derives = auFil?.(lues) ?? [];
  return lues.map((entree, i) => ({ entree, au: derives[i] })).reverse();
}

/**
 * The change a revision validated « malgré tout » records in its `revision_validee` entry: the
 * codes of the blocking rules that took the offer out of diffusion (services/gestion
 * validateOffre, confirmation RETRAIT_A_CONFIRMER). The one field name of that record.
 */
export const CHAMP_HORS_DIFFUSION = 'hors_diffusion';

/** The `revision_validee` entry's change of a validation « malgré tout », for `codes` (sorted, once each). */
export const changeHorsDiffusion = (codes: readonly string[]): Change => ({
  champ: CHAMP_HORS_DIFFUSION,
  avant: null,
  apres: [...new Set(codes)].sort(),
});

/** The blocking rules a validation « malgré tout » recorded in `e` (its `validation` when folded), else null. */
export function horsDiffusionDe(e: {
  readonly diff: readonly Change[];
  readonly validation?: { readonly diff: readonly Change[] };
}): string[] | null {
  const c = (e.validation ?? e).diff.find((x) => x.champ === CHAMP_HORS_DIFFUSION);
  return c && Array.isArray(c.apres) && c.apres.length ? c.apres.map(String) : null;
}

const LIBELLE_REGLE = new Map(REGLES.map((r) => [r.code, r.libelle]));

/**
 * How a history says a validation « malgré tout »: « Validée malgré tout : l’offre est « Publiée —
 * hors diffusion » (règle bloquante en échec : SESSION_DATES, Dates de session valides) », the
 * statut as every page names it (statut.ts HORS_DIFFUSION). The one wording of the organisme's
 * and the gestionnaire's histories.
 */
export function phraseHorsDiffusion(codes: readonly string[]): string {
  const regles = codes.map((c) => (LIBELLE_REGLE.has(c) ? `${c}, ${LIBELLE_REGLE.get(c)}` : c));
  const quoi = codes.length > 1 ? 'règles bloquantes en échec' : 'règle bloquante en échec';
  return `Validée malgré tout : l’offre est « ${HORS_DIFFUSION} » (${quoi} : ${regles.join(' ; ')})`;
}

/**
 * The changes that carry a gestionnaire's return comment: `commentaire` in a `revision_retournee`
 * entry, `commentaire_gestionnaire` in a `retourner` one (services/workflow.service.ts). Only a
 * return gives them a comment (a validation clears the offer's).
 */
const CHAMPS_RETOUR = new Set(['commentaire', 'commentaire_gestionnaire']);

/** Does `champ` carry a gestionnaire's return comment (CHAMPS_RETOUR)? */
export const estCommentaireDeRetour = (champ: string): boolean => CHAMPS_RETOUR.has(champ);

/**
 * `diff` without a gestionnaire's return comments (CHAMPS_RETOUR), for a reader outside the
 * exchange between the organisation and the gestionnaires of its région: the entry stays.
 */
export const sansCommentairesDeRetour = <D extends { champ: string }>(diff: readonly D[]): D[] =>
  diff.filter((d) => !CHAMPS_RETOUR.has(d.champ));

/**
 * A return for correction as a history reads it, an event rather than a field's before → after:
 * « Retournée à l’organisme pour correction : « Précisez le lieu. » »; null for any other change
 * (and for a comment cleared).
 */
export function phraseRetour(champ: string, apres: unknown): string | null {
  if (!CHAMPS_RETOUR.has(champ) || typeof apres !== 'string' || !apres.trim()) return null;
  return `Retournée à l’organisme pour correction : « ${apres.trim()} »`;
}

const estObjet = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A certification's code field (`certification.rncp`, `.cfd`), read « code – titre » when its title is known. */
export const CODE_CERTIFICATION = /^certification\.(rncp|cfd)$/;

/**
 * The certification codes the changes name, to look their titles up: a whole certification's
 * (RNCP/RS, else CFD), and each code a change of `certification.rncp` or `.cfd` gives or takes.
 */
export function codesCertification(diff: readonly { champ: string; avant: unknown; apres: unknown }[]) {
  const out = new Set<string>();
  for (const d of diff)
    for (const v of [d.avant, d.apres]) {
      if (d.champ === 'certification' && estObjet(v) && (v.rncp || v.cfd)) out.add(String(v.rncp ?? v.cfd));
      if (CODE_CERTIFICATION.test(d.champ) && typeof v === 'string' && v) out.add(v);
    }
  return [...out];
}
