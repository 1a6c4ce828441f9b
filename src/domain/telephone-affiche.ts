import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { memoise } from './memo.ts';

// How the pages show a contact's telephone number: the French national writing (« 06 12 34 56 78 »)
// with a tel: link in E.164, whatever the writing typed (« 0612345678 », « +33 6 12 34 56 78 »,
// « 06.12.34.56.78 »). The stored and served value stays as typed (CONTRACT.md: `telephone` is a
// string; the API and the exports give it back unchanged).

// The overseas departments and collectivities are in the French national plan (ARCEP: dialled
// 0262…, 0590… from anywhere in France) but have their own country codes, which libphonenumber
// only applies to a number written with them: a national writing is given its code here first.
const OUTRE_MER: readonly (readonly [RegExp, string])[] = [
  [/^0(26[239]|639|69[23])/, '262'], // La Réunion, Mayotte
  [/^0(590|69[01])/, '590'], // Guadeloupe, Saint-Barthélemy, Saint-Martin
  [/^0(594|694)/, '594'], // Guyane
  [/^0(596|69[67])/, '596'], // Martinique
];

/** The number as the pages show it: `texte` to read, `href` the tel: link (null: shown as typed). */
export interface TelephoneAffiche {
  readonly texte: string;
  readonly href: string | null;
}

/**
 * `s` in the national writing when the number is French (overseas included: « 0262 12 34 56 »), in
 * the international one otherwise (« +32 2 123 45 67 »), with `href` « tel:+33612345678 » (E.164).
 * What is not a possible number (« voir site », « 04 72 », text around it) is `s` trimmed, without
 * a link. Source: libphonenumber's numbering plans (ITU-T E.164; ARCEP for France).
 */
export const telephoneAffiche = memoise((s: string): TelephoneAffiche => {
  const tape = s.trim();
  const chiffres = tape.replace(/[\s.\-/]/g, '');
  const code = /^0\d{9}$/.test(chiffres) ? OUTRE_MER.find(([re]) => re.test(chiffres))?.[1] : undefined;
  const n = parsePhoneNumberFromString(code ? `+${code}${chiffres.slice(1)}` : tape, 'FR');
  if (!n?.isPossible() || /[a-z]/i.test(tape)) return { texte: tape, href: null };
  const francais = n.countryCallingCode === '33' || OUTRE_MER.some(([, c]) => c === n.countryCallingCode);
  return { texte: francais ? n.formatNational() : n.formatInternational(), href: n.getURI() };
}, 2_000);
