import { caractereInterdit, messageCaractere, surUneLigne } from '../../domain/caracteres-texte.ts';
import { lireCodePostalCedex } from '../../domain/commune.ts';
import { isCourriel, MESSAGE_COURRIEL } from '../../domain/courriel.ts';
import { calendarDay } from '../../domain/dates.ts';
import { LONGUEURS_MAX } from '../../domain/formation.schema.ts';
import { sansEspaces } from '../../domain/identifiants.ts';
import { isInconnu } from '../../domain/inconnu.ts';
import { longueur } from '../../domain/issue-zod.ts';
import { nombre } from '../../domain/nombres.ts';
import { isTelephonePossible, MESSAGE_TELEPHONE, numeroTelephone } from '../../domain/telephone.ts';
import type { Colonne } from './classeur.columns.ts';

// One canonical text per cell, for both sides of the comparison: what the export writes, what a
// person types back ("1;2", "Oui", "01/09/2027", a French-locale 1,2 read as 1.2), and what the
// store holds all reduce to the same string, so "changed" means the meaning changed.

export type Canonique = { ok: true; valeur: string | null } | { ok: false; code: string; message: string };

/** The bounds of an `entier` column that names none (capacité: formation.schema.ts). */
const ENTIER = { min: 0, max: 100_000 };

/**
 * Whether cell `brut` of column `c` is a placeholder (src/domain/inconnu.ts): its value unknown,
 * the stored one kept. A number typed in the postal code, a duration, the years or the capacity
 * (« 99999 », « 00000 ») is a value to check as the session form checks it, never a placeholder:
 * the row is refused with the column's error rather than left unchanged. So is a code typed in
 * « Code diplôme (CFD) » or « Code RNCP » (« 99999999 », « 00000 »): taken as typed, as the
 * formation form takes it, and checked by the rules (a CFD absent from the BCN fails its rule).
 */
export function valeurInconnue(c: Colonne, brut: string | null): boolean {
  if (!isInconnu(brut)) return false;
  const nombre =
    c.cle === 'codePostal' ||
    c.cle === 'cfd' ||
    c.cle === 'rncp' ||
    c.genre === 'entier' ||
    c.genre === 'annees';
  return !(nombre && /^[\d\s.]+$/.test(brut!.trim()));
}

const ok = (valeur: string | null): Canonique => ({ ok: true, valeur });
const ko = (code: string, message: string): Canonique => ({ ok: false, code, message });

export function canoniser(col: Colonne, brut: string | null): Canonique {
  // A placeholder ('-', « Non renseigné », 00000000000000) says nothing (src/domain/inconnu.ts).
  if (brut === null || brut.trim() === '' || valeurInconnue(col, brut)) return ok(null);
  const s = brut.trim();
  // A postal code too long because it carries a CEDEX mention (« 53012 CEDEX », as on an
  // envelope): said as such, as the session form and the API say it (domain/commune.ts).
  if (col.cle === 'codePostal' && col.max && s.length > col.max && lireCodePostalCedex(s))
    return ko(
      'CLASSEUR_CODE_POSTAL_CEDEX',
      `« ${s} » : un code postal s’écrit en 5 chiffres, sans la mention CEDEX : écrivez-les dans « Code postal », et la mention CEDEX après le nom de la commune (colonne « Commune »), qui situe le lieu.`,
    );
  // A CFD too long is most often another code typed in its cell (an RNCP code): say what it holds.
  if (col.cle === 'cfd' && col.max && s.length > col.max)
    return ko(
      'CLASSEUR_VALEUR_TROP_LONGUE',
      `« ${s} » n’est pas un code diplôme (CFD) : un CFD compte 8 caractères, chiffres et lettres (ex. « 32031309 »)${/^(RNCP|RS)\s*\d/i.test(s) ? ` ; « ${s} » ressemble à un code RNCP, qui s’écrit dans la colonne « Code RNCP »` : ''}.`,
    );
  // Characters as the schema counts them (code points: an emoji is one), counted only when the
  // UTF-16 length passes the bound (a text has no more code points than UTF-16 units).
  if (col.max && s.length > col.max && longueur(s) > col.max)
    return ko(
      'CLASSEUR_VALEUR_TROP_LONGUE',
      `Texte trop long : ${nombre(longueur(s))} caractères, ${nombre(col.max)} au plus.`,
    );
  // A French postal code: five digits, spaces dropped (« 01 090 » is 01090). A code of four
  // digits in a text cell is left as typed (a digit lost at either end: « 6900 » for 69001 is no
  // 06900); the reader puts back the leading zero of one typed as a number (classeur.reader.ts).
  if (col.cle === 'codePostal') {
    const d = sansEspaces(s);
    if (/^\d{5}$/.test(d)) return ok(d);
  }
  switch (col.genre) {
    case 'texte': {
      // The characters no text of the store may hold, as every channel refuses them
      // (src/domain/caracteres-texte.ts): a line break only in the objectif's cell.
      // A break typed in a one-line cell (Alt+Entrée) is layout: the cell reads on one line.
      const multiligne = col.cle === 'objectif';
      const t = multiligne ? s : surUneLigne(s);
      const interdit = caractereInterdit(t, multiligne);
      if (interdit) return ko('CLASSEUR_CARACTERE_INTERDIT', `${messageCaractere(interdit, multiligne)}.`);
      // Each replacement only when it changes something (most texts have nothing to change): a
      // run of blanks is a tab or two spaces; a break to tidy has a blank next to it.
      const u = /\t| {2}/.test(t) ? t.replace(/[ \t]+/g, ' ') : t;
      return ok(/\s\n|\n\s/.test(u) ? u.replace(/\s*\n\s*/g, '\n') : u);
    }
    case 'siret': {
      // Blanks and dots are layout (« 130 025 265 00013 »). What is left is stored as typed when a
      // formation can hold it, 14 digits or not: a SIRET of 13 digits, a wrong Luhn key or « abc »
      // is readable but non-compliant, stored and flagged by the blocking rule ORG_SIRET_FORMAT
      // (RULES.md), as LHEO and the API do. Only what no formation can hold is refused here.
      const d = s.replace(/[\s.]/g, '');
      if (/^\d{14}$/.test(d)) return ok(d);
      const interdit = caractereInterdit(d);
      if (interdit)
        return ko('CLASSEUR_SIRET_INVALIDE', `« ${s} » n’est pas un SIRET : ${messageCaractere(interdit)}.`);
      if (longueur(d) > LONGUEURS_MAX.siret)
        return ko(
          'CLASSEUR_SIRET_INVALIDE',
          `« ${s} » n’est pas un SIRET : ${nombre(longueur(d))} caractères (espaces et points ôtés), ${LONGUEURS_MAX.siret} caractères au plus ; un SIRET s’écrit en 14 chiffres.`,
        );
      return ok(d);
    }
    case 'uai': {
      const u = sansEspaces(s).toUpperCase();
      return /^\d{7}[A-Z]$/.test(u)
        ? ok(u)
        : ko('CLASSEUR_UAI_INVALIDE', `« ${s} » n’est pas un UAI (7 chiffres et une lettre).`);
    }
    case 'entier': {
      const { min, max } = col.bornes ?? ENTIER;
      const n = Number(s.replace(',', '.'));
      return Number.isInteger(n) && n >= min && n <= max
        ? ok(String(n))
        : ko(
            'CLASSEUR_NOMBRE_INVALIDE',
            `« ${s} » n’est pas un nombre entier positif : indiquez un nombre entier de ${nombre(min)} à ${nombre(max)}, sans décimale ni signe.`,
          );
    }
    case 'annees':
      return canonicalizeAnnees(s);
    case 'ouinon': {
      const v = s.toLowerCase();
      if (['oui', 'o', 'yes', 'true', 'vrai', '1', 'x'].includes(v)) return ok('oui');
      if (['non', 'n', 'no', 'false', 'faux', '0'].includes(v)) return ok('non');
      return ko('CLASSEUR_OUI_NON', `« ${s} » : répondez « oui » ou « non ».`);
    }
    case 'date':
      return canonicalizeDate(s);
    case 'courriel':
      return isCourriel(s) ? ok(s) : ko('CLASSEUR_COURRIEL_INVALIDE', `« ${s} » : ${MESSAGE_COURRIEL}.`);
    case 'telephone':
      return isTelephonePossible(s)
        ? ok(s.replace(/[ \t]+/g, ' '))
        : ko('CLASSEUR_TELEPHONE_INVALIDE', `« ${s} » : ${MESSAGE_TELEPHONE}.`);
  }
}

/**
 * The form two canonical values of column `c` are compared in, when the canonical value keeps the
 * writing the store holds: a telephone by the number it writes (domain/telephone.ts numeroTelephone:
 * « 02 43 78 80 26 », « 0243788026 » and « +33 2 43 78 80 26 » are one number). Every other
 * canonical value is its own.
 */
export function formeComparee(c: Colonne, valeur: string | null): string | null {
  if (valeur === null || c.genre !== 'telephone') return valeur;
  return numeroTelephone(valeur) ?? valeur;
}

/** Whether two canonical values of column `c` say the same thing (formeComparee). */
export const memeValeur = (c: Colonne, a: string | null, b: string | null): boolean =>
  a === b || (a !== null && b !== null && formeComparee(c, a) === formeComparee(c, b));

/** "1,2", "1;2", "1 et 2", "1-3" (a range), or 1.2 (a French "1,2" that Excel turned into a number) → "1,2". */
function canonicalizeAnnees(s: string): Canonique {
  const annees = new Set<number>();
  for (const part of s.split(/\s*(?:[,;./]|\bet\b|\s)\s*/).filter(Boolean)) {
    const range = /^([1-5])-([1-5])$/.exec(part);
    if (range) {
      for (let a = Number(range[1]); a <= Number(range[2]); a++) annees.add(a);
    } else if (/^[1-5]$/.test(part)) annees.add(Number(part));
    else
      return ko(
        'CLASSEUR_ANNEES_INVALIDES',
        `« ${s} » : indiquez les années du cycle ouvertes à l’apprentissage, de 1 à 5 (ex. « 1,2 »).`,
      );
  }
  return ok([...annees].sort((x, y) => x - y).join(','));
}

/** YYYY-MM-DD (an Excel date, already converted), JJ/MM/AAAA, J/M/AAAA or JJ-MM-AAAA, checked against the calendar. */
export function canonicalizeDate(s: string): Canonique {
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else return ko('CLASSEUR_DATE_INVALIDE', `« ${s} » n’est pas une date (JJ/MM/AAAA).`);
  const jour = calendarDay(y, m, d);
  if (!jour || y < 1900 || y > 2200)
    return ko('CLASSEUR_DATE_INVALIDE', `« ${s} » n’est pas une date du calendrier.`);
  return ok(jour);
}

/** Store booleans and year lists as the workbook writes them. */
export const ouiNon = (b: boolean | null | undefined) => (b === true ? 'oui' : b === false ? 'non' : null);
export const anneesTexte = (a: readonly number[] | null | undefined) =>
  a?.length ? [...a].sort((x, y) => x - y).join(',') : null;
