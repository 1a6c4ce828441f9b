import { arrondissementTape } from './arrondissements.ts';
import { codesCommune, nomVilleArrondissements } from './recherche.ts';

// The « Où ? » suggestions (GET /api/v1/communes) in the order people type (docs/recherche.md
// « Où ? »): « mars » is Marseille, « bord » Bordeaux, « nan » Nantes — the most populous first —,
// Paris once, whole, before its arrondissements. Pure.

/** A commune row whose name or postal code starts with what was typed. */
export interface CommuneSuggeree {
  readonly code_insee: string;
  readonly nom: string;
  readonly code_postal: string;
  /** domain/commune.ts nomCommuneNormalise of `nom`. */
  readonly nom_normalise: string;
  readonly population: number | null;
}

/**
 * Up to `limite` suggestions for `nom` typed (normalised; '' when only a postal code was typed) or
 * the start of a postal code `codePostal` (digits, '' when a name was typed):
 * the arrondissement a city's name and a number name first (« marseille 1 »: Marseille 1er, then
 * 10e… 16e, which start so too);
 * a city with arrondissements once, whole, without a postal code (its own are its arrondissements',
 * « 75000 » is none) — when typed by name or by the start of a postal code (« 750 »: Paris, the most
 * populous, then its arrondissements; a whole code, « 75015 », is one arrondissement's: not folded);
 * the names that start with what was typed before those found through an article (« ile d » →
 * L'Île-d'Yeu), then the most populous (unknown last), then the shortest name, the name and the
 * postal code; a commune of exactly the name typed is never left out (« mars »: the villages Mars,
 * after the towns that start so).
 */
export function classerSuggestions<T extends CommuneSuggeree>(
  nom: string,
  rows: readonly T[],
  limite: number,
  codePostal = '',
): Omit<CommuneSuggeree, 'nom_normalise' | 'population'>[] {
  const vues = new Set<string>();
  const entiere = !!nom || (codePostal.length > 0 && codePostal.length < 5);
  const uniques = rows.flatMap((r) => {
    // A city whole has no postal code of its own (75000 is none): named alone, « Paris ».
    const c = entiere && nomVilleArrondissements(r.code_insee) ? { ...r, code_postal: '' } : r;
    const cle = `${c.code_insee} ${c.code_postal}`;
    if (vues.has(cle)) return [];
    vues.add(cle);
    return [c];
  });
  const debut = (r: T) => (nom && !r.nom_normalise.startsWith(nom) ? 1 : 0);
  const arrondissement = nom ? arrondissementTape(nom) : null;
  const nomme = (r: T) => (arrondissement && r.nom_normalise === arrondissement ? 0 : 1);
  const ordre = [...uniques].sort(
    (a, b) =>
      nomme(a) - nomme(b) ||
      debut(a) - debut(b) ||
      (b.population ?? -1) - (a.population ?? -1) ||
      // A whole city before its arrondissements of unknown population.
      codesCommune(b.code_insee).length - codesCommune(a.code_insee).length ||
      a.nom.length - b.nom.length ||
      (a.nom < b.nom ? -1 : a.nom > b.nom ? 1 : 0) ||
      (a.code_postal < b.code_postal ? -1 : 1),
  );
  const gardees = ordre.slice(0, limite);
  const exactes = ordre.slice(limite).filter((r) => nom && r.nom_normalise === nom);
  const retenues = exactes.length
    ? [...gardees.slice(0, Math.max(0, limite - exactes.length)), ...exactes.slice(0, limite)]
    : gardees;
  return retenues.map(({ code_insee, nom: n, code_postal }) => ({ code_insee, nom: n, code_postal }));
}

/**
 * How a commune is written in « Où ? » and its links: « Nantes (44000) », or the name alone for a
 * city whole (« Paris »: no postal code of its own). `lireLieu` (domain/commune.ts) reads both back.
 */
export const libelleCommune = (c: { readonly nom: string; readonly code_postal: string }): string =>
  c.code_postal ? `${c.nom} (${c.code_postal})` : c.nom;
