import { arrondissementInexistant, arrondissementTape } from './arrondissements.ts';
import { departementSaisi } from './departements.ts';
import { PRES } from './prepositions-lieu.ts';
import { jetons, MOTS_VIDES, normaliser, pasLeLieu } from './recherche.ts';

// A word of the search's « q » that is also a commune's name (« macon », Mâcon): the search cannot
// know which was meant, so the page and the API offer the place as a way out (docs/recherche.md
// « Un mot qui est aussi une commune »).

/** A number typed after a city that is none of its arrondissements (« paris 21 »): it, and how many the city has. */
export interface ArrondissementInexistant {
  readonly numero: number;
  readonly arrondissements: number;
}

/**
 * A word of `q` that may be a commune: the word (normalised), the commune's name, `q` without it;
 * `arrondissementInexistant` when the number typed after it is none of its arrondissements (« paris 21 »).
 */
export interface MotCommune {
  readonly mot: string;
  readonly commune: string;
  readonly q: string;
  readonly arrondissementInexistant?: ArrondissementInexistant;
}

/**
 * The commune a typed word may name, or null: typed without accents or as the commune is written
 * (« macon », « Mâcon »); a word written otherwise (« maçon ») is the trade (pasLeLieu). `communes`:
 * the names of the communes whose normalised name is the word; the one written as typed first.
 * `memeAutrement`: a word written otherwise names it too (the search found nothing: the town is a way on).
 */
export function communeDuMot(
  tape: string,
  communes: readonly string[],
  memeAutrement = false,
): string | null {
  if (communes.length === 0 || (!memeAutrement && pasLeLieu(tape, communes))) return null;
  const t = tape.toLowerCase();
  return communes.find((c) => c.toLowerCase() === t) ?? [...communes].sort()[0]!;
}

/**
 * The arrondissement a commune word of `q` names with the word typed after it (« coiffure Paris
 * 15e », « Lyon XVe », « Marseille 1er »), or null: its name as « Où ? » reads it (« Paris 15e ») and
 * that next word as typed. A number the city has no arrondissement of (« paris 21 », « lyon 12 »; not
 * its département's, « paris 75 ») gives the whole city and `inexistant`: that number, and how many
 * arrondissements the city has. `mot`: the
 * commune's word, normalised; `commune`: its name.
 */
export function arrondissementDuMot(
  q: string,
  mot: string,
  commune: string,
): { commune: string; suivant: string; inexistant?: ArrondissementInexistant } | null {
  const ms = [...q.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => m[0].normalize('NFKC'));
  for (let i = 0; i + 1 < ms.length; i++) {
    if (normaliser(ms[i]!) !== mot) continue;
    const suivant = normaliser(ms[i + 1]!);
    const a = arrondissementTape(`${mot} ${suivant}`);
    if (a) return { commune: `${commune} ${a.split(' ')[1]}`, suivant: ms[i + 1]! };
    // A number the city has no arrondissement of (« paris 21 »): the whole city, the number said.
    const sans = arrondissementInexistant(mot, suivant);
    if (sans) return { commune, suivant: ms[i + 1]!, inexistant: sans };
  }
  return null;
}

/**
 * `q` without each number typed after a city that is none of its arrondissements (« cap cuisine
 * marseille 17e » → « cap cuisine marseille »; « 17e », « 17ème », « 17eme », « 17è », « 21 »): never a
 * word to search — the whole city is offered and the number said (arrondissementDuMot). Other words
 * untouched, spaces collapsed.
 */
export function sansArrondissementInexistant(q: string): string {
  const ms = [...q.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  let reste = q;
  for (let i = ms.length - 1; i > 0; i--) {
    const [ville, suivant] = [ms[i - 1]!, ms[i]!].map((m) => normaliser(m[0].normalize('NFKC')));
    if (!arrondissementInexistant(ville!, suivant!)) continue;
    reste = reste.slice(0, ms[i]!.index) + reste.slice(ms[i]!.index + ms[i]![0].length);
  }
  return reste === q ? q : reste.replace(/\s+/g, ' ').trim();
}

// The preposition that ties a place to the words before it (« boulanger à Nantes », « commerce de
// Mâcon », « près d’Angers », « autour de Nantes », « près Nantes »: domain/prepositions-lieu.ts): left out with the place.
const AVANT = new RegExp(
  `(^|[\\s,(])(?:(?:${PRES}\\s+)?d(?:e|u|es)|${PRES}\\s+d['’]|${PRES}|d['’]|à|a|au|aux|en|sur|vers|dans)\\s*$`,
  'iu',
);

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

/** A place typed among the words of `q`: the term as typed, `q` without it (nor the preposition before it). */
export interface LieuDansLesMots {
  readonly terme: string;
  readonly q: string;
}

/** `q` without its stop words at either end (« BTS MCO dans le » → « BTS MCO »). */
const sansMotsVidesAuxBouts = (q: string): string => {
  const ms = q.split(' ').filter(Boolean);
  const vide = (m: string) => MOTS_VIDES.has(normaliser(m.replace(/['’]$/, '')));
  while (ms.length && vide(ms[ms.length - 1]!)) ms.pop();
  while (ms.length && vide(ms[0]!)) ms.shift();
  return ms.join(' ');
};

/**
 * The place a query typed without « Où ? » names among its words, or null: a postal code (5 digits,
 * anywhere: « boulanger 44000 ») — to be checked against the communes —, or a département's number
 * (`69`, `2A`, `971`: domain/departements.ts departementSaisi) typed first or last (« bts mco 69 »,
 * « 69 bts mco », « boulanger dans le 44 »): elsewhere a number may mean something else (« cap 12
 * mois », « 35 heures »). A code's number (« rncp 69 ») is none, nor a number after a city with
 * arrondissements other than its département's (« paris 15 »; « paris 21 », which it has not). The first one; `q` is then the query
 * without it, the preposition and stop words around it left out too.
 * docs/recherche.md « Un lieu tapé avec les mots ».
 */
export function lieuDansLesMots(q: string | undefined): LieuDansLesMots | null {
  const mots = jetons(q)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  for (const [i, t] of mots.entries()) {
    // A number after Paris, Lyon or Marseille that is one of its arrondissements (« cap cuisine paris
    // 15 ») is that arrondissement (arrondissementDuMot), never a département (the Cantal).
    // A number it has no arrondissement of (« paris 21 ») is no département either (the Côte-d’Or).
    const ville = i > 0 ? normaliser(mots[i - 1]!) : '';
    const arrondissement =
      i > 0 &&
      (!!arrondissementTape(`${ville} ${normaliser(t)}`) || !!arrondissementInexistant(ville, normaliser(t)));
    const departement = (i === 0 || i === mots.length - 1) && !arrondissement && departementSaisi(t);
    if (/^\d{5}$/.test(t) || departement)
      return { terme: departement || t, q: sansMotsVidesAuxBouts(sansMot(q ?? '', normaliser(t))) };
  }
  return null;
}
