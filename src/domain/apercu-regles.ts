import type { UniteImport } from './import-apercu.ts';
import { nombre } from './nombres.ts';
import { pluriel } from './pluriel.ts';

// What the preview of an import (LHEO file or campaign workbook) says of the conformity rules:
// per formation updated, the blocking rules its change would introduce and clear, and how many
// formations would leave the diffusion; per formation created, the blocking rules it would fail,
// and how many would not be diffusable (services/imports/apercu-regles.ts computes them). One
// wording for the page, the command line and the API, whatever the format.

/** A blocking rule's failure, as the preview names it (RULES.md: the formation is Non réglementaire). */
export interface RegleBloquante {
  readonly code: string;
  /** The field it concerns (`formateur.siret`, `sessions[0].debut`), null for the formation. */
  readonly champ: string | null;
  readonly severite: 'bloquant';
  readonly message: string;
  /**
   * The session it names (`champ` « sessions[i]… »), by its id as the rules read it: stored, or
   * given for the preview's check. Internal: the report names the session by its place in the file.
   */
  readonly session_id?: string;
  /** The session's external key (its `numero` in an LHEO file), when it has one: how a file names it. */
  readonly session_cle?: string;
  /** An LHEO preview: the line of the session's `<session>` element in the file. */
  readonly ligne?: number;
  /** An LHEO preview: the session's element (`formation[3]/action[1]/session[2]`). */
  readonly element?: string;
}

/**
 * What an update would change in a formation's blocking rules (the preview only): the failures it
 * would introduce, those it would clear, and the catalogue before and after (a published formation:
 * its diffused version, then its revision once validated). A creation has the same shape: every
 * failure is introduced, none cleared, no catalogue before (null), never published.
 */
export interface ReglesModifiee {
  /**
   * The formation is published (diffused today), whoever writes it: its organisme (the change is a
   * revision, to validate) or a gestionnaire, an administrator, the command line (written at once).
   */
  readonly publiee: boolean;
  readonly introduites: RegleBloquante[];
  readonly levees: RegleBloquante[];
  /** null: the formation does not exist yet (the import would create it). */
  readonly catalogue_avant: 'general' | 'non_reglementaire' | null;
  readonly catalogue_apres: 'general' | 'non_reglementaire';
}

/**
 * The sentence of a preview whose `n` (> 0) formations updated would become non-diffusable
 * (the report's `non_diffusables`): the same on the page and the command line. `unite`: what the
 * report lists (an LHEO file's formations, a workbook's rows).
 */
export const phraseNonDiffusables = (n: number, unite: UniteImport = 'formation'): string =>
  `${n === 1 ? '1 formation mise à jour deviendrait non diffusable' : `${nombre(n)} formations mises à jour deviendraient non diffusables`} (Non réglementaire) : une règle bloquante échouerait. ` +
  `Une formation publiée reste diffusée jusqu’à ce qu’un gestionnaire valide sa révision ; corrigez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} avant d’appliquer (règles et messages de chaque ${unite} ci-dessous).`;

/** « Règles bloquantes introduites » / « Règle bloquante levée »: the heading of a formation's list. */
export const titreRegles = (n: number, quoi: 'introduites' | 'levees'): string =>
  `${n > 1 ? 'Règles bloquantes' : 'Règle bloquante'} ${quoi === 'introduites' ? 'introduite' : 'levée'}${n > 1 ? 's' : ''}`;

/** A rule's message, with the line of the file's session it names (an LHEO preview): « … (ligne 45 du fichier) ». */
export const messageRegle = (r: RegleBloquante): string =>
  r.ligne ? `${r.message} (ligne ${r.ligne} du fichier)` : r.message;

/** One rule as a line of text (command line, annotated workbook): « Règle bloquante introduite : CODE : message ». */
export const ligneRegle = (r: RegleBloquante, quoi: 'introduites' | 'levees'): string =>
  `${titreRegles(1, quoi)} : ${r.code} : ${messageRegle(r)}`;

/** A formation's rules as the command line prints them, one a line: « ! » introduced, « ✓ » cleared. */
export const lignesRegles = (r: ReglesModifiee | undefined): string[] =>
  r
    ? [
        ...r.introduites.map((x) => `! ${ligneRegle(x, 'introduites')}`),
        ...r.levees.map((x) => `✓ ${ligneRegle(x, 'levees')}`),
      ]
    : [];

/**
 * Does the update take a diffused formation out of the Catalogue général (at once, or once its
 * revision is validated)? Only a published one is diffused today: a draft or an offer awaiting its
 * first validation is not, whatever its catalogue (review 05/12: they were counted). A published
 * one written by a validateur (gestionnaire, administrator, command line) is no revision, and counts.
 */
export const devientNonDiffusable = (regles: ReglesModifiee | undefined): boolean =>
  !!regles?.publiee && regles.catalogue_avant === 'general' && regles.catalogue_apres === 'non_reglementaire';

/** The rules of a formation the import would create: its blocking failures, all « introduced ». */
export const reglesCreation = (
  introduites: RegleBloquante[],
  catalogue: 'general' | 'non_reglementaire',
): ReglesModifiee => ({
  publiee: false,
  introduites,
  levees: [],
  catalogue_avant: null,
  catalogue_apres: catalogue,
});

/**
 * Would the formation the import creates be Non réglementaire (a blocking rule fails)? Published,
 * it would not be diffused (not transmitted, not in the public search) until the rule passes.
 */
export const creeeNonDiffusable = (regles: ReglesModifiee | undefined): boolean =>
  !!regles && regles.catalogue_avant === null && regles.catalogue_apres === 'non_reglementaire';

/**
 * The sentence of a preview whose `n` (> 0) formations created would be Non réglementaire (the
 * report's `creees_non_diffusables`): the same on the page and the command line.
 */
export const phraseCreeesNonDiffusables = (n: number, unite: UniteImport = 'formation'): string =>
  `${n === 1 ? '1 formation créée ne serait pas diffusable' : `${nombre(n)} formations créées ne seraient pas diffusables`} (Non réglementaire) : une règle bloquante échouerait. ` +
  `Même publiée${n === 1 ? '' : 's'}, ${n === 1 ? 'elle ne serait ni transmise ni visible' : 'elles ne seraient ni transmises ni visibles'} dans la recherche tant que la règle échoue ; corrigez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} avant d’appliquer (règles et messages de chaque ${unite} ci-dessous).`;

/** One blocking rule's count over a preview's formations: in how many it would be introduced, cleared. */
export interface CompteRegle {
  readonly code: string;
  /** Formations (created or updated) where it would fail and does not fail today. */
  readonly introduites: number;
  /** Formations updated where it fails today and would pass. */
  readonly levees: number;
}

/** Per rule code, the formations whose rules introduce or clear it (once per formation), by code. */
export function comptesParCode(regles: Iterable<ReglesModifiee>): CompteRegle[] {
  const par = new Map<string, { introduites: number; levees: number }>();
  const compter = (codes: Iterable<string>, quoi: 'introduites' | 'levees') => {
    for (const code of new Set(codes)) {
      const c = par.get(code) ?? { introduites: 0, levees: 0 };
      c[quoi]++;
      par.set(code, c);
    }
  };
  for (const r of regles) {
    compter(
      r.introduites.map((x) => x.code),
      'introduites',
    );
    compter(
      r.levees.map((x) => x.code),
      'levees',
    );
  }
  return [...par].map(([code, c]) => ({ code, ...c })).sort((a, b) => a.code.localeCompare(b.code));
}

/** A rule's count as a sentence (command line): « ORG_SIRET_FORMAT : introduite dans 12 formations, levée dans 1 formation ». */
export const ligneCompteRegle = (c: CompteRegle): string =>
  `${c.code} : ${[
    c.introduites ? `introduite dans ${pluriel(c.introduites, 'formation', 'formations')}` : '',
    c.levees ? `levée dans ${pluriel(c.levees, 'formation', 'formations')}` : '',
  ]
    .filter(Boolean)
    .join(', ')}`;

/**
 * What the counts by code cover (page, command line); `max`: the formations each list names at
 * most; `complet`: whether a full report (CSV) is there to give every rule of every formation.
 */
export const phraseComptesRegles = (max: number, complet = true): string =>
  `Sur toutes les formations créées ou modifiées du fichier, listées ou non (chaque liste s’arrête aux ${nombre(max)} premières)${complet ? ' ; le rapport complet (CSV) donne chaque règle de chaque formation' : ''}.`;
