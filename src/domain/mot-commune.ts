import { normaliser, pasLeLieu } from './recherche.ts';

// A word of the search's « q » that is also a commune's name (« macon », Mâcon): the search cannot
// know which was meant, so the page and the API offer the place as a way out (docs/recherche.md
// « Un mot qui est aussi une commune »).

/** A word of `q` that may be a commune: the word (normalised), the commune's name, `q` without it. */
export interface MotCommune {
  readonly mot: string;
  readonly commune: string;
  readonly q: string;
}

/**
 * The commune a typed word may name, or null: typed without accents or as the commune is written
 * (« macon », « Mâcon »); a word written otherwise (« maçon ») is the trade (pasLeLieu). `communes`:
 * the names of the communes whose normalised name is the word; the one written as typed first.
 */
export function communeDuMot(tape: string, communes: readonly string[]): string | null {
  if (communes.length === 0 || pasLeLieu(tape, communes)) return null;
  const t = tape.toLowerCase();
  return communes.find((c) => c.toLowerCase() === t) ?? [...communes].sort()[0]!;
}

// The preposition that ties a place to the words before it (« boulanger à Nantes », « commerce de
// Mâcon », « près d’Angers »): left out with the place.
const AVANT =
  /(^|[\s,(])(?:(?:pr[eè]s\s+)?d(?:e|u|es)|pr[eè]s\s+d['’]|d['’]|à|a|au|aux|en|sur|vers|dans)\s*$/iu;

/** `q` without the word `mot` (normalised, domain/recherche.ts motsDe) nor the preposition before it. */
export function sansMot(q: string, mot: string): string {
  let reste = q;
  const trouves = [...q.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].filter(
    (m) => normaliser(m[0].normalize('NFKC')) === mot,
  );
  for (const m of trouves.reverse()) {
    const avant = reste.slice(0, m.index);
    const p = AVANT.exec(avant);
    const debut = p ? p.index + p[1]!.length : m.index;
    reste = reste.slice(0, debut) + reste.slice(m.index + m[0].length);
  }
  return reste
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
    .trim();
}
