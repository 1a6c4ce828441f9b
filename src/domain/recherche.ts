import { distance } from 'fastest-levenshtein';
import { type DiplomeTape, lireDiplomes } from './diplomes-synonymes.ts';
import { CHEZ_MOI, MOI, MOI_DANS_OU, PRES_DE, sansPrepositionsDeLieu } from './prepositions-lieu.ts';
import { lireSpecialite, type SpecialiteTapee } from './specialites-sigles.ts';
import { cleTypeDiplome, libelleTypeDiplome } from './types-diplome.ts';
// Public search, pure: reading the query (words and certification codes), the communes with
// arrondissements, and the refining of a candidate set (facet filters, facet counts, sort, pages).
// See docs/recherche.md.

/** Radii offered by the "Où ?" field, in km. */
export const RAYONS_KM = [10, 30, 50, 100] as const;
export const RAYON_PAR_DEFAUT_KM = 30;
export const TRIS = ['pertinence', 'distance', 'debut'] as const;
export type Tri = (typeof TRIS)[number];
export const MODALITES = ['apprentissage', 'conventionne'] as const;
export type Modalite = (typeof MODALITES)[number];

/**
 * Order of facet values: French, numbers by value ('2' before '10'). One collator for the process:
 * `localeCompare(…, 'fr', …)` builds one per call (measured: 2.2 ms → 0.07 ms of CPU to sort the 101
 * département values of a search, Node 20).
 */
export const compareValeurs = new Intl.Collator('fr', { numeric: true }).compare;

/** Lower case, without accents (NFD marks removed). */
export const normaliser = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * « près de moi », « autour de moi », « ici », « à proximité »… typed in « Où ? »: the user's own
 * position, which the site does not know (it never locates anyone). Not a commune's name: no
 * commune is looked for (« près de moi » would otherwise offer Val-des-Prés).
 */
const PRES_DE_MOI = new RegExp(
  `^(?:(?:${PRES_DE.join('|')})(?: (?:(?:de|d) )?(?:${MOI.join('|')}))?|${[...CHEZ_MOI, ...MOI_DANS_OU].join('|')})$`,
);
export const estPresDeMoi = (ou: string): boolean =>
  PRES_DE_MOI.test(
    normaliser(ou)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim(),
  );

/**
 * How an indexed word relates to a typed one the index lacks: `faute`, a plausible typo (at most
 * one letter to change per 4 typed, at least one: « boulanjer » → boulanger, « coiffeuse » →
 * coiffure, « vendeuse » → vendeur) — searched in its place; `derive`, a word of the same family —
 * its first 5 letters or more (« maçonnerie » → macon), or the same first 5 letters and not much
 * shorter (« comptable » → comptabilité) —, searched in the offers' own text only (a town's name in
 * an organisme's is no trade: macon, Mâcon); `autre`, another word (« serveur » → services, « automobile » → auto) —
 * only suggested, never searched silently.
 */
export type SorteCorrection = 'faute' | 'derive' | 'autre';

export function sorteCorrection(tape: string, indexe: string): SorteCorrection {
  if (distance(tape, indexe) <= Math.max(1, Math.floor(tape.length / 4))) return 'faute';
  if (indexe.length >= 5 && tape.startsWith(indexe)) return 'derive';
  if (tape.slice(0, 5) === indexe.slice(0, 5) && indexe.length >= tape.length - 2) return 'derive';
  return 'autre';
}

/**
 * Of the nearest indexed words (nearest first), the correction of a typed word, or null: the first
 * plausible typo or derivation; else the nearest other word, offered only (« serveur » → services),
 * if it starts as typed (3 letters): people rarely mistype a word's beginning, and a word that only
 * shares an ending is no help (« esthetique » → energetique).
 */
export function choisirCorrection<T extends { readonly mot: string; readonly sorte: SorteCorrection }>(
  tape: string,
  proches: readonly T[],
): T | null {
  return (
    proches.find((c) => c.sorte !== 'autre') ??
    proches.find((c) => c.mot.slice(0, 3) === tape.slice(0, 3)) ??
    null
  );
}

/** Marks a word searched as the start of indexed words too (db/recherche.repository.ts tsQuery). */
export const PREFIXE = '*';

/**
 * The end of a word of a group searched with the typed one but ranked after it (an activity word of
 * a trade typed, domain/metier-activite.ts: « cuisinier » → « cuisine~ »): a formation it alone
 * matches ranks at half its relevance (db/recherche.repository.ts RANG_DERIVE).
 */
export const DERIVE = '~';

/**
 * Whether a typed word (normalised) is also searched as the start of longer indexed words, when some
 * start with it (« mécanique auto »: automobile; « CAP pâtiss »): a word of 4 letters or more, or
 * the last word typed (3 letters or more: the one being typed). Shorter words would match too many.
 */
export const prefixable = (mot: string, dernier: boolean): boolean =>
  /^[a-z0-9]+$/.test(mot) && mot.length >= (dernier ? 3 : 4);

/**
 * Whether typed word `mot` is also searched as a word beginning: not itself in the word list
 * (`connu`), prefixable, and the start of a listed word (`prefixe`); it is then never corrected.
 * Without such a word, no beginning: the prefix is searched on the word's French stem, which may be
 * much shorter than the word (« deas » → « de »: every « dé… » offer for an unknown acronym).
 */
export const chercheCommeDebut = (
  mot: string,
  dernier: boolean,
  f: { readonly connu: boolean; readonly prefixe: boolean },
): { debut: boolean; sansCorrection: boolean } => {
  const debut = !f.connu && f.prefixe && prefixable(mot, dernier);
  return { debut, sansCorrection: debut };
};

/**
 * Whether a word typed with accents names a commune written otherwise (« maçon », Mâcon): it is then
 * not that place, and is searched in the offers' own text only. Typed without accents (« macon »),
 * or as the commune is written (« Mâcon »), it may be the place. `communes`: the names of the
 * communes whose normalised name is the word.
 */
export function pasLeLieu(tape: string, communes: readonly string[]): boolean {
  const t = tape.toLowerCase();
  return communes.length > 0 && t !== normaliser(t) && !communes.some((c) => c.toLowerCase() === t);
}

/** The words typed (lower case, accents kept) by their normalised form (motsDe's), the first one typed. */
export function graphiesTapees(q: string): Map<string, string> {
  const g = new Map<string, string>();
  for (const t of q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    const n = normaliser(t);
    if (n && !g.has(n)) g.set(n, t);
  }
  return g;
}

/**
 * The words of `q` a term stands for, as typed: `terme` is the term as the search reads it
 * (normalised, « cap », « brevet pro », « patisserie »), the answer the run of words of `q` it
 * was read from (« CAP », « Brevet Pro », « Pâtisserie »), or `terme` when `q` holds no such run.
 * For what the page says of a term (« Rechercher avec moins de mots »).
 */
export function telQueTape(q: string, terme: string): string {
  const voulus = normaliser(terme)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const texte = q.normalize('NFKC');
  const mots = [...texte.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  for (let i = 0; voulus.length && i + voulus.length <= mots.length; i++)
    if (voulus.every((v, j) => normaliser(mots[i + j]![0]) === v)) {
      const dernier = mots[i + voulus.length - 1]!;
      return texte.slice(mots[i]!.index, dernier.index + dernier[0].length);
    }
  return terme;
}

/** The normalised words of a term, short ones too (« bp »): what sansMot takes out of a query. */
export const motsDuTerme = (terme: string): string[] =>
  normaliser(terme)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Words of a text as the index stores them in recherche_mot: normalised, [a-z0-9]+, 3 characters or more. */
export const motsDe = (s: string): string[] =>
  normaliser(s)
    .split(/[^a-z0-9]+/)
    .filter((m) => m.length >= 3);

// RNCP/RS fiche codes (France compétences) and BCN diploma codes (CFD: 8 characters, digits first).
const CODE_FICHE = /^(RNCP|RS)\d{2,6}$/i;
const CODE_CFD = /^\d{3}[0-9A-Z]{5}$/i;
// An organisme's SIRET (14 digits) or SIREN (9), an establishment's UAI (7 digits and a letter; also
// CFD-shaped: searched as both).
const SIRET = /^\d{14}$/;
const SIREN = /^\d{9}$/;
const UAI = /^\d{7}[A-Z]$/i;

// A code's prefix typed apart from its number (« rncp 12281 », « RS 1234 », « cfd 50022103 »).
const PREFIXE_FICHE = /^(RNCP|RS)$/i;
const PREFIXE_CFD = /^CFD$/i;

/**
 * The whitespace-separated terms of `q` read in NFKC, a code's prefix joined to the number typed after
 * it (« rncp 12281 » → « rncp12281 », « cfd 50022103 » → « 50022103 »): the code, as typed without the
 * space. A prefix followed by anything else stays a word.
 */
export function jetons(q: string | undefined): string[] {
  const ts = (q ?? '').normalize('NFKC').trim().split(/\s+/).filter(Boolean);
  const r: string[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const suivant = ts[i + 1];
    if (suivant !== undefined && PREFIXE_FICHE.test(t) && /^\d{2,6}$/.test(suivant)) r.push(`${t}${ts[++i]}`);
    else if (suivant !== undefined && PREFIXE_CFD.test(t) && CODE_CFD.test(suivant)) r.push(ts[++i]!);
    else r.push(t);
  }
  return r;
}

/** Identifiers typed in q: an organisme's SIRET or SIREN, an establishment's UAI (upper case). */
export interface Identifiants {
  readonly sirets: readonly string[];
  readonly sirens: readonly string[];
  readonly uais: readonly string[];
}

export interface Requete {
  /** The text searched in the French full-text index (codes, diplomas, specialties taken out); '' when none. */
  readonly texte: string;
  /** Certification codes typed as such, upper case: matched exactly on the formation's codes. */
  readonly codes: readonly string[];
  /**
   * SIRETs, SIRENs and UAIs typed: a formation of that organisme (responsable or formateur; the SIREN
   * of either, or its owner's) or establishment (a role's UAI, a session's place's) matches. Like
   * codes, any code or identifier typed matches.
   */
  readonly identifiants: Identifiants;
  /** Diplomas typed by abbreviation or long name (« BP », « brevet pro »): any of their forms matches. */
  readonly diplomes: readonly DiplomeTape[];
  /** Specialties typed by their acronym (« MCO » beside « BTS »): their title or the acronym matches. */
  readonly specialites: readonly SpecialiteTapee[];
  /**
   * Terms typed that the search does not use (normalised): words shorter than 3 letters or digits
   * that are neither a diploma nor a specialty (« a », « x »), and French stop words (« pour »,
   * MOTS_VIDES). All of them when nothing else is searched (then the results are the whole offer);
   * otherwise only those that are not stop words (« de », « à », « pour » go unsaid). Empty when none.
   */
  readonly ignores: readonly string[];
}

/**
 * French stop words (normalised): PostgreSQL's `french` snowball list (tsearch_data/french.stop),
 * the one the index's `french_unaccent` configuration drops (migration 0001), its entries without
 * accents only (the configuration removes accents before the list is read: « été » is indexed),
 * « a » (« à » typed), and « les », which that list lacks (the index keeps it, stemmed « le »: « pour
 * les » would search every text with « le »). A query of the list's words alone finds nothing in the
 * index (test/recherche/mots-vides.test.ts checks the list against both engines). Typed between
 * words, they are not worth a notice.
 */
export const MOTS_VIDES: ReadonlySet<string> = new Set(
  `a les au ce de du en et il je la le ma me ne on ou qu sa se ta te tu un c d j l m n s t y es eu ai as
  aux avec ces dans des elle eux leur lui mais mes moi mon nos notre nous par pas pour que qui ses son
  sur tes toi ton une vos votre vous suis est sommes sont serai seras sera serons serez seront serais
  serait serions seriez seraient fus fut furent sois soit soyons soyez soient fusse fusses fussions
  fussiez fussent ayant ayante ayantes ayants eue eues eus avons avez ont aurai auras aura aurons aurez
  auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eurent aie aies ait
  ayons ayez aient eusse eusses eussions eussiez eussent`.split(/\s+/),
);

/**
 * Splits what was typed into certification codes, diplomas (domain/diplomes-synonymes.ts),
 * specialties by acronym (domain/specialites-sigles.ts) and words ("RNCP37537", "32031213 cuisine",
 * "brevet pro coiffure", "BTS MCO"), read in NFKC first: compatibility letters and digits are the
 * ones they stand for (« 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 » is « Unicode », full-width « ＲＮＣＰ３７５３７ » is RNCP37537).
 * Stop words of 3 letters or more (« pour », « dans ») are left out of the words searched, as the
 * index leaves them out: alone, they are ignored terms like the short ones. The words that introduce
 * a place (« près de », « autour de », « vers »: domain/prepositions-lieu.ts) are not searched either,
 * the place's name is (« BTS SIO près de Nantes » as « BTS SIO Nantes »), as after « sur ».
 */
export function readRequete(q: string | undefined): Requete {
  const codes: string[] = [];
  const mots: string[] = [];
  const identifiants = { sirets: [] as string[], sirens: [] as string[], uais: [] as string[] };
  for (const t of jetons(sansPrepositionsDeLieu(q ?? ''))) {
    if (SIRET.test(t)) identifiants.sirets.push(t);
    else if (SIREN.test(t)) identifiants.sirens.push(t);
    if (UAI.test(t)) identifiants.uais.push(t.toUpperCase());
    if (CODE_FICHE.test(t) || CODE_CFD.test(t)) codes.push(t.toUpperCase());
    else if (!SIRET.test(t) && !SIREN.test(t)) mots.push(t);
  }
  const { diplomes, reste } = lireDiplomes(normaliser(mots.join(' ')));
  const cles = diplomes.map((d) => d.formes[0]!);
  const specialites: SpecialiteTapee[] = [];
  const texte: string[] = [];
  // Terms not searched, in the order typed: too short, or stop words.
  const ecartes: string[] = [];
  for (const m of reste.split(' ').filter(Boolean)) {
    const s = lireSpecialite(m, cles);
    if (s) specialites.push(s);
    else if (m.length < 3 || MOTS_VIDES.has(m)) ecartes.push(m);
    else texte.push(m);
  }
  const rien =
    !texte.length &&
    !codes.length &&
    !diplomes.length &&
    !specialites.length &&
    !identifiants.sirets.length &&
    !identifiants.sirens.length;
  const ignores = rien ? ecartes : ecartes.filter((m) => !MOTS_VIDES.has(m));
  return {
    texte: texte.join(' '),
    codes,
    identifiants,
    diplomes,
    specialites,
    ignores: [...new Set(ignores)],
  };
}

/** « « a », « b » » */
const guillemets = (ms: readonly string[]) => ms.map((m) => `« ${m} »`).join(', ');

/**
 * What the page and the API say of terms the search did not use (Requete.ignores), `tout`: nothing
 * else was searched (the whole offer is listed). A single letter or a short term that is no stop
 * word is too short; a stop word of two letters or more (« de », « pour ») is a common word the
 * search ignores. Null when none.
 */
export function messageTermesIgnores(ignores: readonly string[], tout: boolean): string | null {
  if (!ignores.length) return null;
  const courants = ignores.filter((m) => m.length >= 2 && MOTS_VIDES.has(m));
  const courts = ignores.filter((m) => !courants.includes(m));
  const parties: string[] = [];
  if (courts.length) {
    const un = courts.length === 1;
    parties.push(
      `${un ? 'Le terme' : 'Les termes'} ${guillemets(courts)} ${un ? 'est trop court' : 'sont trop courts'} pour être ${un ? 'cherché' : 'cherchés'} (3 lettres ou chiffres au moins, sauf un sigle de diplôme comme « BP » ou « CAP »)`,
    );
  }
  if (courants.length) {
    const un = courants.length === 1;
    const debut = courts.length ? (un ? 'le mot' : 'les mots') : un ? 'Le mot' : 'Les mots';
    parties.push(
      `${debut} ${guillemets(courants)} ${un ? 'est un mot courant' : 'sont des mots courants'}, que la recherche ignore (comme « de », « dans » ou « avec »)`,
    );
  }
  const ignore = ignores.length === 1 ? 'il a été ignoré' : 'ils ont été ignorés';
  return `${parties.join(' et ')} : ${
    tout ? 'toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.' : `${ignore}.`
  }`;
}

/**
 * A query typed but with no letter nor digit once read in NFKC (« 👩‍🍳 », « ★ ✓ »): it names no word
 * to search and must not read as no query at all (the whole catalogue). Blank is no query.
 */
export const requeteSansMot = (q: string | undefined): boolean =>
  !!q?.trim() && !/[\p{L}\p{N}]/u.test(q.normalize('NFKC'));

/** What the page (on its field) and the API (AUCUN_MOT_RECONNU, `q`) say of such a query. */
export const MESSAGE_AUCUN_MOT = (q: string) =>
  `Aucun mot reconnu dans « ${q.trim()} » : la recherche attend des lettres ou des chiffres (un métier, un diplôme, un code RNCP ou CFD).`;

// INSEE COG: the three cities whose arrondissements are communes of their own in the files.
const ARRONDISSEMENTS: Readonly<Record<string, readonly [number, number]>> = {
  '75056': [75101, 75120], // Paris
  '69123': [69381, 69389], // Lyon
  '13055': [13201, 13216], // Marseille
};

/** The name of a city with arrondissements by its INSEE code (« Paris » for 75056), or null for another code. */
export const nomVilleArrondissements = (code: string): string | null =>
  ({ '75056': 'Paris', '69123': 'Lyon', '13055': 'Marseille' })[code] ?? null;

/** The INSEE codes a commune code stands for: the city and its arrondissements, or itself. */
export function codesCommune(codeInsee: string): string[] {
  const c = codeInsee.toUpperCase();
  const plage = ARRONDISSEMENTS[c];
  if (!plage) return [c];
  const codes = [c];
  for (let n = plage[0]; n <= plage[1]; n++) codes.push(String(n));
  return codes;
}

/** The city an arrondissement belongs to ('69383' → '69123'), or the code itself. */
export function communeParente(codeInsee: string): string {
  const n = Number(codeInsee);
  for (const [ville, [de, a]] of Object.entries(ARRONDISSEMENTS)) if (n >= de && n <= a) return ville;
  return codeInsee;
}

/**
 * An arrondissement's city and postal codes (La Poste: 75115 → 75056, ['75015']; 75116 → ['75016',
 * '75116']; 69383 → ['69003']; 13201 → ['13001']): a place stored under the city's code with one of
 * them is in the arrondissement (migration 1100). Null for any other code.
 */
export function arrondissementParCodePostal(
  codeInsee: string,
): { readonly ville: string; readonly codes_postaux: readonly string[] } | null {
  const ville = communeParente(codeInsee);
  if (ville === codeInsee) return null;
  const n = Number(codeInsee) - ARRONDISSEMENTS[ville]![0] + 1;
  const nn = String(n).padStart(2, '0');
  const codes_postaux =
    ville === '75056'
      ? [`750${nn}`, ...(n === 16 ? ['75116'] : [])]
      : [ville === '69123' ? `6900${n}` : `130${nn}`];
  return { ville, codes_postaux };
}

/** Rentrée year of a start date: 1 August of year Y to 31 July of Y+1 is rentrée Y. */
export function rentreeDe(debut: string): number {
  const annee = Number(debut.slice(0, 4));
  return debut.slice(5) >= '08-01' ? annee : annee - 1;
}

/** One session place of a candidate, as the index holds it. */
export interface LieuCandidat {
  readonly region: string | null;
  readonly departement: string | null;
  /** 'YYYY-MM-DD' or null. */
  readonly debut: string | null;
  readonly ouvert: boolean;
  /** km from the searched commune's centre; null without a searched place or coordinates. */
  readonly distance: number | null;
}

/** A formation that matches the words and the place, with what the facets need. */
export interface Candidat {
  readonly id: string;
  /** ts_rank of the document (higher is better); 0 without words. */
  readonly rang: number;
  readonly niveau: string | null;
  readonly type_diplome: string | null;
  readonly apprentissage: boolean;
  readonly conventionne: boolean;
  readonly parcoursup: boolean;
  readonly affelnet: boolean;
  readonly lieux: readonly LieuCandidat[];
  /**
   * Start dates ('YYYY-MM-DD', ascending) of every session of the formation that counts for this
   * view, wherever it is (not only the searched place's): the card's « Prochaine session » and the
   * sort by date, as in a search by words and on the formation page. Absent: the places' dates.
   */
  readonly debuts?: readonly string[];
}

export interface Facettes {
  niveau?: string;
  type_diplome?: string;
  rentree?: number;
  /** Recruitment open in at least one session. */
  ouvert?: boolean;
  parcoursup?: boolean;
  affelnet?: boolean;
  region?: string;
  departement?: string;
  modalite?: Modalite;
}

export type NomFacette = keyof Facettes;
/** Count of candidates per value of a facet, values sorted. */
export type Compte = readonly { readonly valeur: string; readonly nombre: number }[];

export interface Affinage {
  /** Ids of the requested page, in order. */
  readonly ids: readonly string[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** Each facet counted over the candidates that pass every other facet filter. */
  readonly facettes: Readonly<Record<NomFacette, Compte>>;
  /** km from the searched place's centre, for the page's formations that have one. */
  readonly distances: ReadonlyMap<string, number>;
  /** Next start date on or after today, per formation of the page. */
  readonly prochainDebut: ReadonlyMap<string, string>;
}

/** Every facet, in the order of the page's filters. */
export const NOMS_FACETTES: readonly NomFacette[] = [
  'niveau',
  'type_diplome',
  'rentree',
  'ouvert',
  'parcoursup',
  'affelnet',
  'region',
  'departement',
  'modalite',
];

/**
 * A facet's value as the index stores it, as the filter offers it: a diploma type by its group's key
 * (« MC4 » → « MC », domain/types-diplome.ts); others as they are.
 */
export const valeurFacette = (nom: NomFacette, v: string): string =>
  nom === 'type_diplome' ? cleTypeDiplome(v) : v;

/** A facet's counts in the list's order: French, numbers by value; diploma types by their label. */
export function trierCompte(nom: NomFacette, cs: { valeur: string; nombre: number }[]): Compte {
  const cle = (v: string) => (nom === 'type_diplome' ? libelleTypeDiplome(v) : v);
  return cs.sort((a, b) => compareValeurs(cle(a.valeur), cle(b.valeur)));
}

/** The values a candidate takes for a facet (several for session-level facets). */
function valeurs(c: Candidat, nom: NomFacette): string[] {
  switch (nom) {
    case 'niveau':
      return c.niveau ? [c.niveau] : [];
    case 'type_diplome':
      return c.type_diplome ? [cleTypeDiplome(c.type_diplome)] : [];
    case 'rentree':
      return [...new Set(c.lieux.flatMap((l) => (l.debut ? [String(rentreeDe(l.debut))] : [])))];
    case 'ouvert':
      return c.lieux.some((l) => l.ouvert) ? ['true'] : [];
    case 'parcoursup':
      return c.parcoursup ? ['true'] : [];
    case 'affelnet':
      return c.affelnet ? ['true'] : [];
    case 'region':
      return [...new Set(c.lieux.flatMap((l) => (l.region ? [l.region] : [])))];
    case 'departement':
      return [...new Set(c.lieux.flatMap((l) => (l.departement ? [l.departement] : [])))];
    case 'modalite':
      return [...(c.apprentissage ? ['apprentissage'] : []), ...(c.conventionne ? ['conventionne'] : [])];
  }
}

const passe = (c: Candidat, f: Facettes, sauf?: NomFacette) =>
  NOMS_FACETTES.every((nom) => {
    const v = f[nom];
    if (nom === sauf || v === undefined || v === false) return true;
    return valeurs(c, nom).includes(String(v));
  });

const minimum = (xs: readonly (number | null)[]) => {
  const ns = xs.filter((x): x is number => x !== null);
  return ns.length ? Math.min(...ns) : null;
};

const prochain = (c: Candidat, aujourdhui: string) =>
  (c.debuts ?? c.lieux.map((l) => l.debut)).filter((d): d is string => !!d && d >= aujourdhui).sort()[0] ??
  null;

/**
 * The relevance band of a rank (ts_rank): ranks within about 10 % of each other share a band
 * (`round(ln(rang) / ln(1.1))`), i.e. count as the same relevance; a rank of 0 (no words) is the
 * lowest band. ts_rank saturates near 1 for offers that have every word in their title (« CAP
 * Cuisine » ranks 0.9910 to 0.9999 depending on how often the words recur in its objectif or its
 * organisme's name): these differences say nothing a reader would call more relevant.
 */
export const bandeDePertinence = (rang: number): number =>
  rang > 0 ? Math.round(Math.log(rang) / Math.log(1.1)) : Number.NEGATIVE_INFINITY;

/**
 * Applies the facet filters, counts each facet, sorts (pertinence: relevance band, then — around a
 * place — the nearest session, then rank, then id; distance: nearest session first, to the metre;
 * debut: next start on or after `aujourdhui` first, none last) and cuts page `page` (from 1,
 * clamped to the last page) of `taille` formations. The distances given are rounded to 0.1 km.
 */
export function affiner(
  candidats: readonly Candidat[],
  f: Facettes,
  tri: Tri,
  page: number,
  taille: number,
  aujourdhui: string,
): Affinage {
  const retenus = candidats.filter((c) => passe(c, f));
  const facettes = {} as Record<NomFacette, Compte>;
  for (const nom of NOMS_FACETTES) {
    const n = new Map<string, number>();
    for (const c of candidats)
      if (passe(c, f, nom)) for (const v of valeurs(c, nom)) n.set(v, (n.get(v) ?? 0) + 1);
    facettes[nom] = trierCompte(
      nom,
      [...n.entries()].map(([valeur, nombre]) => ({ valeur, nombre })),
    );
  }
  const distance = new Map(retenus.map((c) => [c.id, minimum(c.lieux.map((l) => l.distance))]));
  const debut = new Map(retenus.map((c) => [c.id, prochain(c, aujourdhui)]));
  const apres = (a: number | string | null, b: number | string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  const ordre = [...retenus].sort((a, b) => {
    const d =
      tri === 'distance'
        ? apres(distance.get(a.id)!, distance.get(b.id)!)
        : tri === 'debut'
          ? apres(debut.get(a.id)!, debut.get(b.id)!)
          : bandeDePertinence(b.rang) - bandeDePertinence(a.rang) ||
            apres(distance.get(a.id)!, distance.get(b.id)!) ||
            b.rang - a.rang;
    return d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  const pages = Math.max(1, Math.ceil(ordre.length / taille));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const ids = ordre.slice((p - 1) * taille, p * taille).map((c) => c.id);
  return {
    ids,
    total: ordre.length,
    page: p,
    pages,
    facettes,
    distances: new Map(
      ids.flatMap((id) => (distance.get(id) != null ? [[id, Math.round(distance.get(id)! * 10) / 10]] : [])),
    ),
    prochainDebut: new Map(ids.flatMap((id) => (debut.get(id) ? [[id, debut.get(id)!]] : []))),
  };
}

/**
 * Near communes (trigram candidates, nearest first) ordered for "Vouliez-vous dire": fewest
 * letters to change first (Levenshtein distance between normalised names), then the most populous
 * (unknown last); the trigram order breaks the remaining ties. « Nants » is one letter from both
 * Nant (1,008 inhabitants) and Nantes (323,204): Nantes comes first, Nantua (two letters) after.
 */
export function communesLesPlusProches<T extends { nom_normalise: string; population: number | null }>(
  nom: string,
  candidates: readonly T[],
): T[] {
  const lettres = new Map(candidates.map((c) => [c, distance(c.nom_normalise, nom)]));
  return [...candidates].sort(
    (a, b) => lettres.get(a)! - lettres.get(b)! || (b.population ?? -1) - (a.population ?? -1),
  );
}
