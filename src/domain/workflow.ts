import { OffreError } from './errors.ts';
import type { FormationInput, Statut } from './formation.schema.ts';

// The life of an offer as a pure state machine (docs/produit.md « La vie d'une offre »):
//
//   brouillon ──publier──▶ en_attente_validation ──valider──▶ publiee
//       ▲                        │ retourner                   │ (changed: a revision)
//       │                        ▼                             ▼
//       │                    a_corriger ──publier──▶ …     revision en_attente_validation
//       │                                               ──valider──▶ applied, offer stays publiee
//   restaurer (gestionnaire)                            ──retourner──▶ revision a_corriger
//       │                                               ──publier──▶ revision resubmitted
//   supprimee ◀──supprimer── any other statut ; archivee ◀──archiver── any but archivee/supprimee
//   archivee ──publier──▶ en_attente_validation (back through validation)
//
// No I/O: the workflow service (services/workflow.service.ts) loads the offer and its open
// revision, asks `decider`, and applies the one effect it returns in a transaction.

export type Transition = 'publier' | 'valider' | 'retourner' | 'archiver' | 'supprimer' | 'restaurer';

export const TRANSITIONS: readonly Transition[] = [
  'publier',
  'valider',
  'retourner',
  'archiver',
  'supprimer',
  'restaurer',
];

/** The open revision of a published offer (formation_revision), if any. */
export type StatutRevision = 'en_attente_validation' | 'a_corriger';

export interface EtatOffre {
  readonly statut: Statut;
  /** The open revision's statut: only a published offer has one (null otherwise). */
  readonly revision: StatutRevision | null;
  /** Where a deleted offer goes back on `restaurer` (formation.statut_avant_suppression). */
  readonly statutAvantSuppression: Statut | null;
}

/** Transitions only gestionnaires and administrators may make (acces.ts isValidateur). */
export const RESERVEES_AUX_VALIDATEURS: ReadonlySet<Transition> = new Set([
  'valider',
  'retourner',
  'restaurer',
]);

/** The change feed's action for a statut change (change_event.action). */
export type EvenementFlux = 'update' | 'archive' | 'delete';

/** What an allowed transition does: exactly one of these. */
export type Effet =
  /** The offer changes statut; its open revision, if any, is abandoned first. */
  | {
      readonly kind: 'statut';
      readonly vers: Statut;
      readonly flux: EvenementFlux;
      /** Publishing and validating check the mandatory fields first (publication.ts champsManquants). */
      readonly completudeRequise: boolean;
      readonly abandonneRevision: boolean;
    }
  /** The open revision moves; the diffused offer stays as it is (statut publiee). */
  | { readonly kind: 'revision'; readonly action: 'soumettre' | 'valider' | 'retourner' };

export type Decision = { readonly ok: true; readonly effet: Effet } | { readonly ok: false };

const REFUS: Decision = { ok: false };
const statut = (
  vers: Statut,
  flux: EvenementFlux,
  opts: Partial<Pick<Extract<Effet, { kind: 'statut' }>, 'completudeRequise' | 'abandonneRevision'>> = {},
): Decision => ({
  ok: true,
  effet: { kind: 'statut', vers, flux, completudeRequise: false, abandonneRevision: false, ...opts },
});
const revision = (action: 'soumettre' | 'valider' | 'retourner'): Decision => ({
  ok: true,
  effet: { kind: 'revision', action },
});

/** Which transition `t` does from `e`, or a refusal (the caller words it: TRANSITION_INVALIDE, 409). */
export function decider(e: EtatOffre, t: Transition): Decision {
  switch (t) {
    case 'publier':
      // A returned revision is resubmitted; the published offer itself cannot be "published" again.
      if (e.statut === 'publiee') return e.revision === 'a_corriger' ? revision('soumettre') : REFUS;
      return e.statut === 'brouillon' || e.statut === 'a_corriger' || e.statut === 'archivee'
        ? statut('en_attente_validation', 'update', { completudeRequise: true })
        : REFUS;
    case 'valider':
      if (e.statut === 'publiee') return e.revision ? revision('valider') : REFUS;
      // Publishing checks the mandatory fields again (an offer stored before its writes were checked).
      return e.statut === 'en_attente_validation'
        ? statut('publiee', 'update', { completudeRequise: true })
        : REFUS;
    case 'retourner':
      if (e.statut === 'publiee')
        return e.revision === 'en_attente_validation' ? revision('retourner') : REFUS;
      return e.statut === 'en_attente_validation' ? statut('a_corriger', 'update') : REFUS;
    case 'archiver':
      return e.statut === 'archivee' || e.statut === 'supprimee'
        ? REFUS
        : statut('archivee', 'archive', { abandonneRevision: e.revision !== null });
    case 'supprimer':
      return e.statut === 'supprimee'
        ? REFUS
        : statut('supprimee', 'delete', { abandonneRevision: e.revision !== null });
    case 'restaurer':
      return e.statut === 'supprimee' ? statut(e.statutAvantSuppression ?? 'brouillon', 'update') : REFUS;
  }
}

/**
 * `input` with every session's recruitment closed (`etat_recrutement: 'ferme'`): what an archived
 * offer carries, whichever door archives it — the transition (services/workflow.service.ts
 * transitionTx) and the workbook's closing rows (formats/classeur/classeur.plan.ts planMaj)
 * (docs/produit.md « Archivage »). Republishing reopens nothing: the organisme reopens a session
 * by changing it. `input` is not modified.
 */
export function sessionsFermees(input: FormationInput): FormationInput {
  return { ...input, sessions: input.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' })) };
}

/** Has `input` a session whose recruitment is not closed (sessionsFermees would change it)? */
export function aSessionNonFermee(input: FormationInput): boolean {
  return input.sessions.some((s) => s.etat_recrutement !== 'ferme');
}

/**
 * FORMATION_ARCHIVEE (409): a write that would change archived formation `f` (its id and title),
 * refused whoever writes it — API, LHEO import, workbook, pages. An archived offer is brought back
 * explicitly, by `publier` (back through validation), then changed. Details: `formation` (its id).
 */
export function formationArchivee(
  f: { readonly id: string; readonly intitule: string | null },
  opts: { readonly sansReference?: boolean } = {},
): OffreError {
  const message = messageFormationArchivee(opts.sansReference ? { intitule: f.intitule } : f);
  return new OffreError('FORMATION_ARCHIVEE', message, { formation: f.id }, 409);
}

/**
 * The French sentence of FORMATION_ARCHIVEE for formation `f`, named by its id (the API's and the
 * files' key) and title, or by its title alone without `id` (the organisme's pages, whose address
 * holds the id); `precision`: a sentence inserted before the last one (the workbook names the
 * columns its row changes).
 */
export function messageFormationArchivee(
  f: { readonly id?: string; readonly intitule: string | null },
  precision?: string,
): string {
  const nom = [f.id, f.intitule && `« ${f.intitule} »`].filter(Boolean).join(' ');
  return `${nom ? `La formation ${nom}` : 'Cette formation'} est archivée : republiez-la d’abord (« Publier », elle repasse en validation), puis modifiez-la.${precision ? ` ${precision}` : ''} Rien n’a été enregistré pour cette formation.`;
}

/**
 * FORMATION_SUPPRIMEE (409) of the organisme's pages: a form of deleted formation `f` (its id and
 * title), refused whole — its page shows it read-only. Only a gestionnaire of its region restores
 * it (`restaurer`). Named by its title (the page's address holds the id). Details: `formation`.
 */
export function formationSupprimee(f: { readonly id: string; readonly intitule: string | null }): OffreError {
  const nom = f.intitule ? `La formation « ${f.intitule} »` : 'Cette formation';
  return new OffreError(
    'FORMATION_SUPPRIMEE',
    `${nom} est supprimée : elle ne se modifie plus. Seul un gestionnaire de la région où ont lieu ses sessions peut la restaurer. Rien n’a été enregistré pour cette formation.`,
    { formation: f.id },
    409,
  );
}

/** A return's comment field, as the review page labels it: every channel's messages name it so. */
export const LIBELLE_COMMENTAIRE = 'Commentaire pour l’organisme';
