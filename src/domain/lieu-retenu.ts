import { nomCommuneNormalise, nomsAvecArticle } from './commune.ts';

// Why the search's « Où ? » retained what it retained (services/recherche.service.ts resolveLieu,
// docs/recherche.md « Où ? »): decided once by the service, worded by the page, given by the API.

/**
 * Why a commune was searched: `code_postal`, « Où ? » gave a postal code (the most populous commune
 * of the code, or the one of the name with it); `arrondissement`, an arrondissement named as such or
 * by its postal code, searched alone (its city offered); `homonymes`, the most populous of the
 * communes of the exact name typed; `seule`, the only commune of that exact name (names that start
 * with it only offered); `debut_du_nom`, the most populous of the communes whose name starts with
 * the one typed (the exact name's, if any, less populous: « Évry » → Évry-Courcouronnes);
 * `nom_et_departement`, a name followed by its département's number (« Nantes 44 »): the most
 * populous commune of that name in that département.
 */
export const POURQUOI_LIEU = [
  'code_postal',
  'arrondissement',
  'homonymes',
  'seule',
  'debut_du_nom',
  'nom_et_departement',
] as const;
export type PourquoiLieu = (typeof POURQUOI_LIEU)[number];

/** Why a département was searched whole: typed by its number (`69`, `2A`), or by its name (`Rhône`). */
export const POURQUOI_DEPARTEMENT = ['numero', 'nom'] as const;
export type PourquoiDepartement = (typeof POURQUOI_DEPARTEMENT)[number];

/**
 * Why the first of the communes found by a name (`nom`, normalised as domain/commune.ts lireLieu
 * reads it) was searched, the others being offered: by whether each bears that exact name, its
 * spaces aside (an elided article typed without its apostrophe: « lhay les roses »), its article
 * aside when none was typed (« ile d yeu »: L'Île-d'Yeu; « vernet »: Vernet and Le Vernet).
 */
export function pourquoiDuNom(nom: string, lieux: readonly { readonly nom: string }[]): PourquoiLieu {
  const colle = (n: string) => n.replace(/ /g, '');
  const noms = [nom, ...nomsAvecArticle(nom)].map(colle);
  const exacte = (l: { readonly nom: string }) => noms.includes(colle(nomCommuneNormalise(l.nom)));
  const [premier, ...autres] = lieux;
  if (!premier || !exacte(premier)) return 'debut_du_nom';
  return autres.some(exacte) ? 'homonymes' : 'seule';
}
