import parsePhoneNumber, { validatePhoneNumberLength } from 'libphonenumber-js/min';
import { memoise } from './memo.ts';

// Contact telephone numbers given for an offer (formation contacts, session contact): shown to
// the public and exported in LHEO <numtel>, so a form, the API, LHEO and the workbook refuse what
// cannot be a number. The numbering plans are libphonenumber's (ITU-T E.164 and the national plans;
// France's is the ARCEP's): national numbers are read as French ("04 72 00 00 00"), others need
// their +country code. A number with too few digits for its plan ("12", "01 23", "04 72") is refused
// too: nobody can call it (a fresh user's report, 07/12), so is a French one a digit short
// (« 04 74 38 01 9 »: its trunk 0 is not a digit of the number). The check is libphonenumber's "possible"
// (the length fits the plan), not "valid" (a range already allocated): a number of a range opened
// since the library's release, or a fictitious but well-formed one (04 72 00 00 00), stays accepted.
// Stored data from before the rule is shown as it is.

/**
 * Could `s` be a telephone number? False for text that holds no number ("voir site", "standard"),
 * fewer or more digits than the numbers of its plan ("12", "01 23", "04 74 38 01 9": a French
 * number is nine digits after its trunk 0; French when written without +country code), or an
 * unknown +country code.
 * Separators (spaces, dots, dashes, parentheses) and an extension written "ext. 12" are accepted.
 */
export function isTelephonePossible(s: string | null | undefined): boolean {
  return !!s && (NATIONAL.test(s) || possible(s));
}

// The common French writing, 0 then nine digits (in pairs or not): always possible in the French
// plan (nine national digits), answered without libphonenumber. Its check costs ≈ 50 µs for a
// number not met before, and a workbook or an LHEO file holds thousands of distinct ones (the
// contact of each formation): ≈ 0.2 s of a 3,500-formation workbook's analysis. Same answer as
// libphonenumber's (telephone.test.ts); anything else is asked to it.
const NATIONAL = /^0[1-9](?:[ .]?\d\d){4}$/;

// An import checks the same few numbers again and again (an organisme's contact on each of its
// offers): libphonenumber's check was 5 % of the CPU of re-importing an unchanged LHEO file.
const possible = memoise(
  (s: string) => validatePhoneNumberLength(s, 'FR') === undefined && !prefixeGarde(s),
  10_000,
);

// The plans whose numbers never start with 0, written nationally after a trunk 0: France (+33)
// and its overseas departments and collectivities with their own code (La Réunion and Mayotte,
// Guadeloupe and the Antilles' collectivities, Guyane, Martinique, Saint-Pierre-et-Miquelon).
const PLANS_PREFIXE_0 = new Set(['33', '262', '590', '594', '596', '508']);

// libphonenumber keeps a trunk 0 as a digit of the number when what follows it is too short for
// the plan (Google's rule, for plans whose numbers may start with the prefix's digit): « 04 74 38
// 01 9 », one digit short, was read as the nine digits 047438019, a possible length (a fresh
// user's report, 07/12). In the French plans a number never starts with 0 (ARCEP: 0, then a
// first digit 1 to 9): a 0 left at its head is that trunk prefix, and the number too short.
function prefixeGarde(s: string): boolean {
  const n = parsePhoneNumber(s, 'FR');
  return !!n && PLANS_PREFIXE_0.has(n.countryCallingCode) && n.nationalNumber.startsWith('0');
}

export const MESSAGE_TELEPHONE =
  'numéro de téléphone attendu, par exemple 04 72 00 00 00 ou +32 2 123 45 67 (trop peu ou trop de chiffres, lettres ou indicatif inconnu refusés)';

/**
 * The number `s` writes, for telling two writings of it apart from two numbers: its digits, a
 * leading + kept, French numbers in their national form (+33, 0033 and a « (0) » after the code
 * read as the 0 of the national number). « 02 43 78 80 26 », « 02.43.78.80.26 », « 0243788026 »
 * and « +33 (0)2 43 78 80 26 » are all 0243788026; « +32 2 123 45 67 » is +3221234567. Null when
 * `s` has no digit.
 */
export function numeroTelephone(s: string | null | undefined): string | null {
  if (!s) return null;
  const international = /^\s*(?:\+|00)/.test(s);
  const chiffres = s.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (chiffres === '') return null;
  if (!international) return chiffres;
  const e164 = s.trimStart().startsWith('+') ? chiffres : chiffres.slice(2);
  return e164.startsWith('33') ? `0${e164.slice(2)}` : `+${e164}`;
}
