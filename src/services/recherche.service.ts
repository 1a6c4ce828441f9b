import type { Executor } from '../db/executor.ts';
import type { FormationFilters } from '../db/formation.repository.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import {
  avecCodes,
  type CommuneTrouvee,
  type Correction,
  type CriteresIndex,
  centreDe,
  communesAvecLeMot,
  communesProches,
  communesSuggerables,
  corrections,
  familleSeule,
  familles,
  findCommunes,
  type PageIndex,
  pageIndex,
  selectCandidats,
  versionIndex,
  type Zone,
} from '../db/recherche.repository.ts';
import { type Visibilite, visibiliteOf } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { arrondissementsDecolles, villeDuCodeGeneral } from '../domain/arrondissements.ts';
import { formationVue, type Vue, vueDe } from '../domain/champs-professionnels.ts';
import {
  departementDuCodeInsee,
  departementDuCodePostal,
  lireLieu,
  memeDepartement,
  memeNomTape,
  motDistinctif,
  nomCommuneGraphie,
  nomCommuneNormalise,
  nomEtDepartement,
} from '../domain/commune.ts';
import { classerSuggestions } from '../domain/communes-suggerees.ts';
import { departementNomme, departementSaisi, NOMS_DEPARTEMENT } from '../domain/departements.ts';
import { OffreError } from '../domain/errors.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { nomRegion } from '../domain/geo.ts';
import { type PourquoiDepartement, type PourquoiLieu, pourquoiDuNom } from '../domain/lieu-retenu.ts';
import { type ModaliteDansLesMots, modaliteDansLesMots } from '../domain/modalite-tapee.ts';
import {
  arrondissementDuMot,
  communeDuMot,
  type LieuDansLesMots,
  lieuDansLesMots,
  type MotCommune,
  sansArrondissementInexistant,
  sansMot,
} from '../domain/mot-commune.ts';
import { type PlusLoin, plusLoin, RAYON_MAX_KM } from '../domain/plus-loin.ts';
import { type PresDeMoiDansLesMots, presDeMoiDansLesMots } from '../domain/prepositions-lieu.ts';
import { type RacineElargie, racineElargie } from '../domain/racine-elargie.ts';
import {
  type Affinage,
  affiner,
  type Compte,
  chercheCommeDebut,
  codesCommune,
  communeParente,
  communesLesPlusProches,
  DERIVE,
  estPresDeMoi,
  type Facettes,
  graphiesTapees,
  MESSAGE_AUCUN_MOT,
  motsDe,
  motsDuTerme,
  NOMS_FACETTES,
  type NomFacette,
  nomVilleArrondissements,
  normaliser,
  PREFIXE,
  pasLeLieu,
  readRequete,
  type Tri,
  telQueTape,
  trierCompte,
  valeurFacette,
} from '../domain/recherche.ts';
import { regionNommee } from '../domain/region-nommee.ts';
import { cleTypeDiplome } from '../domain/types-diplome.ts';
import { renderFormations } from './formation.view.ts';

// The search of the public page and of GET /api/v1/formations?q=… (docs/recherche.md): French full
// text with typo correction, a place and a radius, facets, sort and numbered pages.

export interface Criteres {
  /** Words and/or certification codes. */
  readonly q?: string;
  /** "Où ?": a commune name, a postal code, "Nom (code postal)", or a département (number or name). */
  readonly ou?: string;
  /** A commune by INSEE code (a city with arrondissements means all of them; an arrondissement, itself). */
  readonly code_insee?: string;
  /** With `ou` or `code_insee`: radius around the commune's centre, km; without: the commune itself. */
  readonly rayon_km?: number;
  /** The API's `lat`/`lon`/`rayon_km`: a zone around this point (distances, sort by distance). */
  readonly point?: { readonly lat: number; readonly lon: number; readonly rayon_km: number };
  readonly facettes?: Facettes;
  /** The other list filters of the API (SQL). */
  readonly filtres?: FormationFilters;
  readonly tri?: Tri;
  /** From 1. */
  readonly page?: number;
  readonly taille: number;
  /**
   * Closed sessions neither count nor show a formation (docs/produit.md « Diffusion »): always for
   * the public view (anonymous readers, the public pages).
   */
  readonly publicSeulement?: boolean;
  /**
   * The shape of the formations returned (domain/champs-professionnels.ts); default: the actor's.
   * The search page gives `professionnel` to signed-in professionals while searching the diffused
   * offer only (actor anonymous).
   */
  readonly vue?: Vue;
  /** 'YYYY-MM-DD': start dates before it are not "upcoming". */
  readonly aujourdhui: string;
}

export interface LieuRecherche {
  readonly code_insee: string;
  readonly nom: string;
  readonly code_postal: string;
  /** Its département's code (`93`, `974`, `2A`; domain/commune.ts departementDuCodeInsee): tells homonyms apart. */
  readonly code_departement: string;
}

/** The commune searched, and why it (docs/recherche.md « Où ? »). */
export interface LieuRetenu extends LieuRecherche {
  /** Why « Où ? » retained it (domain/lieu-retenu.ts); null: given by its INSEE code (`code_insee`). */
  readonly pourquoi: PourquoiLieu | null;
}

/** A département: searched whole from « Où ? » (`75`, `2A`, `Rhône`), or named by it. */
export interface DepartementRecherche {
  readonly code_departement: string;
  readonly nom: string;
}

/** A région searched whole from « Où ? » (« Bretagne », « Ile-de-France », « PACA »). */
export interface RegionRetenue {
  readonly code_region: string;
  readonly nom: string;
}

/** The département searched whole, and why: typed by its number or by its name. */
export interface DepartementRetenu extends DepartementRecherche {
  readonly pourquoi: PourquoiDepartement;
}

export interface Resultats extends Omit<Affinage, 'ids'> {
  readonly formations: Formation[];
  /** The query with its unknown words replaced by the nearest indexed ones ("Vouliez-vous dire"), or null. */
  readonly suggestion: string | null;
  /** True when the typed words found nothing and the results are those of `suggestion`. */
  readonly corrigee: boolean;
  /** The commune searched, when one was found. */
  readonly lieu: LieuRetenu | null;
  /**
   * The département searched whole, when « Où ? » named one by its number (`75`, `2A`, `971`) or by
   * its name when no commune has that exact name (`Rhône`, `Seine-Saint-Denis`): the same
   * formations as the département facet; no radius. Null otherwise (`lieu` is then null too).
   */
  readonly departement: DepartementRetenu | null;
  /**
   * The région searched whole, when « Où ? » named one (domain/region-nommee.ts: « Bretagne »,
   * « ile de france », « PACA »): the same formations as the région facet; no radius. Null
   * otherwise (`lieu` and `departement` are then null too).
   */
  readonly region: RegionRetenue | null;
  /**
   * With `lieu`: the département « Où ? » also names (« Vienne », the commune of the Isère, and the
   * département 86), one link away on the page; null otherwise.
   */
  readonly aussiDepartement: DepartementRecherche | null;
  /**
   * With `departement` retained by its name: the communes that bear it, none a town (« La Réunion »,
   * the village of Lot-et-Garonne), one link away on the page; absent otherwise.
   */
  readonly aussiCommunes?: readonly LieuRecherche[];
  /** Other communes the "Où ?" text may have meant (homonyms), at most 10. */
  readonly autresLieux: readonly LieuRecherche[];
  /** True when "Où ?" named no known commune (then nothing is returned). */
  readonly lieuInconnu: boolean;
  /** When `lieuInconnu`: the communes whose name is nearest to what was typed ("Vouliez-vous dire"), at most 3. */
  readonly lieuxProches: readonly LieuRecherche[];
  /**
   * With `lieuInconnu`: "Où ?" was « Nom (code postal) » and no commune has both (« Nantes (75001) »);
   * `lieuxProches` then holds the communes of that name, then the commune of that postal code.
   */
  readonly lieuDiscordant: boolean;
  /**
   * True when a radius was asked around a commune whose coordinates are unknown (the built-in
   * communes list has none until the communes file is imported, docs/referentiels.md): the radius
   * was not applied, the results are those of the commune alone.
   */
  readonly rayonIgnore: boolean;
  /** The radius applied around `lieu`, km; null: the commune alone (none asked, or `rayonIgnore`). */
  readonly rayonKm: number | null;
  /**
   * The city whose centre the radius is counted from, when `lieu` is an arrondissement whose position
   * is unknown while its city's is (the built-in communes list before the communes file is imported:
   * « Paris 16e »); null otherwise (the radius is counted from `lieu`'s own centre, or not applied).
   */
  readonly centreVille: { readonly code_insee: string; readonly nom: string } | null;
  /** Terms of `q` the search did not use (too short: domain/recherche.ts Requete.ignores). */
  readonly termesIgnores: readonly string[];
  /** True when `q` was typed but none of it was searched (only such terms): the whole offer is listed. */
  readonly requeteIgnoree: boolean;
  /**
   * Without a place asked: the words of `q` that are also a commune's name, typed so that they may
   * mean it (« macon », Mâcon; not « maçon », the trade), each with `q` without it — the way to
   * search that commune instead (domain/mot-commune.ts).
   */
  readonly motsCommunes: readonly MotCommune[];
  /**
   * When nothing matches every term of `q` (words, diplomas; 2 to TERMES_MOINS_DE_MOTS of them): each
   * search with one term left out that finds formations, the most found first. Empty otherwise.
   */
  readonly moinsDeMots: readonly MoinsDeMots[];
  /**
   * The words widened to the start of their French stem, the words as typed (and corrected) finding
   * nothing (« commerce » → commerc…: the BTS « commercial »); empty otherwise. The results, and the
   * ways on (moinsDeMots, plusLoin), are those of the widened words (domain/racine-elargie.ts).
   */
  readonly racinesElargies: readonly RacineElargie[];
  /**
   * With `lieu` and nothing found there: the radius choice that reaches the nearest formation the
   * words find, or (`rayonKm` null) the search everywhere, with how many each finds
   * (domain/plus-loin.ts); null otherwise.
   */
  readonly plusLoin: PlusLoin | null;
  /**
   * Without a place given: the département's number or postal code typed among the words of `q`
   * (« bts mco 69 ») and searched as the place (`departement` or `lieu`), with `q` without it — the
   * words searched. Null otherwise (domain/mot-commune.ts lieuDansLesMots).
   */
  readonly lieuDansQ: LieuDansLesMots | null;
  /**
   * The type of offer typed among the words of `q` (« cap cuisine en apprentissage »), searched as the
   * « Type d’offre » filter, with `q` without it — the words searched (before a place taken out of them,
   * `lieuDansQ`). Null otherwise, or when another type of offer is chosen (domain/modalite-tapee.ts).
   */
  readonly modaliteDansQ: ModaliteDansLesMots | null;
  /**
   * « près de moi », « autour de moi », « près de chez moi »… typed among the words of `q`: the user's
   * position, which the site does not know — not searched, with `q` without it (the words searched,
   * before the type of offer and a place taken out of them). Without a place given, the search is
   * everywhere: the page asks for « Où ? » (domain/prepositions-lieu.ts presDeMoiDansLesMots).
   */
  readonly presDeMoiDansQ: PresDeMoiDansLesMots | null;
}

/** A search with one term of `q` left out: the term as typed, `q` without it, how many it finds. */
export interface MoinsDeMots {
  readonly sans: string;
  readonly q: string;
  readonly total: number;
}

/** Most terms for which the searches with one left out are tried (one search each, only when nothing matched). */
const TERMES_MOINS_DE_MOTS = 5;

/** A term of `q` as searched: as typed, its group of words, whether in the offers' own text only. */
interface Terme {
  readonly tape: string;
  readonly groupe: string[];
  readonly metier: boolean;
}

const vide = (): Omit<
  Resultats,
  | 'suggestion'
  | 'corrigee'
  | 'lieu'
  | 'departement'
  | 'region'
  | 'aussiDepartement'
  | 'autresLieux'
  | 'lieuInconnu'
  | 'lieuxProches'
  | 'lieuDiscordant'
  | 'rayonIgnore'
  | 'rayonKm'
  | 'centreVille'
  | 'termesIgnores'
  | 'requeteIgnoree'
  | 'motsCommunes'
  | 'moinsDeMots'
  | 'lieuDansQ'
  | 'plusLoin'
  | 'modaliteDansQ'
  | 'presDeMoiDansQ'
> => ({
  formations: [],
  total: 0,
  page: 1,
  pages: 1,
  facettes: affiner([], {}, 'pertinence', 1, 1, '').facettes,
  distances: new Map(),
  prochainDebut: new Map(),
  racinesElargies: [],
});

/** The results of a search that was not run (the page refused what was typed). */
export const aucunResultat = (): Resultats => ({
  ...vide(),
  suggestion: null,
  corrigee: false,
  lieu: null,
  departement: null,
  region: null,
  aussiDepartement: null,
  autresLieux: [],
  lieuInconnu: false,
  lieuxProches: [],
  lieuDiscordant: false,
  rayonIgnore: false,
  rayonKm: null,
  centreVille: null,
  termesIgnores: [],
  requeteIgnoree: false,
  motsCommunes: [],
  moinsDeMots: [],
  lieuDansQ: null,
  plusLoin: null,
  modaliteDansQ: null,
  presDeMoiDansQ: null,
});

// A city with arrondissements, whole (Paris, 75056), has no postal code of its own: La Poste's are its
// arrondissements' (75001…), and 75000 is none — named « Paris » alone (docs/recherche.md « Où ? »).
const enLieu = (c: CommuneTrouvee, code = c.code_insee): LieuRecherche => ({
  code_insee: code,
  nom: code === c.code_insee ? c.nom : nomVille(c.nom),
  code_postal: nomVilleArrondissements(code) ? '' : c.code_postal,
  code_departement: departementDuCodeInsee(code),
});

// The search without words, codes, place nor list filter (the home page, with or without facet
// filters) is the same for everyone and the most asked: it counts every public formation (measured
// at 50,000 formations: the whole of the request's time). Its page is kept per database, view and
// index version (a sequence the indexer moves, migration 0310), for a minute at most: a write that
// commits while the page is being computed can leave it stale that long, never longer.
const ACCUEIL_TTL_MS = 60_000;
const ACCUEIL_MAX = 200;
const accueil = new WeakMap<object, Map<string, { version: string; at: number; p: PageIndex }>>();

async function pageIndexAccueil(db: Executor, v: Visibilite, c: CriteresIndex): Promise<PageIndex> {
  const sansCritere =
    c.groupes.length === 0 &&
    !c.groupesMetier?.length &&
    !avecCodes(c) &&
    !c.departement &&
    !c.region &&
    Object.values(c.filtres).every((x) => x === undefined);
  if (!sansCritere) return pageIndex(db, v, c);
  const cle = JSON.stringify([v, c.sessionsFermees, c.facettes, c.tri, c.page, c.taille, c.aujourdhui]);
  const version = await versionIndex(db);
  const pages = accueil.get(db) ?? new Map();
  accueil.set(db, pages);
  const e = pages.get(cle);
  if (e && e.version === version && Date.now() - e.at < ACCUEIL_TTL_MS) return e.p;
  const p = await pageIndex(db, v, c);
  if (pages.size >= ACCUEIL_MAX) pages.delete(pages.keys().next().value!);
  pages.set(cle, { version, at: Date.now(), p });
  return p;
}

/** The index's page (db/recherche.repository.ts pageIndex) in the shape of the domain's refining. */
function affinageIndex(p: PageIndex, taille: number): Affinage {
  // Several codes of one diploma type (« MC4 », « MC5 ») count for its key: one type per formation, exact sums.
  const parNom = new Map<NomFacette, Map<string, number>>(NOMS_FACETTES.map((n) => [n, new Map()]));
  for (const [jeton, nombre] of p.comptes) {
    const i = jeton.indexOf(':');
    const nom = jeton.slice(0, i) as NomFacette;
    const n = parNom.get(nom);
    const valeur = n && valeurFacette(nom, jeton.slice(i + 1));
    if (n && valeur !== undefined) n.set(valeur, (n.get(valeur) ?? 0) + nombre);
  }
  const facettes = {} as Record<NomFacette, Compte>;
  for (const [nom, n] of parNom)
    facettes[nom] = trierCompte(
      nom,
      [...n].map(([valeur, nombre]) => ({ valeur, nombre })),
    );
  return {
    ids: p.lignes.map(([id]) => id),
    total: p.total,
    page: p.page,
    pages: Math.max(1, Math.ceil(p.total / Math.max(1, Math.trunc(taille)))),
    facettes,
    distances: new Map(),
    prochainDebut: new Map(p.lignes.flatMap(([id, d]) => (d ? [[id, d] as const] : []))),
  };
}

/** One per city (an arrondissement stands for its city), in order. */
function parVille(communes: readonly CommuneTrouvee[]): LieuRecherche[] {
  const villes = new Map<string, LieuRecherche>();
  for (const c of communes) {
    const code = communeParente(c.code_insee);
    if (!villes.has(code)) villes.set(code, enLieu(c, code));
  }
  return [...villes.values()];
}

/** A city's name from one of its arrondissements' (« Paris 15e Arrondissement » → « Paris »). */
const nomVille = (nom: string) => nom.replace(/\s+\d+(er|e)\s+Arrondissement$/i, '');

/** Whether a commune found has the normalised name typed (its article aside when none was typed), or is an arrondissement of the city of that name. */
const nomExact = (c: CommuneTrouvee, nom: string) =>
  memeNomTape(nom, c.nom) ||
  (communeParente(c.code_insee) !== c.code_insee && nomCommuneNormalise(nomVille(c.nom)) === nom);

/** Whether a commune found is written as typed, accents included (its city's name for an arrondissement). */
const memeGraphie = (c: CommuneTrouvee, tape: string) =>
  nomCommuneGraphie(c.nom) === nomCommuneGraphie(tape) ||
  (communeParente(c.code_insee) !== c.code_insee &&
    nomCommuneGraphie(nomVille(c.nom)) === nomCommuneGraphie(tape));

/** An arrondissement searched alone, its whole city offered beside it. */
const avecVille = (arr: CommuneTrouvee): LieuRecherche[] => [
  enLieu(arr),
  enLieu(arr, communeParente(arr.code_insee)),
];

/**
 * The place of communes found by a name (findCommunes: the one searched first): an arrondissement
 * named as such (« Paris 15e », lireLieu) is searched alone, its city offered; otherwise an
 * arrondissement stands for its whole city (« Lyon »). With the centre of the commune searched when
 * its row gives it: not for a city searched with its arrondissements (their mean centre, centreDe).
 */
function lieuParNom(nom: string, trouvees: readonly CommuneTrouvee[]) {
  const [premiere] = trouvees;
  const arr =
    premiere &&
    nomCommuneNormalise(premiere.nom) === nom &&
    communeParente(premiere.code_insee) !== premiere.code_insee
      ? premiere
      : null;
  const lieux = arr ? avecVille(arr) : parVille(trouvees);
  const c = trouvees.find((t) => t.code_insee === lieux[0]!.code_insee);
  const seule = c && codesCommune(c.code_insee).length === 1 && c.lat !== null && c.lon !== null;
  return {
    lieux,
    proches: [],
    arrondissement: !!arr,
    ...(seule ? { centre: { lat: c.lat!, lon: c.lon! } } : {}),
  };
}

/**
 * Inhabitants (INSEE legal population) from which a commune that bears a département's exact name
 * is what « Où ? » means by it (Vienne, Isère; Mayenne): below, the département is searched and the
 * commune offered (docs/recherche.md « Où ? »).
 */
export const DEPARTEMENT_AVANT_COMMUNE_HABITANTS = 10_000;

/** What resolveLieu decided, and why (domain/lieu-retenu.ts). */
interface LieuResolu {
  readonly lieux: LieuRecherche[];
  readonly proches: LieuRecherche[];
  readonly discordant?: boolean;
  readonly centre?: { lat: number; lon: number };
  /** With `lieux`: why the first was retained. */
  readonly pourquoi?: PourquoiLieu;
  readonly departement?: { readonly code: string; readonly pourquoi: PourquoiDepartement };
  /** A région named (« Bretagne »): its INSEE code. */
  readonly region?: string;
  /** With `lieux`: the département « Où ? » also names (« Vienne »). */
  readonly aussiDepartement?: string;
  /** With `departement` by its name: the villages that bear that exact name (« La Réunion », 47). */
  readonly aussiCommunes?: LieuRecherche[];
}

/** A place found by a name (lieuParNom), its reason: an arrondissement named, else `sinon`. */
const avecPourquoi = (
  { arrondissement, ...l }: ReturnType<typeof lieuParNom>,
  sinon: (lieux: readonly LieuRecherche[]) => PourquoiLieu,
): LieuResolu => ({ ...l, pourquoi: arrondissement ? 'arrondissement' : sinon(l.lieux) });

/**
 * Resolves "Où ?" (read by domain/commune.ts lireLieu: a name, a postal code, or both, « st » for
 * « saint », an arrondissement as typed, a CEDEX mention left out): the commune and its homonyms
 * in `lieux` — an arrondissement named as such or by its postal code is searched alone, the whole
 * city offered after it; one only found among a city's names (« Lyon ») stands for its city; when a
 * name matches none, `proches` holds the nearest names (never searched silently). A département's
 * number (`75`), or its name when no commune has that exact name (`Rhône`), gives `departement`.
 */
async function resolveLieu(db: Executor, ou: string): Promise<LieuResolu> {
  // A département number (`75`, `2A`, `971`; a postal code has 5 digits): the whole département, no query.
  const numero = departementSaisi(ou);
  if (numero) return { lieux: [], proches: [], departement: { code: numero, pourquoi: 'numero' } };
  // A région's name (« Bretagne », « ile de france », « PACA »): the whole région, no query — before
  // the communes, a région being what such a name means (the villages named Bretagne, 36 and 90,
  // are found with their postal code: « Bretagne (90130) »).
  const region = regionNommee(ou);
  if (region) return { lieux: [], proches: [], region };
  const lu = lireLieu(ou);
  if (!lu) return { lieux: [], proches: [] };
  const { nom, code_postal: cp } = lu;
  // A city's « general » postal code (75000, 13000, 69000), alone or with the city's name: the whole city.
  const ville = cp ? villeDuCodeGeneral(cp) : null;
  const parCode = () => 'code_postal' as const;
  if (ville && (!nom || nom === ville))
    return avecPourquoi(lieuParNom(ville, await findCommunes(db, { nom: ville }, 10)), parCode);
  if (cp) {
    // Every commune of the code (findCommunes reads 200 rows at most): a village of a code shared
    // by more than 10 (« Évry (89140) », 18 communes) is found by its name, not cut off.
    const parCp = await findCommunes(db, { code_postal: cp }, 200);
    // An arrondissement's postal code (75015, 69003) is that arrondissement, with or without the
    // city's name or its own (« Paris 75015 »): the whole city is offered beside it.
    const arr = parCp.find((c) => communeParente(c.code_insee) !== c.code_insee);
    if (
      arr &&
      (!nom || nom === nomCommuneNormalise(arr.nom) || nom === nomCommuneNormalise(nomVille(arr.nom)))
    )
      return { lieux: avecVille(arr), proches: [], pourquoi: 'arrondissement' };
    // No commune has the code (a CEDEX code, La Poste's for mail: « Nantes Cedex 1 (44035) »): the
    // commune of that name in the code's department.
    if (parCp.length === 0 && nom) {
      const dans = (await findCommunes(db, { nom }, 10)).filter((c) => memeDepartement(cp, c.code_insee));
      if (dans.length) return avecPourquoi(lieuParNom(nom, dans), parCode);
    }
    const meme = parCp.filter((c) => memeNomTape(nom, c.nom));
    if (meme.length || !nom)
      return {
        lieux: (meme.length ? meme : parCp.slice(0, 10)).map((c) => enLieu(c)),
        proches: [],
        pourquoi: 'code_postal',
      };
    // The name and the postal code name different communes (« Nantes (75001) »): neither is searched
    // silently (docs/recherche.md « Où ? »); both are offered, the name's first.
    const parNom = parVille(await findCommunes(db, { nom }, 10)).slice(0, 3);
    const proches = [...parNom, ...(arr ? [enLieu(arr)] : parVille(parCp).slice(0, 1))].filter(
      (l, i, ls) => ls.findIndex((x) => x.code_insee === l.code_insee) === i,
    );
    return { lieux: [], proches, discordant: true };
  }
  const trouvees = await findCommunes(db, { nom }, 10);
  // A département's name (« Rhône », « Seine-Saint-Denis ») when no commune has that exact name as
  // typed, accents included — a city is its arrondissements' name (« Paris ») —, before the names
  // that start with it: « Loire » is the département, not Loiré (49) nor Loire-Authion; « Vienne »
  // stays the commune of Isère, the département one link away on the page.
  // A département's exact name also wins over the communes written so when none of them is a town
  // (DEPARTEMENT_AVANT_COMMUNE_HABITANTS): « La Réunion » is the département 974, not the village of
  // Lot-et-Garonne (506 inhabitants), offered one link away, and searched with its postal code
  // (« La Réunion (47700) ») or its département's number (« La Réunion (47) »); « Vienne » (Isère,
  // 30 000 inhabitants) stays the town. A commune of unknown population counts as a town.
  const departement = departementNomme(nom);
  const memes = trouvees.filter((t) => nomExact(t, nom) && memeGraphie(t, ou));
  if (
    departement &&
    memes.every((t) => t.population !== null && t.population < DEPARTEMENT_AVANT_COMMUNE_HABITANTS)
  )
    return {
      lieux: [],
      proches: [],
      departement: { code: departement, pourquoi: 'nom' },
      ...(memes.length ? { aussiCommunes: memes.map((t) => enLieu(t)) } : {}),
    };
  if (trouvees.length)
    return {
      ...avecPourquoi(lieuParNom(nom, trouvees), (lieux) => pourquoiDuNom(nom, lieux)),
      ...(departement ? { aussiDepartement: departement } : {}),
    };
  // A name and its département's number (« Nantes 44 », « Lyon 69 »): the commune of that name there.
  const nd = nomEtDepartement(nom);
  if (nd) {
    const dans = (await findCommunes(db, { nom: nd.nom }, 10)).filter(
      (c) => departementDuCodeInsee(c.code_insee) === nd.departement,
    );
    if (dans.length) return avecPourquoi(lieuParNom(nd.nom, dans), () => 'nom_et_departement');
  }
  // The start of a postal code submitted without choosing a suggestion (« 750 », « 440 »): the
  // communes the « Où ? » list offers for it (Paris whole first for « 750 »), never one searched
  // silently.
  if (/^\d{3,4}$/.test(ou.trim()))
    return {
      lieux: [],
      proches: (await suggestCommunes(db, ou.trim())).slice(0, 3).map((c) => ({
        ...c,
        code_departement: departementDuCodeInsee(c.code_insee),
      })),
    };
  // A distinctive word of a name, not its start (« Haÿ »: L'Haÿ-les-Roses): the communes whose name
  // holds it, most populous first, then the names near by letters (docs/recherche.md « Où ? »).
  // Distinct names only: "Vouliez-vous dire Saint-Denis ?" once, its homonyms come with it.
  const avecLeMot = motDistinctif(nom) ? parVille(await communesAvecLeMot(db, nom, 10)) : [];
  const noms = new Set<string>();
  const proches = [
    ...avecLeMot,
    ...parVille(communesLesPlusProches(nom, await communesProches(db, nom)).slice(0, 10)),
  ].filter((l) => !noms.has(l.nom) && !!noms.add(l.nom));
  return { lieux: [], proches: proches.slice(0, 3) };
}

/**
 * Searches formations visible to `acteur`. Words go through the French full-text index; when they
 * find nothing, unknown words are replaced by the nearest indexed ones (pg_trgm) and the results
 * are those of the correction (`suggestion`). Throws nothing for bad input: an unknown place gives
 * `lieuInconnu`.
 */
export async function rechercher(db: Executor, acteur: Acteur, c: Criteres): Promise<Resultats> {
  const vue = c.vue ?? vueDe(acteur);
  const publicSeulement = !!c.publicSeulement || vue === 'public';
  // Without a place given, a département's number or a postal code typed among the words
  // (« bts mco 69 », « boulanger 44000 ») is the place, as if typed in « Où ? »: taken out of the
  // words when it names one (a postal code no commune has stays a word).
  const sansLieu =
    !c.ou?.trim() &&
    !c.code_insee &&
    c.filtres?.lat === undefined &&
    !c.point &&
    c.filtres?.code_insee === undefined;
  // The apprenticeship typed among the words (« cap cuisine en apprentissage ») is the type-of-offer
  // filter, not a word the offers' text must contain — unless another type of offer is chosen.
  // An arrondissement glued to its city (« paris15 ») is read spaced out, as « Où ? » reads it.
  const qTape = c.q === undefined ? undefined : arrondissementsDecolles(c.q);
  // « près de moi » typed among the words: the user's position, unknown to the site — not a word,
  // said (the page asks for « Où ? ») rather than left out silently.
  const presDeMoiDansQ = presDeMoiDansLesMots(qTape);
  const qSansMoi = presDeMoiDansQ ? presDeMoiDansQ.q : qTape;
  const modaliteDansQ = c.facettes?.modalite === 'conventionne' ? null : modaliteDansLesMots(qSansMoi);
  const qSansModalite = modaliteDansQ ? modaliteDansQ.q : qSansMoi;
  const dansQ = sansLieu ? lieuDansLesMots(qSansModalite) : null;
  let resolu: LieuResolu | null = null;
  let lieuDansQ: LieuDansLesMots | null = null;
  if (dansQ) {
    const r = await resolveLieu(db, dansQ.terme);
    if (r.departement || r.lieux.length) {
      resolu = r;
      lieuDansQ = dansQ;
    }
  }
  const q = lieuDansQ ? lieuDansQ.q : qSansModalite;
  // A number after Paris, Lyon or Marseille that is none of its arrondissements (« marseille 17e »)
  // is no word to search: the whole city is offered with the number said (motsCommunes below).
  const requete = readRequete(
    q !== undefined && sansLieu && !lieuDansQ ? sansArrondissementInexistant(q) : q,
  );
  const mots = motsDe(requete.texte);
  const requeteIgnoree =
    requete.ignores.length > 0 &&
    !mots.length &&
    !requete.codes.length &&
    !requete.identifiants.sirets.length &&
    !requete.identifiants.sirens.length &&
    !requete.diplomes.length &&
    !requete.specialites.length;
  // The words' families and corrections do not depend on the place: asked while it is resolved
  // (each round trip to the database counts, measured under load).
  const famillesTapees = familles(db, mots);
  const correctionsTapees = corrections(db, mots);
  // Awaited below; a failure while the place is resolved must not leave them unhandled.
  for (const p of [famillesTapees, correctionsTapees]) p.catch(() => {});
  let lieu: LieuRetenu | null = null;
  let departement: DepartementRetenu | null = null;
  let region: RegionRetenue | null = null;
  let aussiDepartement: DepartementRecherche | null = null;
  let aussiCommunes: readonly LieuRecherche[] | null = null;
  let autresLieux: LieuRecherche[] = [];
  let centreConnu: { lat: number; lon: number } | null = null;
  if (resolu || c.ou?.trim()) {
    // « près de moi »: no commune is looked for (the message says what to type instead).
    const r = resolu ?? (estPresDeMoi(c.ou!) ? { lieux: [], proches: [] } : await resolveLieu(db, c.ou!));
    const { lieux, proches, discordant, centre, departement: dep } = r;
    centreConnu = centre ?? null;
    if (r.region) region = { code_region: r.region, nom: nomRegion(r.region) };
    else if (dep) {
      departement = {
        code_departement: dep.code,
        nom: NOMS_DEPARTEMENT[dep.code] ?? dep.code,
        pourquoi: dep.pourquoi,
      };
      if (r.aussiCommunes) aussiCommunes = r.aussiCommunes;
    } else if (lieux.length === 0)
      return {
        ...vide(),
        suggestion: null,
        corrigee: false,
        lieu: null,
        departement: null,
        region: null,
        aussiDepartement: null,
        autresLieux: [],
        lieuInconnu: true,
        lieuxProches: proches,
        lieuDiscordant: !!discordant,
        rayonIgnore: false,
        rayonKm: null,
        centreVille: null,
        termesIgnores: requete.ignores,
        requeteIgnoree,
        motsCommunes: [],
        moinsDeMots: [],
        lieuDansQ: null,
        plusLoin: null,
        modaliteDansQ,
        presDeMoiDansQ,
      };
    else {
      const [premier, ...autres] = lieux as [LieuRecherche, ...LieuRecherche[]];
      lieu = { ...premier, pourquoi: r.pourquoi ?? null };
      autresLieux = autres;
      const a = r.aussiDepartement;
      if (a) aussiDepartement = { code_departement: a, nom: NOMS_DEPARTEMENT[a] ?? a };
    }
  } else if (c.code_insee) {
    const code = c.code_insee.toUpperCase();
    lieu = {
      code_insee: code,
      nom: c.code_insee,
      code_postal: '',
      code_departement: departementDuCodeInsee(code),
      pourquoi: null,
    };
  }
  const communes = lieu ? codesCommune(lieu.code_insee) : null;
  let zone: Zone | null = null;
  let centreVille: Resultats['centreVille'] = null;
  if (lieu && c.rayon_km) {
    let centre = centreConnu ?? (await centreDe(db, communes!));
    // An arrondissement without a position (the built-in communes list has none): its city's centre
    // (its own line's, or its arrondissements' mean), said as such, rather than the arrondissement alone.
    const ville = communeParente(lieu.code_insee);
    if (!centre && ville !== lieu.code_insee) {
      centre = await centreDe(db, codesCommune(ville));
      if (centre) centreVille = { code_insee: ville, nom: nomVilleArrondissements(ville) ?? ville };
    }
    if (centre) zone = { ...centre, rayon_km: c.rayon_km };
  }
  if (!lieu && c.point) zone = { ...c.point };
  // The typed words' families, or those of their corrections (asked with them). A word written
  // otherwise than the commune it names (« maçon », Mâcon) and a derived word's stem (« maçonnerie »
  // → macon) match the offers' own text only, not their organismes' and places' names.
  const graphies = graphiesTapees(q ?? '');
  // A diploma typed (« BP », « brevet pro ») is one group of its forms, a specialty by its acronym
  // (« MCO ») one of its title and acronym: never corrected nor widened. Each term, as typed, with its
  // group (`metier`: matched in the offers' own text only).
  // Set once the words as typed (and corrected) find nothing: each word then also matches the words
  // that start with its French stem (domain/racine-elargie.ts), for the offers and the ways on below.
  let elargir = false;
  const termesDe = async (corriger: boolean): Promise<Terme[]> => {
    const tapees = await famillesTapees;
    const corr = corriger ? await correctionsTapees : new Map<string, Correction | null>();
    const termes: Terme[] = [...requete.diplomes, ...requete.specialites].map((d) => ({
      tape: d.tape,
      groupe: [...d.formes],
      metier: false,
    }));
    mots.forEach((w, i) => {
      const k = corr.get(w);
      const f = tapees.get(w) ?? familleSeule(w);
      const tape = graphies.get(w) ?? w;
      // A word that is not itself in the word list (recherche_mot) is also searched as the start of
      // longer ones (« auto »: automobile; « commerce » stays itself), the word itself ranked first;
      // the start of a word of the list is not corrected.
      const { debut, sansCorrection } = chercheCommeDebut(w, i === mots.length - 1, f);
      // An `autre` correction is searched only to know whether to suggest it (never shown so).
      if (k && !sansCorrection) termes.push({ tape, groupe: [...k.famille], metier: k.sorte === 'derive' });
      else {
        // A trade's activity words (« cuisinier »: cuisine), searched with it, ranked after it.
        const activites = f.activites.filter((a) => !f.mots.includes(a)).map((a) => `${a}${DERIVE}`);
        // Once the words as typed found nothing, its French stem's start too (« commerce »: commerc…).
        const aSaRacine = debut || (elargir && racineElargie(w, f.racine) !== null);
        termes.push({
          tape,
          groupe: [...f.mots, ...activites, ...(aSaRacine ? [`${w}${PREFIXE}`] : [])],
          metier: pasLeLieu(tape, f.communes),
        });
      }
    });
    return termes;
  };
  // `ici`: another place than the one asked (a wider radius, or none: plusLoin below).
  const criteres = async (corriger: boolean, sans = -1, ici = { zone, communes }) => {
    const termes = (await termesDe(corriger)).filter((_, i) => i !== sans);
    return {
      groupes: termes.filter((t) => !t.metier).map((t) => t.groupe),
      groupesMetier: termes.filter((t) => t.metier).map((t) => t.groupe),
      codes: requete.codes,
      identifiants: requete.identifiants,
      zone: ici.zone,
      communes: ici.communes,
      sessionsFermees: !publicSeulement,
      filtres: c.filtres ?? {},
      departement: departement?.code_departement ?? null,
      region: region?.code_region ?? null,
    };
  };
  const v = visibiliteOf(acteur);
  // A diploma type by any of its codes (« MC4 », a link of before) is its group's key (« MC »).
  const t = c.facettes?.type_diplome;
  const facettes = {
    ...c.facettes,
    ...(t === undefined ? {} : { type_diplome: cleTypeDiplome(t) }),
    ...(modaliteDansQ ? { modalite: modaliteDansQ.modalite } : {}),
  };
  const tri = c.tri ?? 'pertinence';
  // Without a place, the index's facet tokens answer in one statement (migration 0310); with one,
  // the candidates come with their sessions' places (distance, facets of the sessions in the zone).
  const chercher = async (
    corriger: boolean,
    sans = -1,
    ici = { zone, communes },
  ): Promise<{ a: Affinage; candidats: number }> => {
    const k = await criteres(corriger, sans, ici);
    if (!k.zone && !k.communes) {
      const p = await pageIndexAccueil(db, v, {
        ...k,
        facettes,
        tri,
        page: c.page ?? 1,
        taille: c.taille,
        aujourdhui: c.aujourdhui,
      });
      return { a: affinageIndex(p, c.taille), candidats: p.candidats };
    }
    const cs = await selectCandidats(db, v, k);
    return { a: affiner(cs, facettes, tri, c.page ?? 1, c.taille, c.aujourdhui), candidats: cs.length };
  };
  const [corr, tapes, tapees] = await Promise.all([correctionsTapees, chercher(false), famillesTapees]);
  let { a } = tapes;
  // A word searched as the start of longer ones (« auto ») is not corrected.
  const corrige = mots.map((m, i) =>
    chercheCommeDebut(m, i === mots.length - 1, tapees.get(m) ?? { connu: false, prefixe: false })
      .sansCorrection
      ? m
      : (corr.get(m)?.mot ?? m),
  );
  let suggestion =
    corrige.join(' ') !== mots.join(' ')
      ? [
          ...requete.diplomes.map((d) => d.tape),
          ...requete.specialites.map((d) => d.tape),
          ...corrige,
          ...requete.codes,
        ].join(' ')
      : null;
  let corrigee = false;
  if (tapes.candidats === 0 && suggestion) {
    const corrigees = await chercher(true);
    // A correction that finds nothing either is no suggestion: « Résultats pour … » over an empty
    // list misleads (its words may come from offers the reader cannot see, recherche_mot). One that
    // is another word, no typo (« serveur » → services), is only offered: « Vouliez-vous dire ».
    if (corrigees.candidats === 0) suggestion = null;
    else if (mots.every((m) => corr.get(m)?.sorte !== 'autre')) {
      a = corrigees.a;
      corrigee = true;
    }
  }
  // Nothing found as typed nor corrected (« bts commerce »): each word also as the start of its French
  // stem (commerc…: commercial), said so — the ways on below (fewer words, farther) are counted so too.
  let racinesElargies: RacineElargie[] = [];
  if (a.total === 0 && !corrigee) {
    const elargies = mots.flatMap((w, i) => {
      const f = tapees.get(w);
      const racine = f ? racineElargie(w, f.racine) : null;
      const debut = racine && chercheCommeDebut(w, i === mots.length - 1, f!).debut;
      return racine && !debut ? [{ mot: graphies.get(w) ?? w, racine }] : [];
    });
    if (elargies.length) {
      elargir = true;
      const e = await chercher(false);
      if (e.a.total > 0) {
        a = e.a;
        racinesElargies = elargies;
      }
    }
  }
  // Nothing has every word (« CAP pâtisserie »): the searches with one term left out that find
  // something, the most found first — a way on, never a dead end (docs/recherche.md « Moins de mots »).
  const moinsDeMots: MoinsDeMots[] = [];
  const termes = await termesDe(corrigee);
  if (a.total === 0 && termes.length >= 2 && termes.length <= TERMES_MOINS_DE_MOTS) {
    const essais = await Promise.all(termes.map((_, i) => chercher(corrigee, i)));
    essais.forEach(({ a: e }, i) => {
      if (e.total > 0) {
        // Said as typed (« CAP », not the normalised « cap »); a two-letter diploma (« BP ») is taken out too.
        const tape = termes[i]!.tape;
        const sans = motsDuTerme(tape).reduce((r, m) => sansMot(r, m), q ?? '');
        moinsDeMots.push({ sans: telQueTape(q ?? '', tape), q: sans, total: e.total });
      }
    });
    moinsDeMots.sort((x, y) => y.total - x.total);
  }
  // The place excludes every formation the words find (« cap cuisine » around Nantes: the nearest
  // at 80 km): the radius choice that reaches the nearest, else the search everywhere — before any
  // word is left out (docs/recherche.md « Où ? »).
  let plusLoinTrouve: PlusLoin | null = null;
  if (a.total === 0 && lieu && !requeteIgnoree) {
    if (zone && zone.rayon_km < RAYON_MAX_KM) {
      const cs = await selectCandidats(
        db,
        v,
        await criteres(corrigee, -1, {
          zone: { ...zone, rayon_km: RAYON_MAX_KM },
          communes,
        }),
      );
      plusLoinTrouve = plusLoin(cs, facettes, zone.rayon_km, c.aujourdhui);
    }
    if (!plusLoinTrouve) {
      const partout = await chercher(corrigee, -1, { zone: null, communes: null });
      if (partout.a.total > 0) plusLoinTrouve = { rayonKm: null, distanceKm: null, total: partout.a.total };
    }
  }
  // Without a place asked, a word that may be a commune (its lookup rides the words' statement,
  // familles) is offered as the place: the search cannot know which was meant.
  const motsCommunes: MotCommune[] = [];
  const arrondissementsTapes = new Set<string>();
  if (sansLieu && !lieuDansQ && mots.length) {
    for (const w of new Set(mots)) {
      const f = tapees.get(w);
      // The trade spelling (« maçon ») is told from every commune of that name, a village's too;
      // when the trade finds nothing, the town is offered all the same: a way on, not a dead end.
      const commune =
        f && (a.total === 0 || !pasLeLieu(graphies.get(w) ?? w, f.communes))
          ? communeDuMot(graphies.get(w) ?? w, f.communesOffertes, a.total === 0)
          : null;
      if (!commune) continue;
      // A city's arrondissement typed with it (« coiffure Paris 15e ») is the place, its number no word.
      // A number it has no arrondissement of (« paris 21 ») is no word either: the whole city, said.
      const arr = arrondissementDuMot(q ?? '', w, commune);
      if (arr) arrondissementsTapes.add(normaliser(arr.suivant));
      motsCommunes.push({
        mot: w,
        commune: arr?.commune ?? commune,
        q: arr ? sansMot(sansMot(q ?? '', w), normaliser(arr.suivant)) : sansMot(q ?? '', w),
        ...(arr?.inexistant ? { arrondissementInexistant: arr.inexistant } : {}),
      });
    }
  }
  const rows = await selectFormationRows(db, a.ids, v);
  const parId = new Map((await renderFormations(db, rows)).map((f) => [f.id, formationVue(f, vue)]));
  const { ids, ...reste } = a;
  return {
    ...reste,
    formations: ids.flatMap((id) => (parId.has(id) ? [parId.get(id)!] : [])),
    suggestion,
    corrigee,
    lieu,
    departement,
    region,
    aussiDepartement,
    ...(aussiCommunes ? { aussiCommunes } : {}),
    autresLieux,
    lieuInconnu: false,
    lieuxProches: [],
    lieuDiscordant: false,
    rayonIgnore: !!(lieu && c.rayon_km && !zone),
    rayonKm: zone?.rayon_km ?? null,
    centreVille,
    termesIgnores: requete.ignores.filter((m) => !arrondissementsTapes.has(normaliser(m))),
    requeteIgnoree,
    motsCommunes,
    moinsDeMots,
    racinesElargies,
    lieuDansQ,
    plusLoin: plusLoinTrouve,
    modaliteDansQ,
    presDeMoiDansQ,
  };
}

/**
 * What the page and the API say when "Où ?" names no commune and none is near, with what to do
 * (`verbe`: « saisissez » on the page, « donnez » in the API). Five digits of a known département that
 * no commune has are most likely a CEDEX code (La Poste's, for mail): said as such, the commune's
 * name being what to give.
 */
export const MESSAGE_COMMUNE_INTROUVABLE = (ou: string, verbe = 'saisissez') => {
  const t = ou.trim();
  if (estPresDeMoi(t))
    return `« ${t} » : ce site ne connaît pas votre position. ${verbe === 'saisissez' ? 'Saisissez' : 'Donnez'} une commune, un code postal ou un département (par exemple « Nantes », « 44000 » ou « 44 »).`;
  const departement = departementDuCodePostal(t)
    ?.split('|')
    .some((d) => d in NOMS_DEPARTEMENT);
  return departement
    ? `Commune introuvable : « ${t} » n’est le code postal d’aucune commune. Si c’est un code CEDEX (le courrier d’une entreprise ou d’une administration), il ne désigne pas de lieu : ${verbe} le nom de la commune (« Nantes Cedex 1 » se lit Nantes) ou son code postal.`
    : `Commune introuvable : aucune commune ne s’appelle « ${t} » ni n’a ce code postal. Vérifiez l’orthographe ou ${verbe} le code postal.`;
};

/** The API's refusal for the same case: 400 COMMUNE_INTROUVABLE on the `ou` parameter. */
export const communeIntrouvable = (ou: string) =>
  new OffreError('COMMUNE_INTROUVABLE', MESSAGE_COMMUNE_INTROUVABLE(ou, 'donnez'), { champ: 'ou' });

/** The API's refusal of a `q` with no letter nor digit (domain/recherche.ts requeteSansMot). */
export const aucunMotReconnu = (q: string) =>
  new OffreError('AUCUN_MOT_RECONNU', `Paramètre « q » : ${MESSAGE_AUCUN_MOT(q)}`, { champ: 'q' });

/** The API's refusal of `tri=distance` without a place (the page warns and sorts by relevance). */
export const triSansLieu = () =>
  new OffreError(
    'TRI_SANS_LIEU',
    'Paramètre « tri » : « distance » se compte depuis un lieu ; donnez « ou » (commune ou code postal), « code_insee » ou « lat » et « lon », ou choisissez un autre tri (pertinence, debut).',
    { champ: 'tri' },
  );

/** Rows read for the « Où ? » suggestions: a city's postal codes (Paris: 21) fold into one. */
const LIGNES_SUGGESTIONS = 60;

/**
 * Up to 10 communes for the "Où ?" autocomplete: by postal code prefix (digits), name prefix, or
 * both (« Saint-Denis 93200 »), as domain/commune.ts lireLieu reads what was typed; in the order
 * of domain/communes-suggerees.ts (the most populous first, Paris once and whole).
 */
export async function suggestCommunes(
  db: Executor,
  texte: string,
): Promise<{ code_insee: string; nom: string; code_postal: string }[]> {
  const saisie = lireLieu(texte, true);
  if (!saisie) return [];
  const rows = await communesSuggerables(db, saisie, LIGNES_SUGGESTIONS);
  return classerSuggestions(
    saisie.code_postal ? '' : saisie.nom,
    rows.map((r) => ({ ...r, nom_normalise: r.nom_normalise ?? '' })),
    10,
    saisie.code_postal ?? '',
  );
}
