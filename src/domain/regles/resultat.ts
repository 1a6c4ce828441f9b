import { jourIsoLong, jourLong } from '../dates.ts';
import type { Provenance } from '../referentiel.ts';
import { faitEnFrancais } from './champs-referentiels.ts';
import { severiteDe } from './definitions.ts';
import type { Preuve, Provenant, ResultatControle, Severite } from './types.ts';

// Small builders so that every rule returns the same shape. The severity is the rule's own in the
// REGLES table (definitions.ts); `severite` is given only for a declared downgrade to an alert.

const builder =
  (resultat: ResultatControle['resultat']) =>
  (
    code: string,
    champ: string | null,
    message: string,
    preuves: readonly Preuve[] = [],
    severite: Severite = severiteDe(code),
  ): ResultatControle => ({ code, severite, resultat, champ, message, preuves });

export const passe = builder('passe');
export const echec = builder('echec');
export const nonApplicable = builder('non_applicable');

const NOMS_REFERENTIELS: Readonly<Record<string, string>> = {
  rncp: 'RNCP (France compétences)',
  bcn: 'BCN (diplômes)',
  mef: 'BCN MEF',
  sirene: 'Sirene (INSEE)',
  lpof: 'liste publique des organismes de formation (DGEFP)',
  acce: 'ACCE (UAI)',
  communes: 'communes',
  marches: 'marchés des financeurs',
};

/** "référentiel X non chargé", the message of a rule whose reference is absent. */
export function referentielAbsent(code: string, champ: string | null, kind: string): ResultatControle {
  const nom = NOMS_REFERENTIELS[kind] ?? kind;
  return nonApplicable(
    code,
    champ,
    `Contrôle non effectué : référentiel ${nom} non chargé (importez-le avec « offre referentiel import ${kind === 'mef' ? 'bcn' : kind} <fichier> »).`,
  );
}

/** Cites a reference run for a fact. */
export function preuve(p: Provenant, fait: string): Preuve[] {
  if (!p) return [];
  return [
    { kind: p.kind, fichier: p.fichier, date: p.date, importe_le: p.importe_le, run_id: p.run_id, fait },
  ];
}

/** " (source : export.zip du 22 février 2024, importé le 1er septembre 2026)": how a message names its source. */
export function source(p: Provenance | null | undefined): string {
  if (!p) return '';
  return ` (source : ${p.fichier}${p.date ? ` du ${jourIsoLong(p.date)}` : ''}, importé le ${p.importe_le ? jourLong(p.importe_le) : '?'})`;
}

/**
 * "communes trouvées (source : communes.csv du 2 novembre 2026, importé le 3 novembre 2026)": one
 * evidence as pages show it, the reference fields it cites in French (champs-referentiels.ts).
 */
export function preuveTexte(p: Preuve): string {
  return `${faitEnFrancais(p.fait)}${source(p)}`;
}
