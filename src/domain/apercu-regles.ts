import type { UniteImport } from './import-apercu.ts';
import { nombre } from './nombres.ts';

// What the preview of an import (LHEO file or campaign workbook) says of the conformity rules:
// per formation updated, the blocking rules its change would introduce and clear, and how many
// formations would leave the diffusion (services/imports/apercu-regles.ts computes them). One
// wording for the page, the command line and the API, whatever the format.

/** A blocking rule's failure, as the preview names it (RULES.md: the formation is Non réglementaire). */
export interface RegleBloquante {
  readonly code: string;
  /** The field it concerns (`formateur.siret`, `sessions[0].debut`), null for the formation. */
  readonly champ: string | null;
  readonly severite: 'bloquant';
  readonly message: string;
}

/**
 * What an update would change in a formation's blocking rules (the preview only): the failures it
 * would introduce, those it would clear, and the catalogue before and after (a published formation:
 * its diffused version, then its revision once validated).
 */
export interface ReglesModifiee {
  /**
   * The formation is published (diffused today), whoever writes it: its organisme (the change is a
   * revision, to validate) or a gestionnaire, an administrator, the command line (written at once).
   */
  readonly publiee: boolean;
  readonly introduites: RegleBloquante[];
  readonly levees: RegleBloquante[];
  readonly catalogue_avant: 'general' | 'non_reglementaire';
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

/** One rule as a line of text (command line, annotated workbook): « Règle bloquante introduite : CODE : message ». */
export const ligneRegle = (r: RegleBloquante, quoi: 'introduites' | 'levees'): string =>
  `${titreRegles(1, quoi)} : ${r.code} : ${r.message}`;

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
