// Official identifier checks, pure.

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A value as typed, every blank removed (spaces, tabs, line breaks, no-break and narrow no-break
 * spaces: JavaScript's `\s`): « 130 025 265 » → « 130025265 », « 69 001 » → « 69001 ».
 * The one place that strips blanks from identifiers, codes and numbers before they are checked
 * (`sans-espaces.test.ts` proves no inline copy is left in src/); null/undefined pass through as
 * undefined, like `s?.replace(…)`.
 */
export function sansEspaces(s: string): string;
export function sansEspaces(s: string | null | undefined): string | undefined;
export function sansEspaces(s: string | null | undefined): string | undefined {
  return s == null ? undefined : s.replace(/\s/g, '');
}

const LA_POSTE_SIREN = '356000000';

/** All zeros: Luhn-valid (a sum of 0), yet nobody's SIREN or SIRET (LHEO's placeholder for « unknown »). */
const QUE_DES_ZEROS = /^0+$/;

/** SIREN: 9 digits, Luhn, not all zeros. */
export function isValidSiren(siren: string | null | undefined): boolean {
  return !!siren && /^\d{9}$/.test(siren) && !QUE_DES_ZEROS.test(siren) && luhnValid(siren);
}

/**
 * SIRET: 14 digits, Luhn, not all zeros. INSEE exception: La Poste's establishments (SIREN 356000000) are too
 * many for the NIC's Luhn space, so theirs only need a digit sum multiple of 5 (its head office
 * 35600000000048 is Luhn-valid and passes either way).
 */
export function isValidSiret(siret: string | null | undefined): boolean {
  if (!siret || !/^\d{14}$/.test(siret) || QUE_DES_ZEROS.test(siret)) return false;
  if (luhnValid(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (const c of siret) sum += c.charCodeAt(0) - 48;
  return sum % 5 === 0;
}

/** A SIRET as a person reads it: SIREN in three groups, then the NIC (« 130 025 265 00013 »). */
export function siretLisible(siret: string): string {
  return /^\d{14}$/.test(siret)
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}

/**
 * Why `siret` is not a SIRET, as forms, the API and the rule ORG_SIRET_FORMAT say it: the SIRET as
 * written in the message (14 digits grouped for reading, anything else quoted as typed) and its
 * fault (« a 14 chiffres mais sa clé de contrôle est fausse »); null when it is a valid SIRET.
 */
export function siretInvalide(siret: string): { siret: string; defaut: string } | null {
  if (isValidSiret(siret)) return null;
  if (!/^\d{14}$/.test(siret))
    return {
      siret: `« ${siret} »`,
      defaut: /^\d+$/.test(siret)
        ? `a ${siret.length} chiffres au lieu de 14`
        : 'n’est pas fait de 14 chiffres',
    };
  return {
    siret: siretLisible(siret),
    defaut: QUE_DES_ZEROS.test(siret)
      ? 'n’est fait que de zéros'
      : 'a 14 chiffres mais sa clé de contrôle est fausse',
  };
}

/**
 * The one message of a SIRET that is not one, in every form field that takes a SIRET and the API:
 * « Le SIRET [de …] 130 025 265 00014 a 14 chiffres mais sa clé de contrôle est fausse : vérifiez-le
 * sur l’avis de situation Sirene » (no final period). `de`: whose SIRET, when the field does not say it.
 */
export function messageSiretInvalide(siret: string, de?: string): string {
  const i = siretInvalide(siret);
  return `Le SIRET ${de ? `${de} ` : ''}${i?.siret ?? siretLisible(siret)} ${i?.defaut ?? 'est valide'} : vérifiez-le sur l’avis de situation Sirene`;
}

/**
 * The message of a SIREN that is not one (sign-up form), worded as the SIRET's
 * (messageSiretInvalide): « Le SIREN 130 025 266 a 9 chiffres mais sa clé de contrôle est fausse :
 * vérifiez-le sur l’avis de situation Sirene » (no final period); `siren` as typed, blanks removed.
 */
export function messageSirenInvalide(siren: string): string {
  const defaut = !/^\d{9}$/.test(siren)
    ? /^\d+$/.test(siren)
      ? `« ${siren} » a ${siren.length} chiffres au lieu de 9`
      : `« ${siren} » n’est pas fait de 9 chiffres`
    : `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)} ${QUE_DES_ZEROS.test(siren) ? 'n’est fait que de zéros' : 'a 9 chiffres mais sa clé de contrôle est fausse'}`;
  return `Le SIREN ${defaut} : vérifiez-le sur l’avis de situation Sirene`;
}

/** An organisme named for a person: « ACME FORMATION (SIRET 123 456 789 00011) », or its SIRET alone. */
export function organismeLisible(siret: string, nom: string | null | undefined): string {
  const n = nom?.trim();
  return n ? `${n} (SIRET ${siretLisible(siret)})` : `SIRET ${siretLisible(siret)}`;
}

/**
 * A typed list of SIRETs (a form's text area): one per line, or separated by commas or
 * semicolons; blanks inside one are ignored (« 832 420 004 00026 »), empty entries dropped, each
 * SIRET once, in the order typed. Nothing is checked here: the caller names the invalid ones.
 */
export function siretsSaisis(texte: string | null | undefined): string[] {
  return [
    ...new Set(
      (texte ?? '')
        .split(/[\r\n,;]+/)
        .map((s) => sansEspaces(s))
        .filter(Boolean),
    ),
  ];
}

const UAI_LETTERS = 'abcdefghjklmnprstuvwxyz';

/** UAI check letter: letters[number mod 23] over the 7 digits. */
export function uaiCheckLetter(sevenDigits: string): string {
  return UAI_LETTERS[Number(sevenDigits) % 23]!;
}

export function isValidUai(uai: string | null | undefined): boolean {
  if (!uai) return false;
  const m = /^(\d{7})([a-zA-Z])$/.exec(uai.trim());
  return !!m && uaiCheckLetter(m[1]!) === m[2]!.toLowerCase();
}

/** The Luhn digit that completes `partial` (used by the demo generator to forge valid identifiers). */
export function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return partial + d;
  throw new Error('unreachable');
}

/** BCN diploma code (CFD): 8 characters, digits and capital letters (e.g. 50022326, 1703430A, 56M23202). */
export function isValidCfd(cfd: string | null | undefined): boolean {
  return !!cfd && /^[0-9A-Z]{8}$/.test(cfd);
}

/** A CFD as written by a spreadsheet that dropped its leading zero (7 digits) gets it back. */
export function restoreCfd(raw: string | null | undefined): string | null {
  const c = raw?.trim().toUpperCase();
  if (!c) return null;
  return /^\d{7}$/.test(c) ? `0${c}` : c;
}

/** RNCP or RS code: 'RNCP' or 'RS' followed by digits. */
export function isValidCodeRncp(code: string | null | undefined): boolean {
  return !!code && /^(RNCP|RS)\d{1,6}$/.test(code);
}

/** 'rncp 12345' / '12345' → 'RNCP12345'; 'rs1234' → 'RS1234'; null when empty. */
export function normalizeCodeRncp(raw: string | null | undefined): string | null {
  const c = sansEspaces(raw)?.toUpperCase();
  if (!c) return null;
  return /^\d+$/.test(c) ? `RNCP${c}` : c;
}

/** Numéro de déclaration d'activité: 11 digits (2 of the region, then 9). */
export function isValidNda(nda: string | null | undefined): boolean {
  return !!nda && /^\d{11}$/.test(nda);
}

export function isValidCodePostal(cp: string | null | undefined): boolean {
  return !!cp && /^\d{5}$/.test(cp);
}

/** INSEE commune code: 5 digits, or Corsica's 2A/2B + 3 digits. */
export function isValidCodeInsee(code: string | null | undefined): boolean {
  return !!code && /^(\d{5}|2[AB]\d{3})$/.test(code);
}

export interface CommuneRef {
  readonly code_insee: string;
  readonly code_postal: string;
  readonly nom: string;
}

export type CoherenceCommune =
  | { readonly ok: true; readonly commune: CommuneRef }
  | {
      readonly ok: false;
      readonly raison:
        | 'format_code_postal'
        | 'format_code_insee'
        | 'code_postal_inconnu'
        | 'insee_hors_code_postal'
        | 'nom_different';
    };

const simplify = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\bSAINTE?\b/g, (m) => (m === 'SAINT' ? 'ST' : 'STE'))
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/**
 * Postal code ↔ INSEE code (↔ commune name) consistency against the communes reference rows of
 * that postal code (`candidats`: every row whose code_postal is the given one).
 */
export function coherenceCommune(
  lieu: {
    readonly code_postal: string;
    readonly code_insee?: string | null;
    readonly commune?: string | null;
  },
  candidats: readonly CommuneRef[],
): CoherenceCommune {
  if (!isValidCodePostal(lieu.code_postal)) return { ok: false, raison: 'format_code_postal' };
  if (lieu.code_insee && !isValidCodeInsee(lieu.code_insee))
    return { ok: false, raison: 'format_code_insee' };
  const memeCp = candidats.filter((c) => c.code_postal === lieu.code_postal);
  if (memeCp.length === 0) return { ok: false, raison: 'code_postal_inconnu' };
  const parInsee = lieu.code_insee ? memeCp.filter((c) => c.code_insee === lieu.code_insee) : memeCp;
  if (parInsee.length === 0) return { ok: false, raison: 'insee_hors_code_postal' };
  if (lieu.commune) {
    const nom = simplify(lieu.commune);
    // "Paris" names the arrondissements too ("Paris 1er Arrondissement").
    const trouve = parInsee.find((c) => simplify(c.nom) === nom || simplify(c.nom).startsWith(`${nom} `));
    if (!trouve) return { ok: false, raison: 'nom_different' };
    return { ok: true, commune: trouve };
  }
  return { ok: true, commune: parInsee[0]! };
}
