import type { Role } from './acteur.ts';
import { auteur } from './acteur.ts';
import type { Change } from './diff.ts';
import { de } from './elision.ts';
import {
  LIBELLES_ACTIONS_PLATEFORME,
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  type Plateforme,
} from './plateforme.ts';
import { enumeration } from './pluriel.ts';
import { NOMS_ACADEMIES } from './regles/academies.ts';

// A Parcoursup or Affelnet decision (an instructeur's) or return (the platform's) as the organisme
// reads it: who decided said by role and académie, never a person's name or address (as the
// sign-up e-mails say « un gestionnaire de la région … »), its statut and its motif.

/** Who made a platform history entry, as the organisme is told. */
export type DecideurPlateforme =
  | { readonly par: 'instructeur'; readonly academies: readonly string[] }
  | { readonly par: 'administration' }
  | { readonly par: 'plateforme'; readonly plateforme: Plateforme }
  | { readonly par: 'autre'; readonly nom: string };

/** The account behind a `utilisateur:<e-mail>` label, as far as the decision's wording needs it. */
export interface CompteDecideur {
  readonly role: Role;
  readonly academies: readonly string[];
}

const RETOURS: ReadonlySet<string> = new Set(['retour_publie', 'retour_rejet']);

/**
 * Who made platform history entry `action` by `acteur` (its stored label) on an offer of
 * `academiesOffre`: a platform's return is the platform's; an instructeur's decision names the
 * académies of the instructeur that the offer is in (all of the instructeur's when none, e.g. the
 * offer moved since); an administrator, or an API key (admin scope), is the Offre administration.
 * `compte`: the account of a `utilisateur:` label, null when unknown (removed since).
 */
export function decideurPlateforme(
  p: Plateforme,
  action: string,
  acteur: string,
  compte: CompteDecideur | null,
  academiesOffre: readonly string[],
): DecideurPlateforme {
  if (RETOURS.has(action)) return { par: 'plateforme', plateforme: p };
  if (acteur.startsWith('cle:')) return { par: 'administration' };
  if (acteur.startsWith('utilisateur:')) {
    if (compte?.role === 'admin') return { par: 'administration' };
    const siennes = compte?.role === 'instructeur' ? compte.academies : [];
    const communes = siennes.filter((a) => academiesOffre.includes(a));
    return { par: 'instructeur', academies: communes.length ? communes : siennes };
  }
  return { par: 'autre', nom: auteur(acteur, new Map()) };
}

/**
 * « un instructeur de l’académie de Lyon », « un instructeur des académies de Lyon et de
 * Grenoble », « un instructeur » (académie unknown), « l’administration d’Offre », « Parcoursup ».
 */
export function phraseDecideur(d: DecideurPlateforme): string {
  switch (d.par) {
    case 'instructeur': {
      const noms = d.academies.map((a) => NOMS_ACADEMIES[a] ?? a);
      if (noms.length === 0) return 'un instructeur';
      return noms.length === 1
        ? `un instructeur de l’académie ${de(noms[0]!)}`
        : `un instructeur des académies ${enumeration(noms.map(de))}`;
    }
    case 'administration':
      return 'l’administration d’Offre';
    case 'plateforme':
      return NOMS_PLATEFORMES[d.plateforme];
    case 'autre':
      return d.nom;
  }
}

/** The platform of a history entry's `entite` (`plateforme:affelnet`), null for another entity. */
export function plateformeDeEntite(entite: string): Plateforme | null {
  const p = entite.startsWith('plateforme:') ? entite.slice('plateforme:'.length) : '';
  return p === 'parcoursup' || p === 'affelnet' ? p : null;
}

/** What a platform history entry recorded (services/plateforme.service.ts ecrireDecision writes one change). */
export interface ChangePlateforme {
  readonly avant: string | null;
  readonly apres: string | null;
  readonly motif: string | null;
  /** Why the recomputation moved the status (action RECALCUL, domain/plateforme-recalcul.ts), else null. */
  readonly raison: string | null;
}

/**
 * The change of a platform history entry, read from its stored `diff` (an array of changes, or its
 * JSON text as some engines' reads give it); null when it holds none. The one reader of that diff.
 */
export function changePlateforme(diff: unknown): ChangePlateforme | null {
  const v = typeof diff === 'string' ? JSON.parse(diff) : diff;
  const c = Array.isArray(v)
    ? (v[0] as (Change & { motif?: unknown; raison?: unknown }) | undefined)
    : undefined;
  if (!c || typeof c !== 'object') return null;
  const texte = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  return { avant: texte(c.avant), apres: texte(c.apres), motif: texte(c.motif), raison: texte(c.raison) };
}

const statut = (s: string | null) => (s === null ? 'aucun' : libelleStatutPlateforme(s));

/**
 * A platform history entry's title as the organisme's history says it: « Parcoursup : ne pas
 * publier », « Affelnet : retour de la plateforme : rejet de publication ».
 */
export function titreDecision(p: Plateforme, action: string): string {
  const libelle = LIBELLES_ACTIONS_PLATEFORME[action] ?? action;
  return `${NOMS_PLATEFORMES[p]} : ${libelle.charAt(0).toLowerCase()}${libelle.slice(1)}`;
}

/**
 * Its lines: « Statut Parcoursup : À publier → Non publié », « Motif : … » (when there is one),
 * « Raison : … » (a status the recomputation moved: why).
 */
export function lignesDecision(p: Plateforme, diff: unknown): string[] {
  const c = changePlateforme(diff);
  if (!c) return [];
  return [
    `Statut ${NOMS_PLATEFORMES[p]} : ${statut(c.avant)} → ${statut(c.apres)}`,
    ...(c.motif ? [`Motif : ${c.motif}`] : []),
    ...(c.raison ? [`Raison : ${majuscule(c.raison)}`] : []),
  ];
}

const majuscule = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A platform's latest decision or return, in one sentence: « Décision « Ne pas publier » le 15
 * mars 2026 à 11:00, par un instructeur de l’académie de Lyon », « Retour de Parcoursup le … :
 * rejet de publication ». `quand`: its date as the pages write it (dates.ts dateHeureLongue).
 */
export function phraseDerniereDecision(p: Plateforme, action: string, quand: string, par: string): string {
  if (action === 'retour_publie') return `Retour de ${NOMS_PLATEFORMES[p]} le ${quand} : offre publiée`;
  if (action === 'retour_rejet') return `Retour de ${NOMS_PLATEFORMES[p]} le ${quand} : rejet de publication`;
  return `Décision « ${LIBELLES_ACTIONS_PLATEFORME[action] ?? action} » le ${quand}, par ${par}`;
}
