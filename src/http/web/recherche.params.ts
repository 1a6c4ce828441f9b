import {
  type Facettes,
  MODALITES,
  type Modalite,
  RAYON_PAR_DEFAUT_KM,
  RAYONS_KM,
  TRIS,
  type Tri,
} from '../../domain/recherche.ts';

// The search page's state in its URL (shareable, works without JavaScript): reading it leniently
// (an unknown value is dropped, never an error) and writing links that change one part of it.

export interface EtatRecherche {
  readonly q?: string;
  readonly ou?: string;
  readonly rayon: number;
  readonly tri: Tri;
  readonly page: number;
  readonly facettes: Facettes;
}

type Query = Record<string, unknown>;

const texte = (v: unknown, max = 200) =>
  typeof v === 'string' ? v.trim().slice(0, max) || undefined : undefined;
const code = (v: unknown) => {
  const t = texte(v, 20);
  return t && /^[0-9A-Za-z ]+$/.test(t) ? t : undefined;
};
const oui = (v: unknown) => v === '1' || v === 'on' || v === 'true';

export function lireEtat(query: Query): EtatRecherche {
  const rayon = Number(query.rayon);
  const tri = texte(query.tri) as Tri | undefined;
  const modalite = texte(query.modalite) as Modalite | undefined;
  const rentree = Number(query.rentree);
  return {
    q: texte(query.q),
    ou: texte(query.ou),
    rayon: (RAYONS_KM as readonly number[]).includes(rayon) ? rayon : RAYON_PAR_DEFAUT_KM,
    tri: tri && TRIS.includes(tri) ? tri : 'pertinence',
    page: Math.max(1, Math.min(10_000, Math.trunc(Number(query.page)) || 1)),
    facettes: {
      niveau: code(query.niveau),
      type_diplome: code(query.type),
      rentree: Number.isInteger(rentree) && rentree >= 2000 && rentree <= 2100 ? rentree : undefined,
      ouvert: oui(query.ouvert) || undefined,
      parcoursup: oui(query.parcoursup) || undefined,
      affelnet: oui(query.affelnet) || undefined,
      region: code(query.region),
      departement: code(query.departement),
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
