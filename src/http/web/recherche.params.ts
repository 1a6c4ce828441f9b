import { REGIONS, regionOfDepartement } from '../../domain/geo.ts';
import { nombre } from '../../domain/nombres.ts';
import {
  type Facettes,
  MODALITES,
  type Modalite,
  RAYON_PAR_DEFAUT_KM,
  RAYONS_KM,
  TRIS,
  type Tri,
} from '../../domain/recherche.ts';
import { NIVEAU } from './libelles.ts';

// The search page's state in its URL (shareable, works without JavaScript): reading it leniently
// (an unknown value is dropped, never an error; an unknown région or département is kept to be
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
   * A `region` or `departement` the address names that does not exist (`?departement=99`), as
   * typed (trimmed, 20 characters at most): the page warns on its field and lists no formation,
   * rather than searching without it (which would list everything).
   */
  readonly inconnus?: Readonly<Partial<Record<ChampLieu, string>>>;
}

/** The place filters whose unknown value is said, not dropped. */
export type ChampLieu = 'region' | 'departement';

/** Longest « q » and « Où ? » (characters), as in the API (contract/formations.schemas.ts). */
export const LONGUEUR_MAX_SAISIE = 200;

/** The refusal of a text longer than LONGUEUR_MAX_SAISIE (the API's phrase), or undefined. */
const tropLong = (v: unknown) => {
  const n = typeof v === 'string' ? [...v.trim()].length : 0;
  return n > LONGUEUR_MAX_SAISIE
    ? `ne doit pas dépasser ${LONGUEUR_MAX_SAISIE} caractères (${nombre(n).replace(/\s/g, ' ')} saisis) : raccourcissez votre saisie.`
    : undefined;
};

type Query = Record<string, unknown>;

const texte = (v: unknown, max = 200) =>
  typeof v === 'string' ? v.trim().slice(0, max) || undefined : undefined;
const code = (v: unknown) => {
  const t = texte(v, 20);
  return t && /^[0-9A-Za-z ]+$/.test(t) ? t : undefined;
};
/** A code kept only when `connu` knows it (docs/recherche.md: an unknown value is not searched). */
const parmi = (v: unknown, connu: (c: string) => boolean) => {
  const c = code(v);
  return c && connu(c) ? c : undefined;
};
const oui = (v: unknown) => v === '1' || v === 'on' || v === 'true';

const regionConnue = (c: string) => c in REGIONS;
const departementConnu = (c: string) => regionOfDepartement(c) !== null;
// In capitals, as the API's departementParam: `2a` is Corse-du-Sud's 2A.
const enCapitales = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : undefined);

/** The `region` and `departement` sent but unknown, as typed (cut to 20 characters). */
function lieuxInconnus(query: Query): Partial<Record<ChampLieu, string>> {
  const inconnus: Partial<Record<ChampLieu, string>> = {};
  const region = texte(query.region, 20);
  if (region && !parmi(region, regionConnue)) inconnus.region = region;
  const departement = texte(query.departement, 20);
  if (departement && !parmi(enCapitales(departement), departementConnu)) inconnus.departement = departement;
  return inconnus;
}

export function readEtat(query: Query): EtatRecherche {
  const rayon = Number(query.rayon);
  const tri = texte(query.tri) as Tri | undefined;
  const modalite = texte(query.modalite) as Modalite | undefined;
  const rentree = Number(query.rentree);
  const erreurs = Object.fromEntries(
    (['q', 'ou'] as const).flatMap((k) => {
      const e = tropLong(query[k]);
      return e ? [[k, e]] : [];
    }),
  );
  const inconnus = lieuxInconnus(query);
  return {
    ...(Object.keys(erreurs).length ? { erreurs } : {}),
    ...(Object.keys(inconnus).length ? { inconnus } : {}),
    q: texte(query.q),
    ou: texte(query.ou),
    rayon: (RAYONS_KM as readonly number[]).includes(rayon) ? rayon : RAYON_PAR_DEFAUT_KM,
    tri: tri && TRIS.includes(tri) ? tri : 'pertinence',
    page: Math.max(1, Math.min(10_000, Math.trunc(Number(query.page)) || 1)),
    facettes: {
      niveau: parmi(query.niveau, (c) => c in NIVEAU),
      type_diplome: code(query.type),
      rentree: Number.isInteger(rentree) && rentree >= 2000 && rentree <= 2100 ? rentree : undefined,
      ouvert: oui(query.ouvert) || undefined,
      parcoursup: oui(query.parcoursup) || undefined,
      affelnet: oui(query.affelnet) || undefined,
      region: parmi(query.region, regionConnue),
      departement: parmi(enCapitales(query.departement), departementConnu),
      modalite: modalite && MODALITES.includes(modalite) ? modalite : undefined,
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
 * The state without a diploma type that no formation of this search has (the types are open data,
 * not a closed list: a type the facet does not offer is unknown here), or null when it has none such.
 */
export function sansTypeInconnu(
  etat: EtatRecherche,
  offerts: readonly { valeur: string }[],
): EtatRecherche | null {
  const t = etat.facettes.type_diplome;
  if (t === undefined || offerts.some((o) => o.valeur === t)) return null;
  return { ...etat, facettes: { ...etat.facettes, type_diplome: undefined } };
}
