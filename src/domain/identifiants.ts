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

const LA_POSTE_SIREN = '356000000';

/** SIREN: 9 digits, Luhn. */
export function isValidSiren(siren: string | null | undefined): boolean {
  return !!siren && /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** SIRET: 14 digits, Luhn; La Poste's establishments (SIREN 356000000) use a digit sum multiple of 5. */
export function isValidSiret(siret: string | null | undefined): boolean {
  if (!siret || !/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== '35600000000048') {
    let sum = 0;
    for (const c of siret) sum += c.charCodeAt(0) - 48;
    return sum % 5 === 0;
  }
  return luhnValid(siret);
}

const UAI_LETTERS = 'abcdefghjklmnprstuvwxyz';

/** UAI: 7 digits (the first two may be "2A"/"2B"-free department digits) + check letter = letters[number mod 23]. */
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
