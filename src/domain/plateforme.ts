import { OffreError } from './errors.ts';
import { type SourceTypeOffre, typesOffre } from './type-offre.ts';

// Parcoursup and Affelnet: one status machine, parameterised by platform; scope rules are data
// (table plateforme_regle). Statuses are stored as codes; their labels live here only.

export const PLATEFORMES = ['parcoursup', 'affelnet'] as const;
export type Plateforme = (typeof PLATEFORMES)[number];

/** Most characters of an instructor's decision motif (shown to the organisme): the API's bound. */
export const LONGUEUR_MOTIF_DECISION = 2000;

export const NOMS_PLATEFORMES: Readonly<Record<Plateforme, string>> = {
  parcoursup: 'Parcoursup',
  affelnet: 'Affelnet',
};

export const LIBELLES_STATUTS = {
  non_publiable: 'Non publiable',
  a_publier: 'À publier',
  a_publier_verifier_acces_direct: 'À publier (vérifier accès direct postbac)',
  a_publier_habilitation: 'À publier (sous condition habilitation)',
  a_publier_validation_recteur: 'À publier (soumis à validation Recteur)',
  a_publier_validation: 'À publier (soumis à validation)',
  pret_pour_integration: 'Prêt pour intégration',
  publie: 'Publié',
  rejet_publication: 'Rejet de publication',
  non_publie: 'Non publié',
  en_attente_mise_a_jour: 'En attente de mise à jour',
} as const;

export type StatutPlateforme = keyof typeof LIBELLES_STATUTS;

/** A platform status code as a person reads it (LIBELLES_STATUTS); an unknown code as it is. */
export const libelleStatutPlateforme = (s: string): string =>
  (LIBELLES_STATUTS as Readonly<Record<string, string>>)[s] ?? s;
export const STATUTS_PLATEFORME = Object.keys(LIBELLES_STATUTS) as StatutPlateforme[];
/** What a scope rule may yield: an "à publier" variant, or an explicit exclusion. */
export const STATUTS_DE_SCOPE = STATUTS_PLATEFORME.filter(
  (s) => s === 'non_publiable' || s.startsWith('a_publier'),
);

/** The platform history's actions (historique.action of entite plateforme:*), as a person reads them. */
export const LIBELLES_ACTIONS_PLATEFORME: Readonly<Record<string, string>> = {
  publier: 'Publier',
  non_publier: 'Ne pas publier',
  mettre_en_attente: 'Mise en attente',
  reprendre: 'Reprise (décision levée)',
  retour_publie: 'Retour de la plateforme : publiée',
  retour_rejet: 'Retour de la plateforme : rejet de publication',
  recalcul: 'Statut recalculé par les contrôles',
};

export const isAPublier = (s: string) => s.startsWith('a_publier');
export type Decision = 'non_publie' | 'en_attente_mise_a_jour';
const PROGRESSION: ReadonlySet<string> = new Set(['pret_pour_integration', 'publie', 'rejet_publication']);

/** What an offer renewed by the new campaign stands for, no instructeur having decided (`recalculer`). */
export const RECONDUITE_AUTOMATIQUEMENT = 'Reconduite automatiquement (publiée la campagne précédente)';

/**
 * The instructeur's decision a state stands for, as the decision page words it: the stored one
 * (« Non publié », « En attente de mise à jour »), else « Publier » once the offer is on its way to
 * the platform (« Publier » stores no decision: it moves the status), else null (none). An offer
 * published on the platform the campaign before reaches « Prêt pour intégration » by itself in the
 * new one (`recalculer`): no one chose « Publier » this campaign, so it says it was renewed — its
 * `publie_annee` is still the year before, which an instructeur's « Publier » never leaves (the
 * platform closed, « Publier » is refused; open, the renewal came first).
 */
export function decisionEnCours(
  e: Pick<EtatPlateforme, 'statut' | 'decision' | 'annee' | 'publie_annee'>,
): string | null {
  if (e.decision) return libelleStatutPlateforme(e.decision);
  if (!PROGRESSION.has(e.statut)) return null;
  return e.publie_annee === e.annee - 1 ? RECONDUITE_AUTOMATIQUEMENT : LIBELLES_ACTIONS_PLATEFORME.publier!;
}

export function isPlateforme(p: string): p is Plateforme {
  return (PLATEFORMES as readonly string[]).includes(p);
}

// ---- Scope ----

/** What the platform perimeter reads of an offer: its workflow statut, its catalogue, its types. */
export interface SourcePerimetre extends SourceTypeOffre {
  readonly statut: string;
  readonly catalogue: string | null;
}

/**
 * Why an offer is outside the perimeter of Parcoursup and Affelnet (RULES.md « What the results
 * decide », docs/conventionne.md), or null when it is inside: the platforms only concern diffused
 * offers (validated — statut `publiee` — and in the Catalogue général) open to apprenticeship. A
 * draft, an offer awaiting validation or returned « à corriger », an archived one, a Non
 * réglementaire one and a conventionné-only action never enter: no status other than « Non
 * publiable », no instructeur decision, no feed.
 */
export function horsPerimetrePlateformes(o: SourcePerimetre): string | null {
  if (o.statut !== 'publiee') return 'l’offre n’est pas validée';
  if (o.catalogue !== 'general') return 'l’offre n’est pas au Catalogue général';
  if (!typesOffre(o).includes('apprentissage'))
    return 'c’est une action conventionnée seulement (sans contrat d’apprentissage)';
  return null;
}

export interface RegleScope {
  readonly id: number;
  readonly plateforme: Plateforme;
  readonly niveau: string | null;
  readonly type_diplome: string | null;
  readonly duree: number | null;
  readonly annee_entree: number | null;
  readonly academie: string | null;
  readonly statut: StatutPlateforme;
  readonly priorite: number;
  readonly actif: boolean;
}

export interface OffrePourScope {
  readonly niveau: string | null;
  readonly type_diplome: string | null;
  readonly duree: number | null;
  readonly annee_entree: number | null;
  readonly academies: readonly string[];
}

/**
 * Diploma types a scope rule on a broader type covers: a rule on 'LICENCE' covers licences
 * professionnelles, a rule on 'TITRE' covers titres professionnels (the canonical types of
 * regles/certification.ts `typeDiplome`). A rule on the narrow type itself still matches it.
 */
export const FAMILLES_DIPLOME: Readonly<Record<string, string>> = {
  'LICENCE PRO': 'LICENCE',
  TP: 'TITRE',
};

// canonType's answers, by text: a recomputation compares every scope rule's type with every
// formation's, for each platform (thousands of calls for a few dozen distinct types). Dropped
// whole once it holds TYPES texts (bounded memory in a long-lived server).
const TYPES = 10_000;
const types = new Map<string, string>();

/** A diploma type without accents, upper-cased, whitespace collapsed and trimmed (`Licence  pro` → `LICENCE PRO`). */
function canonType(t: string): string {
  let c = types.get(t);
  if (c === undefined) {
    c = t
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/\s+/g, ' ')
      .trim();
    if (types.size >= TYPES) types.clear();
    types.set(t, c);
  }
  return c;
}

/** Whether a rule's diploma type covers an offer's (same type, or the offer's family). */
export function typeCouvert(typeRegle: string, typeOffre: string | null): boolean {
  if (typeOffre === null) return false;
  const r = canonType(typeRegle);
  const o = canonType(typeOffre);
  return r === o || FAMILLES_DIPLOME[o] === r;
}

/** The highest-priority active rule whose every set criterion matches the offer. */
export function regleApplicable(
  regles: readonly RegleScope[],
  plateforme: Plateforme,
  o: OffrePourScope,
): RegleScope | null {
  let best: RegleScope | null = null;
  for (const r of regles) {
    if (!r.actif || r.plateforme !== plateforme) continue;
    if (r.niveau !== null && r.niveau !== o.niveau) continue;
    if (r.type_diplome !== null && !typeCouvert(r.type_diplome, o.type_diplome)) continue;
    if (r.duree !== null && r.duree !== o.duree) continue;
    if (r.annee_entree !== null && r.annee_entree !== o.annee_entree) continue;
    if (r.academie !== null && !o.academies.includes(r.academie)) continue;
    if (!best || r.priorite > best.priorite || (r.priorite === best.priorite && r.id < best.id)) best = r;
  }
  return best;
}

// ---- Machine ----

export interface EtatPlateforme {
  readonly statut: StatutPlateforme;
  readonly decision: Decision | null;
  readonly motif: string | null;
  readonly action_corrective: string | null;
  readonly id_plateforme: string | null;
  /** Campaign (rentrée) of the statut; a new campaign restarts from the scope. */
  readonly annee: number;
  /** Last campaign in which the platform reported the offer published. */
  readonly publie_annee: number | null;
}

/**
 * What a platform's return tells the organisme (services/comptes/courriel.retours-plateforme.ts),
 * from the offer's state before it (`avant`) and after it (`apres`): its offer published, or
 * rejected with a motif or a correction it was not told yet; null when the return repeats the
 * recorded state (no one is told again).
 */
export type NouvelleDuRetour =
  | { readonly type: 'publiee'; readonly idPlateforme: string | null }
  | { readonly type: 'rejetee'; readonly motif: string; readonly actionCorrective: string | null };

export function nouvelleDuRetour(
  avant: Pick<EtatPlateforme, 'statut' | 'motif' | 'action_corrective'>,
  apres: Pick<EtatPlateforme, 'statut' | 'motif' | 'action_corrective' | 'id_plateforme'>,
): NouvelleDuRetour | null {
  if (apres.statut === 'publie')
    return avant.statut === 'publie' ? null : { type: 'publiee', idPlateforme: apres.id_plateforme };
  if (apres.statut !== 'rejet_publication') return null;
  const deja =
    avant.statut === 'rejet_publication' &&
    avant.motif === apres.motif &&
    avant.action_corrective === apres.action_corrective;
  return deja
    ? null
    : { type: 'rejetee', motif: apres.motif ?? '', actionCorrective: apres.action_corrective };
}

export interface Eligibilite {
  /**
   * In the platforms' perimeter (horsPerimetrePlateformes null); absent: in it. Outside, the
   * status is « Non publiable » whatever was decided — the decision is kept, and applies again
   * when the offer comes back (validated anew, in the Catalogue général, open to apprenticeship).
   */
  readonly perimetre?: boolean;
  /** Catalogue général, no plateforme failure, a session in the window. */
  readonly eligible: boolean;
  /** The status the scope rules give, or null when no rule covers the offer. */
  readonly statutScope: string | null;
}

/** Recomputation: never overwrites an instructor decision; keeps the platform's progress within a campaign. */
/** The state of an offer a platform has never seen. */
export const etatInitial = (annee: number): EtatPlateforme => ({
  statut: 'non_publiable',
  decision: null,
  motif: null,
  action_corrective: null,
  id_plateforme: null,
  annee,
  publie_annee: null,
});

/**
 * `fermeture`: why the platform takes no more offers this campaign (campagne.ts
 * `fermeturePlateforme`), or null; once closed, a renewed offer stays « à publier » instead of
 * becoming « Prêt pour intégration ».
 */
export function recalculer(
  prec: EtatPlateforme | null,
  e: Eligibilite,
  annee: number,
  fermeture: string | null = null,
): EtatPlateforme {
  const base: EtatPlateforme = prec ?? etatInitial(annee);
  if (e.perimetre === false) return { ...base, statut: 'non_publiable', annee };
  if (base.decision) return { ...base, statut: base.decision };
  const cible =
    e.eligible && e.statutScope && isAPublier(e.statutScope)
      ? (e.statutScope as StatutPlateforme)
      : 'non_publiable';
  if (cible === 'non_publiable') return { ...base, statut: 'non_publiable', annee };
  if (base.annee === annee && PROGRESSION.has(base.statut)) return base;
  if (base.publie_annee === annee - 1 && !fermeture)
    return { ...base, statut: 'pret_pour_integration', motif: null, action_corrective: null, annee };
  return { ...base, statut: cible, motif: null, action_corrective: null, annee };
}

export type Action =
  | { readonly type: 'publier' }
  | { readonly type: 'non_publier'; readonly motif: string }
  | { readonly type: 'mettre_en_attente'; readonly motif: string | null }
  | { readonly type: 'reprendre' }
  | { readonly type: 'retour_publie'; readonly id_plateforme: string | null }
  | { readonly type: 'retour_rejet'; readonly motif: string; readonly action_corrective: string | null };

const refus = (p: Plateforme, etat: EtatPlateforme, quoi: string) =>
  new OffreError(
    'TRANSITION_PLATEFORME_INTERDITE',
    `${NOMS_PLATEFORMES[p]} : impossible de ${quoi} une offre au statut « ${libelleStatutPlateforme(etat.statut)} ».`,
    { statut: etat.statut },
    409,
  );

/**
 * An instructor decision or a platform return. `reprendre` clears the decision: the caller
 * recomputes. `fermeture` (see `recalculer`): « publier » is refused with that reason (409
 * PLATEFORME_FERMEE).
 */
export function appliquer(
  p: Plateforme,
  etat: EtatPlateforme,
  a: Action,
  annee: number,
  fermeture: string | null = null,
): EtatPlateforme {
  switch (a.type) {
    case 'publier':
      if (!isAPublier(etat.statut)) throw refus(p, etat, 'publier');
      if (fermeture) throw new OffreError('PLATEFORME_FERMEE', fermeture, { champ: 'action' }, 409);
      return { ...etat, statut: 'pret_pour_integration', annee };
    case 'non_publier':
      if (!a.motif.trim())
        throw new OffreError(
          'MOTIF_OBLIGATOIRE',
          'Indiquez le motif de la non-publication.',
          { champ: 'motif' },
          400,
        );
      return {
        ...etat,
        statut: 'non_publie',
        decision: 'non_publie',
        motif: a.motif.trim(),
        action_corrective: null,
      };
    case 'mettre_en_attente':
      return {
        ...etat,
        statut: 'en_attente_mise_a_jour',
        decision: 'en_attente_mise_a_jour',
        motif: a.motif?.trim() || null,
        action_corrective: null,
      };
    case 'reprendre':
      if (!etat.decision) throw refus(p, etat, 'reprendre');
      return { ...etat, statut: 'non_publiable', decision: null, motif: null };
    case 'retour_publie':
      if (etat.decision || !PROGRESSION.has(etat.statut)) throw refus(p, etat, 'marquer publiée');
      return {
        ...etat,
        statut: 'publie',
        id_plateforme: a.id_plateforme ?? etat.id_plateforme,
        motif: null,
        action_corrective: null,
        publie_annee: annee,
        annee,
      };
    case 'retour_rejet':
      if (etat.decision || !PROGRESSION.has(etat.statut)) throw refus(p, etat, 'rejeter');
      return {
        ...etat,
        statut: 'rejet_publication',
        motif: a.motif,
        action_corrective: a.action_corrective,
        annee,
      };
  }
}

// ---- Identity ----

export interface IdentiteSource {
  readonly siren_proprietaire: string;
  readonly cle_externe: string | null;
  readonly code_rncp: string | null;
  readonly code_cfd: string | null;
  readonly responsable_siret: string | null;
  readonly lieux: readonly (string | null)[];
}

/** Stable across re-imports: the owner's external key, else certification + responsable + places. */
export function identiteOffre(s: IdentiteSource): string {
  if (s.cle_externe) return `cle:${s.siren_proprietaire}:${s.cle_externe}`;
  const lieux = [...new Set(s.lieux.filter(Boolean))].sort().join(',');
  return `cert:${s.code_rncp ?? ''}|${s.code_cfd ?? ''}|${s.responsable_siret ?? ''}|${lieux}`;
}
