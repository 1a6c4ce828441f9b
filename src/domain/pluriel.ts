import { nombre } from './nombres.ts';

// Counted words as French writes them: 0 and 1 take the singular (« 0 session », « 1 session »),
// 2 and more the plural (« 2 sessions »). Never « session(s) » in a text shown to a person.

/** The word that agrees with `n`: `un` below 2 (0, 1, 1,5), `plusieurs` from 2 on. */
export const accord = (n: number, un: string, plusieurs: string): string =>
  Math.abs(n) >= 2 ? plusieurs : un;

/** `n` written in French (« 1 000 ») followed by the word that agrees with it: « 3 sessions à créer ». */
export const pluriel = (n: number, un: string, plusieurs: string): string =>
  `${nombre(n)} ${accord(n, un, plusieurs)}`;

/** A list as French writes it: « A », « A et B », « A, B et C ». */
export function enumeration(mots: readonly string[]): string {
  if (mots.length <= 1) return mots.join('');
  return `${mots.slice(0, -1).join(', ')} et ${mots[mots.length - 1]}`;
}
