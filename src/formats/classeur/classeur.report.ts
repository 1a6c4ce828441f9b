import type { ReglesModifiee } from '../../domain/apercu-regles.ts';
import { nombre } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { periodeSession } from '../../domain/sessions-noms.ts';
import type { Cible, LigneValide } from './classeur.cibles.ts';
import type { Remarque } from './classeur.reader.ts';

// The per-row report of a workbook import (docs/contrat.md, `offre import classeur --json`).

export type Verdict = 'nouvelle' | 'modifiee' | 'fermee' | 'inchangee' | 'erreur';

/**
 * The session a `modifiee` row adds to its existing formation (classeur.plan.ts sessionAjoutee: a
 * new place, or a place without a session of the campaign), as the import writes it: its place
 * and dates (AAAA-MM-JJ). `nouveau_lieu`: a place the formation has no session at yet.
 */
export interface SessionAjoutee {
  readonly nouveau_lieu: boolean;
  readonly adresse: string | null;
  readonly code_postal: string | null;
  readonly commune: string | null;
  readonly debut: string | null;
  readonly fin: string | null;
  /**
   * The row is a copy of row `copiee_de` (the session as downloaded, whose reference it carries),
   * changed to add this session (classeur.doublons.ts lignesEnDouble). Absent otherwise.
   */
  readonly copiee_de?: number;
}

export interface LigneRapport {
  readonly ligne: number;
  readonly reference: string | null;
  /** The formation's title (the row's, else the stored one): tells rows apart. Absent from older reports. */
  readonly intitule?: string | null;
  readonly verdict: Verdict;
  /**
   * The row's change (modifiee, fermee) goes into a revision of a published formation, to be
   * validated by a gestionnaire; the diffused version stays until then. Absent from older reports.
   */
  readonly a_valider?: boolean;
  readonly champs: readonly string[];
  /**
   * On a `nouvelle` row after the first of its new formation (same organismes, certification and
   * title): the first row's number. This row adds a session to the formation that row creates.
   */
  readonly premiere_ligne?: number;
  /**
   * On a `nouvelle` row of an applied import: the id of the formation it created (its reference
   * is the empty cell of the workbook). Absent from previews and older reports.
   */
  readonly formation_creee?: string;
  /**
   * On a row without reference that finds the formation an earlier sending of the workbook created
   * (same organismes, certification and title): that formation's id. The row is compared with it.
   */
  readonly formation_existante?: string;
  /**
   * On a `modifiee` row that adds a session to its formation: that session (its other sessions do
   * not change). The row's place and date columns (in `champs`) are the new session's values.
   */
  readonly session_ajoutee?: SessionAjoutee;
  readonly erreurs: readonly Remarque[];
  readonly avertissements: readonly Remarque[];
  /**
   * The preview's (dry run) blocking rules its formation's update would introduce and clear, on
   * each row of a formation updated (modifiee, fermee without archiving it): the LHEO preview's
   * `modifiees[].regles` (services/imports/apercu-regles.ts); on each row of a new formation
   * (nouvelle), those its creation would fail (LHEO's `creees[].regles`); on a new row in error,
   * those the formation it would create once corrected would fail, but for the fields its errors
   * already name (services/import-classeur.apercu.ts reglesDesLignesEnErreur). Absent from an
   * applied import's report.
   */
  readonly regles?: ReglesModifiee;
}

export interface RapportClasseur {
  readonly totaux: Record<Verdict, number>;
  readonly lignes: readonly LigneRapport[];
  /**
   * An import applied from a stored preview (the Imports pages) whose rows came out otherwise than
   * the preview said — the offer changed in between, and the application computes its own
   * analysis: the rows that differ (their numbers). Absent when none does, and from previews.
   */
  readonly apercu_recalcule?: { readonly lignes: readonly number[] };
  /**
   * The preview only: formations updated that would leave the Catalogue général (published ones,
   * once their revision is validated), as the LHEO preview's `non_diffusables`.
   */
  readonly non_diffusables?: number;
  /** The preview only: formations the new rows would create that would be Non réglementaire, as LHEO's `creees_non_diffusables`. */
  readonly creees_non_diffusables?: number;
  /** SHA-256 of the file, and when the same file was last applied (ISO), if ever. */
  readonly fichier?: { readonly empreinte: string; readonly deja_importe_le: string | null };
}

/**
 * The row codes of a formation outside the importer's perimeter, when they are the row's as a whole
 * (no column): CLASSEUR_HORS_REGION (a gestionnaire, a formation with no session in its régions),
 * CLASSEUR_AUTRE_ORGANISME (an organisme, a row of another organisme's offer). Such a row is not to
 * be corrected but imported by whoever may: the summary says so (domain/import-apercu.ts). A
 * CLASSEUR_HORS_REGION on the « Code postal » column (a place moved out of the régions) is to be
 * corrected.
 */
const HORS_PERIMETRE: ReadonlySet<string> = new Set(['CLASSEUR_HORS_REGION', 'CLASSEUR_AUTRE_ORGANISME']);

/** Is row `l` refused only because its formation is outside the importer's perimeter (HORS_PERIMETRE)? */
export function horsPerimetre(l: Pick<LigneRapport, 'verdict' | 'erreurs'>): boolean {
  return (
    l.verdict === 'erreur' &&
    l.erreurs.length > 0 &&
    l.erreurs.every((e) => HORS_PERIMETRE.has(e.code) && e.colonne === '')
  );
}

/** The counts the advice of a workbook's report depends on (domain/import-apercu.ts conseilApercu). */
export function comptesConseil(r: RapportClasseur) {
  const t = r.totaux;
  return {
    erreurs: t.erreur,
    applicables: t.nouvelle + t.modifiee + t.fermee,
    horsPerimetre: r.lignes.filter(horsPerimetre).length,
  };
}

/**
 * Row number → position in `lignes`, built once per array (WeakMap on it): valid while its rows
 * are only replaced, never added or moved — so only once every row of the workbook is read.
 */
const INDEX = new WeakMap<readonly LigneRapport[], ReadonlyMap<number, number>>();
export function indexDesLignes(lignes: readonly LigneRapport[]): ReadonlyMap<number, number> {
  const deja = INDEX.get(lignes);
  if (deja) return deja;
  const index = new Map(lignes.map((l, i) => [l.ligne, i]));
  INDEX.set(lignes, index);
  return index;
}

/** Adds `remarque` to the warnings of row `ligne` in `lignes` (every row read). */
export function avertirLigne(lignes: LigneRapport[], ligne: number, remarque: Remarque): void {
  const i = indexDesLignes(lignes).get(ligne)!;
  const l = lignes[i]!;
  lignes[i] = { ...l, avertissements: [...l.avertissements, remarque] };
}

/** Replaces each row of `cible` in `lignes` (every row read) by `f(its report row, its read row)`. */
export function remplacerLignes(
  lignes: LigneRapport[],
  cible: Cible,
  f: (ligne: LigneRapport, l: LigneValide) => LigneRapport,
): void {
  const index = indexDesLignes(lignes);
  for (const l of cible.lignes) {
    const i = index.get(l.ligne)!;
    lignes[i] = f(lignes[i]!, l);
  }
}

export function rapportDe(lignes: readonly LigneRapport[]): RapportClasseur {
  const totaux: Record<Verdict, number> = { nouvelle: 0, modifiee: 0, fermee: 0, inchangee: 0, erreur: 0 };
  for (const l of lignes) totaux[l.verdict]++;
  return { totaux, lignes: [...lignes].sort((a, b) => a.ligne - b.ligne) };
}

/** Plain-French summary for the CLI and the Imports pages. */
export function resumeRapport(r: RapportClasseur): string {
  const t = r.totaux;
  const aValider = r.lignes.filter((l) => l.a_valider).length;
  const validation = aValider ? ` ; ${aValider} à valider par un gestionnaire` : '';
  // New rows of one new formation (premiere_ligne) are its sessions: said when they are not one each.
  const formations = r.lignes.filter(
    (l) => l.verdict === 'nouvelle' && l.premiere_ligne === undefined,
  ).length;
  const nouvelles =
    formations < t.nouvelle
      ? ` (${pluriel(formations, 'nouvelle formation', 'nouvelles formations')}, ${pluriel(t.nouvelle, 'session', 'sessions')})`
      : '';
  return `${pluriel(t.nouvelle, 'nouvelle', 'nouvelles')}${nouvelles}, ${pluriel(t.modifiee, 'modifiée', 'modifiées')}, ${pluriel(t.fermee, 'fermée', 'fermées')}, ${pluriel(t.inchangee, 'inchangée', 'inchangées')}, ${nombre(t.erreur)} en erreur${validation}`;
}

const RESULTATS: Readonly<Record<Verdict, string>> = {
  nouvelle: 'Nouvelle',
  modifiee: 'Modifiée',
  fermee: 'Fermée',
  inchangee: 'Inchangée',
  erreur: 'Erreur',
};

/** A row's result as people read it: its verdict, or the change that awaits validation (a_valider). */
export function resultatLigne(l: Pick<LigneRapport, 'verdict' | 'a_valider' | 'premiere_ligne'>): string {
  if (l.verdict === 'nouvelle' && l.premiere_ligne !== undefined)
    return `Nouvelle session (formation de la ligne ${l.premiere_ligne})`;
  if (l.a_valider) return l.verdict === 'fermee' ? 'Fermeture à valider' : 'Modification à valider';
  return RESULTATS[l.verdict];
}

/**
 * The session a row adds, as the report says it: « (nouveau lieu : Lyon 3e Arrondissement, du 1er
 * septembre 2027 au 30 juin 2029) » — the place by its commune (else its address, its postal code).
 */
export function parentheseSessionAjoutee(s: SessionAjoutee): string {
  const lieu = s.commune ?? s.adresse ?? s.code_postal ?? 'lieu sans adresse';
  const periode = periodeSession(s);
  return `(${s.nouveau_lieu ? 'nouveau lieu' : 'lieu'} : ${lieu}${periode ? `, ${periode}` : ''})`;
}

/**
 * The detail of a row adding a session to formation `intitule` (the Imports page): « Session
 * ajoutée (nouveau lieu : …, du … au …) à la formation « BTS MCO » ; ses autres sessions ne
 * changent pas. »
 */
export function phraseSessionAjoutee(s: SessionAjoutee, intitule: string | null | undefined): string {
  const copie = s.copiee_de !== undefined ? ` (ligne copiée de la ligne ${s.copiee_de})` : '';
  return `Session ajoutée ${parentheseSessionAjoutee(s)} ${intitule ? `à la formation « ${intitule} »` : 'à la formation'}${copie} ; ses autres sessions ne changent pas.`;
}

/** What a row's result is made of, its wording aside (a preview speaks in the future tense). */
function issue(l: LigneRapport): string {
  const codes = (r: readonly Remarque[]) => r.map((x) => `${x.colonne}|${x.code}`).sort();
  return JSON.stringify([
    l.verdict,
    !!l.a_valider,
    l.premiere_ligne ?? null,
    [...l.champs].sort(),
    codes(l.erreurs),
    codes(l.avertissements),
  ]);
}

/**
 * The rows whose result, once applied, is not the one `apercu` announced (verdict, columns
 * changed, errors and warnings by code): the offer changed between the preview and the
 * application, which analyses the workbook again. A row only one of them has counts too.
 */
export function lignesAutrementQueLApercu(apercu: RapportClasseur, applique: RapportClasseur): number[] {
  const avant = new Map(apercu.lignes.map((l) => [l.ligne, issue(l)]));
  const apres = new Map(applique.lignes.map((l) => [l.ligne, issue(l)]));
  const toutes = new Set([...avant.keys(), ...apres.keys()]);
  return [...toutes].filter((n) => avant.get(n) !== apres.get(n)).sort((a, b) => a - b);
}

/** Rows named at most in the notice of a recomputed preview. */
const LIGNES_NOMMEES = 10;

/**
 * The notice of an import applied from a preview that the offer's changes made stale (the page
 * and whoever shows a stored application): what happened, and which rows differ.
 */
export function messageApercuRecalcule(lignes: readonly number[]): string {
  const nommees = lignes.slice(0, LIGNES_NOMMEES).join(', ');
  const reste = lignes.length > LIGNES_NOMMEES ? ` et ${nombre(lignes.length - LIGNES_NOMMEES)} autres` : '';
  return `Les données ont changé depuis l’aperçu : l’aperçu a été recalculé au moment d’appliquer, et ${
    lignes.length === 1 ? 'une ligne a' : `${nombre(lignes.length)} lignes ont`
  } un autre résultat que celui qu’il annonçait (${lignes.length === 1 ? 'ligne' : 'lignes'} ${nommees}${reste}). Le détail ci-dessous est ce qui a été appliqué.`;
}
