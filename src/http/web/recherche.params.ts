import { REGIONS, regionOfDepartement } from '../../domain/geo.ts';
import { extrait } from '../../domain/issue-zod.mots.ts';
import { nombreBrut } from '../../domain/nombres.ts';
import {
  type Facettes,
  MESSAGE_AUCUN_MOT,
  MODALITES,
  type Modalite,
  RAYON_PAR_DEFAUT_KM,
  RAYONS_KM,
  requeteSansMot,
  TRIS,
  type Tri,
} from '../../domain/recherche.ts';
import { cleTypeDiplome } from '../../domain/types-diplome.ts';
import { NIVEAU } from './libelles.ts';

// The search page's state in its URL (shareable, works without JavaScript): reading it leniently
// (never an error page: an unknown or repeated value of any filter or of the sort is kept to be
// said on its field) and writing links that change one part of it.

export interface EtatRecherche {
  readonly q?: string;
  readonly ou?: string;
  readonly rayon: number;
  readonly tri: Tri;
  readonly page: number;
  readonly facettes: Facettes;
  /** Per field (`q`, `ou`): why it was refused (the search is then not run), French, for the page. */
  readonly erreurs?: Readonly<Partial<Record<'q' | 'ou', string>>>;
  /**
   * The filters of the address refused (docs/recherche.md): a filter or sort value that does not
   * exist (`?departement=20`, `?rayon=-5`, `?tri=x`, `?modalite=x`, `?ouvert=abc`, a `type` no
   * formation of the search has — see typeRefuse) or is given twice (`?departement=53&departement=44`).
   * The page warns on each field and lists no formation, rather than searching without it (which
   * would list everything).
   */
  readonly inconnus?: Readonly<Partial<Record<ChampFiltre, FiltreRefuse>>>;
  /**
   * What the address asked that the search could not do, said above the results (French), the
   * search still run: `rayon`, a radius without a place (not applied); `tri`, a sort by distance
   * without a place (by relevance instead); `page`, a page that is not
   * a whole number from 1 (`?page=-1`, `?page=abc`: the first page is shown). A page past the
   * last one is said by the page itself, which knows how many there are.
   */
  readonly avertissements?: Readonly<Partial<Record<'rayon' | 'page' | 'tri', string>>>;
}

/** The filters (and the sort) whose refused value is said, not dropped: the page's field ids. */
export type ChampFiltre =
  | 'niveau'
  | 'type'
  | 'rentree'
  | 'modalite'
  | 'region'
  | 'departement'
  | 'rayon'
  | 'ouvert'
  | 'parcoursup'
  | 'affelnet'
  | 'tri';

/**
 * A refused filter: the value as typed (trimmed, cut as every refusal echoes it: `extrait`, 40
 * characters then « … »; none when repeated), and why, in French.
 */
export interface FiltreRefuse {
  readonly saisi?: string;
  readonly message: string;
}

/** Longest « q » and « Où ? » (characters), as in the API (contract/formations.schemas.ts). */
export const LONGUEUR_MAX_SAISIE = 200;

/** The refusal of a text longer than LONGUEUR_MAX_SAISIE (the API's phrase), or undefined. */
const tropLong = (v: unknown) => {
  const n = typeof v === 'string' ? [...v.trim()].length : 0;
  return n > LONGUEUR_MAX_SAISIE
    ? `ne doit pas dépasser ${LONGUEUR_MAX_SAISIE} caractères (${nombreBrut(n)} saisis) : raccourcissez votre saisie.`
    : undefined;
};

type Query = Record<string, unknown>;

/**
 * The refusal of a text given several times (`?q=boulanger&q=coiffeur`: one search at a time, as
 * the API's PARAMETRE_REPETE), or undefined; the values as typed, 5 at most, each echoed as
 * every refusal does (`echo`).
 */
const repete = (v: unknown) =>
  Array.isArray(v)
    ? `est donné ${v.length} fois (${v
        .slice(0, 5)
        .map((x) => `« ${echo(x) ?? ''} »`)
        .join(', ')}${v.length > 5 ? '…' : ''}) : une seule recherche à la fois, gardez-en une.`
    : undefined;

const texte = (v: unknown, max = 200) =>
  typeof v === 'string' ? v.trim().slice(0, max) || undefined : undefined;
/** A value as typed, as a refusal or a warning echoes it: trimmed, `extrait` (40 characters, then « … »). */
const echo = (v: unknown) => {
  const t = texte(v, LONGUEUR_MAX_SAISIE);
  return t === undefined ? undefined : extrait(t);
};
const typeDe = (v: string | undefined) => (v === undefined ? undefined : cleTypeDiplome(v));
const code = (v: unknown) => {
  const t = texte(v, 20);
  return t && /^[0-9A-Za-z ]+$/.test(t) ? t : undefined;
};
/** A code kept only when `connu` knows it (docs/recherche.md: an unknown value is not searched). */
const parmi = (v: unknown, connu: (c: string) => boolean) => {
  const c = code(v);
  return c && connu(c) ? c : undefined;
};
const OUI = ['1', 'on', 'true'];
const NON = ['0', 'off', 'false'];
const oui = (v: unknown) => typeof v === 'string' && OUI.includes(v.trim());

const regionConnue = (c: string) => c in REGIONS;
const departementConnu = (c: string) => regionOfDepartement(c) !== null;
// In capitals, as the API's departementParam: `2a` is Corse-du-Sud's 2A.
const enCapitales = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : undefined);

const rayonConnu = (c: string) => /^\d+$/.test(c) && (RAYONS_KM as readonly number[]).includes(Number(c));
const rentreeConnue = (c: string) => /^\d{4}$/.test(c) && Number(c) >= 2000 && Number(c) <= 2100;

const LIBELLE_TRI = 'pertinence, distance ou debut (date de début)';
const LIBELLE_MODALITE = 'apprentissage ou conventionne (offre conventionnée, financée)';

/** A checkbox filter: `1` (also `on`, `true`) ticks it, `0` (`off`, `false`) or nothing does not. */
const caseACocher = (nom: string) => ({
  connu: (c: string) => OUI.includes(c) || NON.includes(c),
  inconnu: (v: string) => `« ${nom} » : valeur « ${v} » inconnue ; 1 coche la case, 0 la décoche.`,
  repete: (v: string) => `« ${nom} » demandé plusieurs fois (${v}) : cochez la case ou décochez-la.`,
});

/** Per refusable filter: whether a value is known, and the French messages of a refusal. */
const FILTRES: Record<
  ChampFiltre,
  { connu: (c: string) => boolean; inconnu: (v: string) => string; repete: (v: string) => string }
> = {
  niveau: {
    connu: (c) => c in NIVEAU,
    inconnu: (v) => `Niveau « ${v} » inconnu : choisissez un niveau dans la liste.`,
    repete: (v) => `Plusieurs niveaux demandés (${v}) : choisissez-en un seul dans la liste.`,
  },
  // A type is open data, not a closed list: any code is read here, then refused when no formation
  // of the search has it (typeRefuse, once the search has given the list).
  type: {
    connu: () => true,
    inconnu: (v) => `Type de diplôme « ${v} » inconnu : choisissez un type de diplôme dans la liste.`,
    repete: (v) => `Plusieurs types de diplôme demandés (${v}) : choisissez-en un seul dans la liste.`,
  },
  rentree: {
    connu: rentreeConnue,
    inconnu: (v) => `Rentrée « ${v} » inconnue : choisissez une rentrée dans la liste.`,
    repete: (v) => `Plusieurs rentrées demandées (${v}) : choisissez-en une seule dans la liste.`,
  },
  modalite: {
    connu: (c) => (MODALITES as readonly string[]).includes(c),
    inconnu: (v) => `Type d’offre « ${v} » inconnu : choisissez ${LIBELLE_MODALITE}.`,
    repete: (v) => `Plusieurs types d’offre demandés (${v}) : choisissez ${LIBELLE_MODALITE}.`,
  },
  region: {
    connu: regionConnue,
    inconnu: (v) => `Région « ${v} » inconnue : choisissez une région dans la liste.`,
    repete: (v) => `Plusieurs régions demandées (${v}) : choisissez-en une seule dans la liste.`,
  },
  departement: {
    connu: (c) => departementConnu(c.toUpperCase()),
    inconnu: (v) =>
      v === '20'
        ? 'Département « 20 » inconnu : la Corse est 2A (Corse-du-Sud) ou 2B (Haute-Corse) ; choisissez un département dans la liste.'
        : `Département « ${v} » inconnu : choisissez un département dans la liste.`,
    repete: (v) => `Plusieurs départements demandés (${v}) : choisissez-en un seul dans la liste.`,
  },
  rayon: {
    connu: rayonConnu,
    inconnu: (v) =>
      `Rayon « ${v} » non proposé : choisissez ${RAYONS_KM.slice(0, -1).join(', ')} ou ${RAYONS_KM.at(-1)} km.`,
    repete: (v) => `Plusieurs rayons demandés (${v}) : choisissez-en un seul dans la liste.`,
  },
  ouvert: caseACocher('Recrutement ouvert'),
  parcoursup: caseACocher('Sur Parcoursup'),
  affelnet: caseACocher('Sur Affelnet'),
  tri: {
    connu: (c) => (TRIS as readonly string[]).includes(c),
    inconnu: (v) => `Tri « ${v} » inconnu : choisissez ${LIBELLE_TRI}.`,
    repete: (v) => `Plusieurs tris demandés (${v}) : choisissez ${LIBELLE_TRI}.`,
  },
};

/**
 * The filters sent but refused: unknown (as typed, echoed by `echo`) or repeated (a query
 * string's `departement=53&departement=44`: the page searches one place at a time, as the API,
 * which refuses it with PARAMETRE_REPETE).
 */
function filtresRefuses(query: Query): Partial<Record<ChampFiltre, FiltreRefuse>> {
  const refuses: Partial<Record<ChampFiltre, FiltreRefuse>> = {};
  for (const champ of Object.keys(FILTRES) as ChampFiltre[]) {
    const v = query[champ];
    const f = FILTRES[champ];
    if (Array.isArray(v)) {
      const valeurs = v.slice(0, 5).map((x) => echo(x) ?? '« »');
      refuses[champ] = { message: f.repete(`${valeurs.join(', ')}${v.length > 5 ? '…' : ''}`) };
      continue;
    }
    const t = texte(v);
    if (!t || parmi(t, f.connu)) continue;
    const saisi = extrait(t);
    refuses[champ] = { saisi, message: f.inconnu(saisi) };
  }
  return refuses;
}

/**
 * The warnings of `avertissements`. A radius without a place: when the address gives a radius
 * and no « Où ? » — except the form's own default (its radius list always sends one, 30 km,
 * beside an empty « Où ? »): a search by words alone is not warned.
 */
function avertissementsDe(query: Query): Partial<Record<'rayon' | 'page' | 'tri', string>> {
  const out: Partial<Record<'rayon' | 'page' | 'tri', string>> = {};
  // A sort by distance without a place: the results come by relevance, and the page says so.
  if (texte(query.tri, 20) === 'distance' && !texte(query.ou))
    out.tri =
      'Tri par distance sans lieu : la distance se compte depuis une commune ; indiquez-la dans « Où ? » (commune ou code postal). Les résultats sont triés par pertinence.';
  const rayon = texte(query.rayon, 20);
  if (
    rayon &&
    rayonConnu(rayon) &&
    !texte(query.ou) &&
    (Number(rayon) !== RAYON_PAR_DEFAUT_KM || query.ou === undefined)
  )
    out.rayon = `Rayon « ${rayon} km » sans lieu : il se compte autour d’une commune ; indiquez-la dans « Où ? » (commune ou code postal). Le rayon n’a pas été appliqué.`;
  const page = query.page;
  if (Array.isArray(page))
    out.page = `Plusieurs pages demandées (${page
      .slice(0, 5)
      .map((x) => echo(x) ?? '« »')
      .join(', ')}) : la première page est affichée.`;
  else {
    const saisie = texte(page);
    if (saisie && !(/^\d+$/.test(saisie) && Number(saisie) >= 1))
      out.page = `Page « ${extrait(saisie)} » inexistante : les pages se numérotent à partir de 1 ; la première page est affichée.`;
  }
  return out;
}

export function readEtat(query: Query): EtatRecherche {
  const rayon = Number(query.rayon);
  const tri = parmi(query.tri, FILTRES.tri.connu) as Tri | undefined;
  const modalite = parmi(query.modalite, FILTRES.modalite.connu) as Modalite | undefined;
  const rentree = Number(query.rentree);
  const erreurs = Object.fromEntries(
    (['q', 'ou'] as const).flatMap((k) => {
      const v = query[k];
      // A text of symbols or emoji only names no word: refused, not read as no text (docs/recherche.md).
      const sansMot =
        k === 'q' && typeof v === 'string' && requeteSansMot(v) ? MESSAGE_AUCUN_MOT(v) : undefined;
      const e = repete(v) ?? tropLong(v) ?? sansMot;
      return e ? [[k, e]] : [];
    }),
  );
  const inconnus = filtresRefuses(query);
  const avertissements = avertissementsDe(query);
  return {
    ...(Object.keys(erreurs).length ? { erreurs } : {}),
    ...(Object.keys(inconnus).length ? { inconnus } : {}),
    ...(Object.keys(avertissements).length ? { avertissements } : {}),
    q: texte(query.q),
    ou: texte(query.ou),
    rayon: (RAYONS_KM as readonly number[]).includes(rayon) ? rayon : RAYON_PAR_DEFAUT_KM,
    tri: tri ?? 'pertinence',
    // A page said not to exist is the first; past 10,000 the page says there are fewer pages.
    page: avertissements.page ? 1 : Math.min(10_000, Number(texte(query.page, 20)) || 1),
    facettes: {
      niveau: parmi(query.niveau, (c) => c in NIVEAU),
      // Any code of a diploma type (« MC4 », a link of before) is its group's key (« MC »).
      type_diplome: inconnus.type ? undefined : typeDe(code(query.type)),
      rentree: Number.isInteger(rentree) && rentree >= 2000 && rentree <= 2100 ? rentree : undefined,
      ouvert: oui(query.ouvert) || undefined,
      parcoursup: oui(query.parcoursup) || undefined,
      affelnet: oui(query.affelnet) || undefined,
      region: parmi(query.region, regionConnue),
      departement: parmi(enCapitales(query.departement), departementConnu),
      modalite,
    },
  };
}

/** The page's address for `etat` (defaults left out, so that the plain page stays "/"). */
export function adresse(etat: EtatRecherche): string {
  const p = new URLSearchParams();
  const f = etat.facettes;
  const mettre = (k: string, v: string | number | boolean | undefined) => {
    if (v !== undefined && v !== false && v !== '') p.set(k, v === true ? '1' : String(v));
  };
  mettre('q', etat.q);
  mettre('ou', etat.ou);
  if (etat.ou && etat.rayon !== RAYON_PAR_DEFAUT_KM) mettre('rayon', etat.rayon);
  mettre('niveau', f.niveau);
  mettre('type', f.type_diplome);
  mettre('rentree', f.rentree);
  mettre('ouvert', f.ouvert);
  mettre('parcoursup', f.parcoursup);
  mettre('affelnet', f.affelnet);
  mettre('region', f.region);
  mettre('departement', f.departement);
  mettre('modalite', f.modalite);
  if (etat.tri !== 'pertinence') mettre('tri', etat.tri);
  if (etat.page > 1) mettre('page', etat.page);
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

/**
 * A diploma type no formation of this search has (the types are open data, not a closed list: one
 * the field does not offer is unknown here): the state with it refused on its field (no formation
 * is then listed, as for any refused filter), or null when the type is offered or none is asked.
 */
export function typeRefuse(
  etat: EtatRecherche,
  offerts: readonly { valeur: string }[],
): EtatRecherche | null {
  const t = etat.facettes.type_diplome;
  if (t === undefined || offerts.some((o) => o.valeur === t)) return null;
  return {
    ...etat,
    inconnus: { ...etat.inconnus, type: { saisi: t, message: FILTRES.type.inconnu(t) } },
    facettes: { ...etat.facettes, type_diplome: undefined },
  };
}

/**
 * The search page's address without its empty parameters (`/?q=&ou=&rayon=30&niveau=4` →
 * `/?niveau=4`), or null when it has none: what the form sends without JavaScript (every field,
 * empty or not) becomes the address a reader would write and share. A parameter with no value
 * or only spaces is left out; the others keep their order and their encoding. The radius the form
 * always sends beside an empty « Où ? » (its default, RAYON_PAR_DEFAUT_KM) is the form's, not the
 * reader's: left out with it (another radius stays, and is warned as given without a place).
 */
export function adresseSansVides(url: string): string | null {
  const i = url.indexOf('?');
  if (i < 0) return null;
  const parties = url.slice(i + 1).split('&');
  // A malformed escape (`%E9`) is kept as typed: the page reads it as before.
  const lu = (x: string) => {
    try {
      return decodeURIComponent(x.replace(/\+/g, ' ')).trim();
    } catch {
      return x;
    }
  };
  const nom = (p: string) => lu(p.split('=')[0]!);
  const valeur = (p: string) => lu(p.includes('=') ? p.slice(p.indexOf('=') + 1) : '');
  const vide = (p: string) => valeur(p) === '';
  const ouVide = parties.some((p) => nom(p) === 'ou' && vide(p));
  const gardees = parties.filter(
    (p) => !vide(p) && !(ouVide && nom(p) === 'rayon' && valeur(p) === String(RAYON_PAR_DEFAUT_KM)),
  );
  if (gardees.length === parties.length) return null;
  const chemin = url.slice(0, i);
  return gardees.length ? `${chemin}?${gardees.join('&')}` : chemin;
}
