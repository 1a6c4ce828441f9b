import { arrondissementTape } from './arrondissements.ts';
import { erreurChamp } from './erreur-champ.ts';
import { sansEspaces } from './identifiants.ts';

// Commune names and postal codes as people write them (pure: no I/O).
//
// A place names its commune the way the organisation copied it: the official name with its
// article ("La Rochelle"), the COG name without it ("Rochelle") or with it after a comma or in
// brackets ("Rochelle (La)"), La Poste's routing label ("PARIS 17", "ST ETIENNE", capitals
// without accents or hyphens, cut at 32 characters) or a CEDEX label ("NANTES CEDEX 1").
// These helpers reduce all of them to one comparison key (docs/referentiels.md § Communes).

/** The articles of the COG (TNCC 2 to 8): Le, La, Les, L', Aux, Las, Los. */
const ARTICLES = 'LE|LA|LES|L|AUX|LAS|LOS';
const ARTICLE_DEVANT = new RegExp(`^(?:${ARTICLES}) (?=.)`);
const ARTICLE_APRES = new RegExp(`^(.+?),? \\((?:${ARTICLES})\\)$|^(.+?), (?:${ARTICLES})$`);

/** A CEDEX label: "NANTES CEDEX 1", "Nantes Cedex 01", "RENNES CEDEX" (case and accents ignored). */
const CEDEX = /^(.*?)[\s,]+C[EÉ]DEX(?:\s+(\d{1,3}))?\s*$/i;

export interface CommuneLue {
  /** The commune's name without the CEDEX mention. */
  readonly nom: string;
  /** 'CEDEX' or 'CEDEX 1' (number without leading zeros) when the label is a CEDEX label, else null. */
  readonly cedex: string | null;
}

/** Splits a commune label into the commune's name and its CEDEX mention: "NANTES CEDEX 1" → { nom: 'NANTES', cedex: 'CEDEX 1' }. */
export function readCommune(libelle: string): CommuneLue {
  const m = CEDEX.exec(libelle.trim());
  if (!m?.[1]) return { nom: libelle.trim(), cedex: null };
  return { nom: m[1].trim(), cedex: m[2] ? `CEDEX ${Number(m[2])}` : 'CEDEX' };
}

/** A postal code written with its CEDEX mention, as on an envelope: « 53012 CEDEX », « 69 421 Cedex 03 ». */
const CODE_POSTAL_CEDEX = /^(\d{2}\s?\d{3})[\s,]*C[EÉ]DEX(?:\s*(\d{1,3}))?$/i;

/**
 * Splits a postal code written with a CEDEX mention into its five digits and the mention (as
 * readCommune writes it): « 53012 CEDEX » → { code_postal: '53012', cedex: 'CEDEX' }, « 53000 cedex
 * 09 » → { code_postal: '53000', cedex: 'CEDEX 9' }. Null for anything else.
 */
export function lireCodePostalCedex(
  v: string | null | undefined,
): { readonly code_postal: string; readonly cedex: string } | null {
  const m = v ? CODE_POSTAL_CEDEX.exec(v.trim()) : null;
  if (!m) return null;
  return { code_postal: sansEspaces(m[1]!), cedex: m[2] ? `CEDEX ${Number(m[2])}` : 'CEDEX' };
}

/** A CEDEX mention as readCommune writes it (« Cedex 01 » → « CEDEX 1 »); another text as typed, trimmed. */
export function mentionCedex(v: string): string {
  return readCommune(`X ${v.trim()}`).cedex ?? v.trim();
}

/** The API's refusal of a postal code written with a CEDEX mention (lieu.code_postal). */
export const messageCodePostalCedex = (v: string) =>
  `« ${v.trim()} » : un code postal s’écrit en 5 chiffres, sans la mention CEDEX. Pour un code CEDEX (courrier), indiquez ses 5 chiffres dans code_postal, la mention CEDEX dans cedex et la commune, qui situe le lieu, dans commune.`;

/** Upper case, no accents, every run of non-alphanumerics (hyphens, apostrophes, "S/") as one space. */
function majusculesSansAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .toUpperCase()
    .replace(/\bS\/S\b\s*/g, 'SOUS ')
    .replace(/\bS\/\s*/g, 'SUR ')
    .replace(/[^A-Z0-9(),]+/g, ' ')
    .replace(/\s*([(),])\s*/g, (_, p: string) => (p === '(' ? ' (' : p === ')' ? ')' : ', '))
    .trim();
}

const cles = new Map<string, string>();

/**
 * The key two names of the same commune share: no accents, case, hyphens or apostrophes;
 * 'ST'/'STE' read as 'SAINT'/'SAINTE'; no leading or trailing article; no CEDEX mention; no
 * arrondissement ("Paris 17e Arrondissement", "PARIS 17" and "Paris" give 'PARIS').
 * Memoised: a catalogue has few distinct names.
 */
export function cleNomCommune(nom: string): string {
  let k = cles.get(nom);
  if (k === undefined) {
    k = computeCle(nom);
    if (cles.size > 50_000) cles.clear();
    cles.set(nom, k);
  }
  return k;
}

function computeCle(nom: string): string {
  let n = majusculesSansAccents(readCommune(nom).nom);
  const apres = ARTICLE_APRES.exec(n);
  if (apres) n = (apres[1] ?? apres[2])!;
  return n
    .replace(/[(),]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ARTICLE_DEVANT, '')
    .replace(/\bSTE?\b/g, (m) => (m === 'ST' ? 'SAINT' : 'SAINTE'))
    .replace(/ \d{1,2}(?:ER|E|EME)?(?: ARRONDISSEMENT)?$/, '');
}

/** La Poste's routing-label form: capitals, no accents, single spaces, 'ST'/'STE' abbreviations. */
function formeLaPoste(nom: string): string {
  return majusculesSansAccents(readCommune(nom).nom)
    .replace(/[(),]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\bSAINT(E?)\b/g, 'ST$1');
}

/** La Poste cuts routing labels at 32 characters (norme NF Z10-011). */
const LIBELLE_POSTE_MAX = 32;

/**
 * Whether a name written on a place designates this official commune name: same key
 * (see cleNomCommune), or La Poste's routing label cut at 32 characters from a longer name.
 */
export function memeCommune(ecrit: string, officiel: string): boolean {
  if (cleNomCommune(ecrit) === cleNomCommune(officiel)) return true;
  const poste = formeLaPoste(officiel);
  if (poste.length <= LIBELLE_POSTE_MAX) return false;
  const e = formeLaPoste(ecrit);
  return e.length >= LIBELLE_POSTE_MAX - 6 && poste.startsWith(e);
}

/**
 * The department a postal code belongs to, as INSEE codes it: '44' for 44035, '2A|2B' for
 * Corsica (20xxx), three digits overseas (97x, 98x; '971|977|978' for 971xx). Null for anything but five digits.
 */
export function departementDuCodePostal(cp: string): string | null {
  if (!/^\d{5}$/.test(cp)) return null;
  // Saint-Barthélemy (977) and Saint-Martin (978) kept Guadeloupe's postal codes (971xx).
  if (cp.startsWith('971')) return '971|977|978';
  if (cp.startsWith('97') || cp.startsWith('98')) return cp.slice(0, 3);
  if (cp.startsWith('20')) return '2A|2B';
  return cp.slice(0, 2);
}

/** The department of an INSEE commune code: '44' for 44109, '2A' for 2A004, '975' for 97502. */
export function departementDuCodeInsee(code: string): string {
  return code.startsWith('97') || code.startsWith('98') ? code.slice(0, 3) : code.slice(0, 2);
}

/** Whether a postal code may serve a commune of this INSEE code (same department; Corsica both ways). */
export function memeDepartement(cp: string, codeInsee: string): boolean {
  const d = departementDuCodePostal(cp);
  return !!d?.split('|').includes(departementDuCodeInsee(codeInsee));
}

// ── « Où ? » and the commune fields: what a person types for a place ─────────────────────────────

/**
 * A commune name as the communes reference indexes it (`commune.nom_normalise`, migration 0300:
 * lower case, no accents, one space for any run of other characters), with 'st'/'ste' before
 * another word read as 'saint'/'sainte' (« st etienne » is Saint-Étienne). The one matching of the
 * public search, the API's `ou`, the communes autocompletion and the session form's place.
 */
export function nomCommuneNormalise(nom: string): string {
  return nom
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\b(st|ste)\b(?= )/g, (m) => (m === 'st' ? 'saint' : 'sainte'));
}

/** Words that link the parts of a commune's name (normalised): never distinctive on their own. */
const MOTS_DE_LIAISON: ReadonlySet<string> = new Set([
  ...ARTICLES.toLowerCase().split('|'),
  'sur',
  'sous',
  'les',
  'lez',
  'de',
  'du',
  'des',
  'd',
  'en',
  'et',
  'au',
  'saint',
  'sainte',
]);

/**
 * Whether a normalised name typed in « Où ? » (nomCommuneNormalise) is distinctive enough to offer
 * the communes whose name holds it as a whole word (« hay » → L'Haÿ-les-Roses): at least one word
 * of 3 letters or more that is no linking word (« sur », « les », « saint »…), which would offer
 * a thousand communes.
 */
export function motDistinctif(nom: string): boolean {
  return nom.split(' ').some((m) => m.length >= 3 && !MOTS_DE_LIAISON.has(m));
}

/** The COG's articles as nomCommuneNormalise writes them (« L' » is 'l'). */
const ARTICLES_NORMALISES = ARTICLES.toLowerCase().split('|');
const ARTICLE_NORMALISE_DEVANT = new RegExp(`^(?:${ARTICLES.toLowerCase()}) (?=.)`);

/**
 * The names (normalised) a name typed without its article may stand for: the official name with
 * each article of the COG in front (« ile d yeu » → 'l ile d yeu', 'le ile d yeu'…: L'Île-d'Yeu).
 * None when the name typed has an article (« Le Vernet » is not Vernet) or fewer than 3 letters.
 */
export function nomsAvecArticle(nom: string): string[] {
  return nom.length < 3 || ARTICLE_NORMALISE_DEVANT.test(nom)
    ? []
    : ARTICLES_NORMALISES.map((a) => `${a} ${nom}`);
}

/**
 * Whether a commune's name (`officiel`, as written) is the name typed (`tape`, normalised:
 * nomCommuneNormalise), its article aside when the name typed has none: « ile d yeu » is
 * L'Île-d'Yeu, « mans » Le Mans, « vernet » both Vernet and Le Vernet; « le vernet » only Le Vernet.
 */
export function memeNomTape(tape: string, officiel: string): boolean {
  const n = nomCommuneNormalise(officiel);
  return n === tape || nomsAvecArticle(tape).includes(n);
}

/**
 * A commune's name compared as written, accents kept: like nomCommuneNormalise otherwise (case,
 * hyphens and apostrophes, « st » for « saint »). « Loire » is not « Loiré »; « st martin » is
 * « Saint-Martin ».
 */
export function nomCommuneGraphie(nom: string): string {
  return nom
    .normalize('NFC')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^\p{L}0-9]+/gu, ' ')
    .trim()
    .replace(/\b(st|ste)\b(?= )/g, (m) => (m === 'st' ? 'saint' : 'sainte'));
}

/** A place as typed: a normalised name ('' when none) and/or a postal code (null when none). */
export interface LieuTape {
  readonly nom: string;
  readonly code_postal: string | null;
}

/** A CEDEX mention anywhere in a place (« Nantes Cedex 1 (44035) », « 44000 CEDEX »). */
const MENTION_CEDEX = /(^|[\s,])C[EÉ]DEX(?:\s*\d{1,3})?(?=$|[\s,()])/gi;

/**
 * Reads a place as people type it: « 44000 », « Nantes », « Nantes (44000) », « Nantes 44000 »,
 * « Nantes, 44000 » or « 44000 Nantes », a CEDEX mention left out (« Nantes Cedex 1 »,
 * « 44000 CEDEX »), an arrondissement as people write it read as the reference names it
 * (« Paris 15 », « Paris XVe » → 'paris 15e arrondissement', domain/arrondissements.ts). With
 * `prefixe` (autocompletion, a start of what is being typed), 2 to 4 digits alone are the start of
 * a postal code too, and a name is taken as typed. Null when nothing is left.
 */
export function lireLieu(texte: string, prefixe = false): LieuTape | null {
  const t = texte.replace(MENTION_CEDEX, '$1').trim();
  if (/^\d{5}$/.test(t) || (prefixe && /^\d{2,5}$/.test(t))) return { nom: '', code_postal: t };
  const m = /^(.*?)[\s,]*\(?\s*(\d{5})\s*\)?$/.exec(t) ?? /^(\d{5})[\s,]+(\D.*)$/.exec(t);
  const [nom, code_postal] = !m ? [t, null] : /^\d/.test(m[1]!) ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
  const lu = nomCommuneNormalise(nom);
  const n = prefixe ? lu : (arrondissementTape(lu) ?? lu);
  return n || code_postal ? { nom: n, code_postal } : null;
}

/**
 * A normalised commune name followed by a département number, as people tell homonyms apart
 * (« nantes 44 », « lyon 69 », « ajaccio 2a »): the name and the number, or null. An
 * arrondissement (« marseille 13 ») is read before (lireLieu, arrondissementTape).
 */
export function nomEtDepartement(nom: string): { readonly nom: string; readonly departement: string } | null {
  const m = /^(.*[a-z].*) (\d{2,3}|2[ab])$/.exec(nom);
  return m ? { nom: m[1]!, departement: m[2]!.toUpperCase() } : null;
}

/** A commune of the reference, as a place is resolved to it. */
export interface CommuneCandidate {
  readonly code_insee: string;
  readonly code_postal: string;
  readonly nom: string;
  readonly lat: number | null;
  readonly lon: number | null;
}

/** Which commune a typed place is, or why none is: the one decision of the session form and the workbook import. */
export type ChoixCommune<C extends CommuneCandidate> =
  | { readonly commune: C }
  | {
      readonly code: 'LIEU_INCONNU' | 'LIEU_A_PRECISER' | 'LIEU_HORS_CODE_POSTAL' | 'CODE_POSTAL_INVALIDE';
      readonly message: string;
      readonly champ: 'lieu.code_postal' | 'lieu.commune' | 'lieu.choix';
      /** LIEU_A_PRECISER: the communes to pick from; LIEU_HORS_CODE_POSTAL: the postal code's. */
      readonly communes: readonly C[];
    };

/**
 * Picks the commune of a typed place (`cp`, five digits, and/or `nom`) among `candidats`: the
 * communes of that postal code, or (without one) the communes whose name starts with it
 * (nomCommuneNormalise). With both, several communes of the postal code are narrowed to the
 * same name; a postal code of one commune is that commune. None → LIEU_INCONNU; several → LIEU_A_PRECISER.
 */
export function choisirCommune<C extends CommuneCandidate>(
  cp: string | null,
  nom: string | null,
  candidats: readonly C[],
): ChoixCommune<C> {
  const simple = nomCommuneNormalise;
  if (candidats.length === 0)
    return {
      code: 'LIEU_INCONNU',
      message: cp
        ? nom && readCommune(nom).cedex
          ? // A CEDEX code is La Poste's, for mail: right as such, but no commune's; the public needs the place.
            `Le code postal ${cp} est un code CEDEX (« ${nom} ») : il sert à distribuer le courrier, ne désigne aucune commune et le référentiel des communes ne le connaît pas ; la commune se lit dans son nom, cherché parmi les communes du département du code.`
          : `Aucune commune n’a le code postal ${cp} dans le référentiel des communes : vérifiez-le.`
        : `Aucune commune ne commence par « ${nom} » dans le référentiel des communes : vérifiez le nom ou indiquez le code postal.`,
      champ: cp ? 'lieu.code_postal' : 'lieu.commune',
      communes: [],
    };
  let retenus = candidats;
  if (cp && nom && retenus.length > 1) {
    const n = simple(nom);
    const memes = retenus.filter((c) => memeNomTape(n, c.nom));
    if (memes.length) retenus = memes;
  }
  // No postal code: the one commune of the exact name typed, its article aside (its postal codes
  // aside: the first, as listed), as the public search's « Où ? » retains it (lieu-retenu.ts
  // `seule`); homonyms to pick (« Vernet »: Vernet and the Le Vernet).
  if (!cp && retenus.length > 1) {
    const exact = retenus.filter((c) => memeNomTape(simple(nom ?? ''), c.nom));
    if (exact.length && new Set(exact.map((c) => c.code_insee)).size === 1) retenus = exact.slice(0, 1);
  }
  if (retenus.length === 1) return { commune: retenus[0]! };
  return {
    code: 'LIEU_A_PRECISER',
    message: `${retenus.length} communes correspondent${cp ? ` au code postal ${cp}` : ` à « ${nom} »`} : choisissez la vôtre dans la liste.`,
    champ: 'lieu.choix',
    communes: retenus,
  };
}

/**
 * Whether two spellings name the same commune (« LAVAL », « laval » and « Laval »; « st nazaire »
 * and « Saint-Nazaire »; « Rochelle (La) » and « La Rochelle »): same key (cleNomCommune) and same
 * CEDEX mention.
 */
export function memeNomDeCommune(a: string, b: string): boolean {
  return cleNomCommune(a) === cleNomCommune(b) && readCommune(a).cedex === readCommune(b).cedex;
}

/**
 * A place's commune name as stored once found in the reference: the official name, with the
 * CEDEX mention written after it (« NANTES CEDEX 1 » → « Nantes CEDEX 1 »).
 */
export function nomOfficiel(ecrit: string | null, officiel: string): string {
  const cedex = ecrit ? readCommune(ecrit).cedex : null;
  return cedex ? `${officiel} ${cedex}` : officiel;
}

/**
 * The arrondissement a postal code designates when the name typed is its city's (« 69003 Lyon »,
 * « 75016 PARIS », « 13003 Marseille ») or its own: the reference lists the city (69123) under each
 * of its arrondissements' postal codes, next to the arrondissement (69383), and the place is the
 * arrondissement. Null when `memes` (the postal code's communes of that name) are not one city and
 * one of its arrondissements, or when the name typed designates another arrondissement (« Paris 15 »).
 */
function seulArrondissement<C extends CommuneCandidate>(nom: string, memes: readonly C[]): C | null {
  const v = VILLES_ARRONDISSEMENTS.find((x) => memes.some((c) => c.code_insee === x.code_insee));
  if (!v || !memes.every((c) => c.code_insee === v.code_insee || v.re.test(c.code_insee))) return null;
  const arrondissements = memes.filter((c) => v.re.test(c.code_insee));
  if (new Set(arrondissements.map((c) => c.code_insee)).size !== 1) return null;
  const arrondissement = arrondissements[0]!;
  const tape = arrondissementTape(nomCommuneNormalise(readCommune(nom).nom));
  return tape && tape !== nomCommuneNormalise(arrondissement.nom) ? null : arrondissement;
}

/**
 * Picks the commune of a place typed with both a postal code and a name, as choisirCommune does,
 * but refuses a name that is none of the postal code's communes (`candidats`) as the rule
 * LIEU_COMMUNE reads names (memeCommune: articles, La Poste labels, CEDEX, ST/STE), nor one of
 * their delegated or associated communes (`anciennes`, which the rule accepts with an alerte):
 * LIEU_HORS_CODE_POSTAL, naming the postal code's communes. Without a name or a postal code, or
 * without candidates: choisirCommune.
 */
export function choisirCommuneDuCodePostal<C extends CommuneCandidate>(
  cp: string | null,
  nom: string | null,
  candidats: readonly C[],
  anciennes: readonly { readonly code_insee: string; readonly nom: string }[] = [],
): ChoixCommune<C> {
  if (!cp || !nom || candidats.length === 0) return choisirCommune(cp, nom, candidats);
  const memes = candidats.filter((c) => memeCommune(nom, c.nom));
  const arrondissement = seulArrondissement(nom, memes);
  if (arrondissement) return { commune: arrondissement };
  if (memes.length > 0) return choisirCommune(cp, nom, memes);
  const codes = new Set(candidats.map((c) => c.code_insee));
  const ancienne = anciennes.find((a) => codes.has(a.code_insee) && memeCommune(nom, a.nom));
  if (ancienne) {
    const actuelles = candidats.filter((c) => c.code_insee === ancienne.code_insee);
    return choisirCommune(cp, null, actuelles);
  }
  // Several communes and none of that name: the person picks one (as the session form asks), told
  // that the name typed is none of them.
  const n = new Set(candidats.map((c) => c.code_insee)).size;
  if (n > 1)
    return {
      code: 'LIEU_A_PRECISER',
      message: `« ${nom} » n’est pas une commune du code postal ${cp}, qui en compte ${n} : choisissez la vôtre dans la liste, ou corrigez le code postal.`,
      champ: 'lieu.choix',
      communes: candidats,
    };
  const noms = [...new Set(candidats.map((c) => c.nom))];
  return {
    code: 'LIEU_HORS_CODE_POSTAL',
    message: `« ${nom} » n’est pas une commune du code postal ${cp} (${noms.slice(0, 5).join(', ')}${noms.length > 5 ? '…' : ''}).`,
    champ: 'lieu.commune',
    communes: candidats,
  };
}

// ── A CEDEX code: La Poste's code for mail, no commune's ─────────────────────────────────────────

/**
 * The CEDEX mention of a place, as readCommune writes it: its commune's (« LAVAL CEDEX 9 ») or its
 * « Cedex » field's (« Cedex 09 » → « CEDEX 9 »; another text as typed). Null when it has none.
 */
export function mentionDuLieu(lieu: {
  readonly commune?: string | null;
  readonly cedex?: string | null;
}): string | null {
  const duNom = lieu.commune ? readCommune(lieu.commune).cedex : null;
  return duNom ?? (lieu.cedex?.trim() ? mentionCedex(lieu.cedex) : null);
}

/**
 * The start of the postal codes of a CEDEX code's département (its distribution offices): '53'
 * for 53063, '20' for Corsica, '974' overseas. Null for anything but five digits.
 */
export function prefixeDepartementPostal(cp: string): string | null {
  if (!/^\d{5}$/.test(cp)) return null;
  return cp.slice(0, cp.startsWith('97') || cp.startsWith('98') ? 3 : 2);
}

/** The parent city (INSEE code) of Paris', Lyon's and Marseille's arrondissements, with its name. */
const VILLES_ARRONDISSEMENTS: readonly {
  readonly re: RegExp;
  readonly code_insee: string;
  readonly nom: string;
}[] = [
  { re: /^751\d\d$/, code_insee: '75056', nom: 'Paris' },
  { re: /^6938\d$/, code_insee: '69123', nom: 'Lyon' },
  { re: /^132\d\d$/, code_insee: '13055', nom: 'Marseille' },
];

/** Arrondissements of one city as that city (its INSEE code, the mean of their coordinates), else null. */
function villeDesArrondissements<C extends CommuneCandidate>(communes: readonly C[]): C | null {
  const v = VILLES_ARRONDISSEMENTS.find((x) =>
    communes.every((c) => x.re.test(c.code_insee) || c.code_insee === x.code_insee),
  );
  if (!v) return null;
  const situees = communes.filter((c) => c.lat != null && c.lon != null);
  const moyenne = (k: 'lat' | 'lon') =>
    situees.length ? situees.reduce((t, c) => t + c[k]!, 0) / situees.length : null;
  return { ...communes[0]!, code_insee: v.code_insee, nom: v.nom, lat: moyenne('lat'), lon: moyenne('lon') };
}

/**
 * The commune of a place written with a CEDEX code (`cp`, five digits no commune has: La Poste's
 * open base of postal codes lists none) and a CEDEX mention (mentionDuLieu), as an address tool
 * reads « 53063 LAVAL CEDEX 9 »: the commune named (`nom`, its mention aside, read as
 * memeCommune reads it: articles, La Poste labels) among `departement`, the communes whose own
 * postal code starts as the CEDEX code does (prefixeDepartementPostal: the département's offices,
 * so also a commune served across a border, e.g. Claret (04) by 05110). Its postal code is not the
 * place's: the caller keeps the code typed. None → LIEU_INCONNU on `lieu.commune`; homonyms →
 * LIEU_A_PRECISER.
 */
export function choisirCommuneCedex<C extends CommuneCandidate>(
  cp: string,
  nom: string,
  departement: readonly C[],
): ChoixCommune<C> {
  const prefixe = prefixeDepartementPostal(cp) ?? cp;
  const parInsee = new Map<string, C>();
  for (const c of departement)
    if (c.code_postal.startsWith(prefixe) && memeCommune(nom, c.nom) && !parInsee.has(c.code_insee))
      parInsee.set(c.code_insee, c);
  const memes = [...parInsee.values()];
  if (memes.length === 1) return { commune: memes[0]! };
  // « PARIS CEDEX 07 »: its number is the office's, not an arrondissement; the place is the city.
  const ville = memes.length > 1 ? villeDesArrondissements(memes) : null;
  if (ville) return { commune: ville };
  const nomSeul = readCommune(nom).nom;
  if (memes.length > 1)
    return {
      code: 'LIEU_A_PRECISER',
      message: `${memes.length} communes « ${nomSeul} » ont un code postal commençant par ${prefixe} : indiquez le code postal de la vôtre.`,
      champ: 'lieu.code_postal',
      communes: memes,
    };
  return {
    code: 'LIEU_INCONNU',
    message: `Le code postal ${cp} est un code CEDEX (courrier) : il ne désigne aucune commune, la commune se lit dans son nom. Or aucune commune « ${nomSeul} » n’a de code postal commençant par ${prefixe} dans le référentiel des communes : corrigez le nom de la commune ou le code postal.`,
    champ: 'lieu.commune',
    communes: [],
  };
}

// ── The session form's place: a commune picked among those proposed, a place refused ─────────────

/**
 * The commune picked among those proposed (`lieu.choix`, `code_insee-code_postal`), when it still
 * holds for what is typed now: it holds only for the postal code it was proposed for (or none
 * typed). Typed again since with another postal code, the place is looked up anew — never the old
 * pick stored under the new typing (a fresh user's report, 04/12/2026: 53000 Laval stored as 01090
 * Francheleins, in another région). Null when there is no valid pick to look up.
 */
export function communeChoisie(
  choix: string | null,
  cp: string | null,
): { readonly code_insee: string; readonly code_postal: string } | null {
  const m = /^(\w{5})-(\d{5})$/.exec(choix ?? '');
  if (!m || (cp && cp !== m[2])) return null;
  return { code_insee: m[1]!, code_postal: m[2]! };
}

/**
 * Whether the picked commune (communeChoisie, found in the reference) holds for the name typed:
 * with a postal code, always (communeChoisie checked it); without one, when the name typed is none
 * or a start of its name (nomCommuneNormalise), its article aside (« Vernet » holds Le Vernet).
 */
export function choixTenu(commune: { readonly nom: string }, cp: string | null, nom: string | null): boolean {
  if (cp || !nom) return true;
  const n = nomCommuneNormalise(commune.nom);
  const tape = nomCommuneNormalise(nom);
  return [tape, ...nomsAvecArticle(tape)].some((t) => n.startsWith(t));
}

/**
 * The message of a place refused (choisirCommuneDuCodePostal) on the form, in the one style of its
 * fields (« Libellé : problème », erreurChamp) under `libelle`, the label of the refusal's field: a
 * commune outside the postal code also says what to do (« Commune : « Nantes » n’est pas une
 * commune du code postal 53000 (Laval) : écrivez la commune du code postal, ou corrigez le code
 * postal. »); the others as they are (« Commune : aucune commune ne commence par … »).
 */
export function messageRefusCommune(
  refus: { readonly code: string; readonly message: string },
  libelle: string,
): string {
  return refus.code === 'LIEU_HORS_CODE_POSTAL'
    ? `${libelle} : ${refus.message.replace(/\.$/, '')} : écrivez la commune du code postal, ou corrigez le code postal.`
    : erreurChamp(libelle, refus.message);
}

// ── A place written by the API or an LHEO file: its INSEE code completed ─────────────────────────

/** The place of a session as written (SessionInput's `lieu`): what completerLieu reads and fills. */
export interface LieuEcrit {
  readonly code_postal?: string | null;
  readonly commune?: string | null;
  readonly cedex?: string | null;
  readonly code_insee?: string | null;
  readonly lat?: number | null;
  readonly lon?: number | null;
}

/**
 * The postal code (five digits) by which a place written without an INSEE code but with a commune
 * name may be completed (completerLieu), or null: it has its INSEE code, or lacks either.
 */
export function codePostalACompleter(lieu: LieuEcrit | null | undefined): string | null {
  if (!lieu || lieu.code_insee?.trim() || !lieu.commune?.trim()) return null;
  const cp = sansEspaces(lieu.code_postal) ?? '';
  return /^\d{5}$/.test(cp) ? cp : null;
}

/**
 * A place written without an INSEE code (the API, an LHEO file) completed as the session form
 * would find it (choisirCommuneDuCodePostal among the postal code's communes `candidats`; for a
 * CEDEX code no commune has, written with its mention, choisirCommuneCedex among the communes of
 * its département, prefixeDepartementPostal, passed as `candidats`): when its
 * postal code and commune name designate one commune, its INSEE code, and its coordinates when it
 * has none. What the person wrote stays as written (postal code, name); a place that designates no
 * commune, or several, is returned as it is — the rule LIEU_COMMUNE reports it.
 */
export function completerLieu<L extends LieuEcrit>(
  lieu: L,
  candidats: readonly CommuneCandidate[],
  anciennes: readonly { readonly code_insee: string; readonly nom: string }[] = [],
): L {
  const cp = codePostalACompleter(lieu);
  if (!cp || candidats.length === 0) return lieu;
  // No commune has the code: with a CEDEX mention, `candidats` are the département's (choisirCommuneCedex).
  const cedex = !candidats.some((c) => c.code_postal === cp);
  if (cedex && !mentionDuLieu(lieu)) return lieu;
  const choix = cedex
    ? choisirCommuneCedex(cp, lieu.commune!.trim(), candidats)
    : choisirCommuneDuCodePostal(cp, lieu.commune!.trim(), candidats, anciennes);
  if (!('commune' in choix)) return lieu;
  const c = choix.commune;
  const sansCoordonnees = lieu.lat == null && lieu.lon == null;
  return {
    ...lieu,
    code_insee: c.code_insee,
    ...(sansCoordonnees ? { lat: c.lat, lon: c.lon } : {}),
  };
}
