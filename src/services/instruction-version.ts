import type { Executor } from '../db/executor.ts';
import { selectDerniereEcriture } from '../db/historique.repository.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { auteur } from '../domain/acteur.ts';
import { dateHeureLongue } from '../domain/dates.ts';
import { changePlateforme } from '../domain/decision-plateforme.ts';
import { OffreError } from '../domain/errors.ts';
import { concordeIfMatch, type IfMatch, refusIfMatch } from '../domain/if-match.ts';
import {
  type Action,
  appliquer,
  decisionEnCours,
  type EtatPlateforme,
  etatInitial,
  LIBELLES_ACTIONS_PLATEFORME,
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  type Plateforme,
} from '../domain/plateforme.ts';
import { versionDe } from '../domain/version-empreinte.ts';
import { CHAMP_VERSION } from './espace-version.ts';

// The instructeur's decision (publier, ne pas publier, mettre en attente, reprendre) carries the
// version of the offer its page showed, as the space's forms and the gestionnaire's review do
// (espace-version.ts, gestion/decision.garde.ts): a decision on a state the instructeur did not see
// (another instructeur decided, the platform answered, a revision of the offer was validated) is
// refused whole. The version has two parts, so that the refusal says which one moved: the
// formation's write counter (its content and sessions, by any door) and the platform's stored state.

/** The version of the decision on platform state `etat` (null: none stored yet) of a formation at `versionFormation`. */
export function versionDecision(versionFormation: number, etat: EtatPlateforme | null): string {
  const e = etat
    ? JSON.stringify([
        etat.statut,
        etat.decision,
        etat.motif,
        etat.action_corrective,
        etat.id_plateforme,
        etat.annee,
        etat.publie_annee,
      ])
    : 'aucun';
  return `${versionDe(['formation', String(versionFormation)])}-${versionDe(['etat', e])}`;
}

/** The platform decisions an instructeur takes (history actions), as opposed to the platform's returns. */
const DECISIONS = new Set(['publier', 'non_publier', 'mettre_en_attente', 'reprendre']);

/** « la décision Parcoursup « Ne pas publier » a été prise par X le … ; la formation a été modifiée par Y le … » */
async function ceQuiAChange(
  db: Executor,
  id: string,
  p: Plateforme,
  etat: EtatPlateforme | null,
  lue: string,
  actuelle: string,
): Promise<string> {
  const [fl, el] = lue.split('-');
  const [fa, ea] = actuelle.split('-');
  const nom = NOMS_PLATEFORMES[p];
  const [plateforme, formation] = await Promise.all([
    el !== ea ? selectDerniereEcriture(db, id, { entite: `plateforme:${p}` }) : undefined,
    fl !== fa ? selectDerniereEcriture(db, id, { horsPlateformes: true }) : undefined,
  ]);
  const noms = await nomsParLibelle(
    db,
    [plateforme?.acteur, formation?.acteur].filter((x) => !!x) as string[],
  );
  const qui = (e: { acteur: string; at: Date | string }) =>
    `par ${auteur(e.acteur, noms)} le ${dateHeureLongue(new Date(e.at))}`;
  const parties: string[] = [];
  if (el !== ea) {
    const statut = libelleStatutPlateforme(etat?.statut ?? 'non_publiable');
    const apres = plateforme ? changePlateforme(plateforme.diff)?.apres : undefined;
    // The last platform entry explains the current state only when it led to it (a recomputation
    // writes one, action recalcul, only when it moves the status).
    if (plateforme && apres === (etat?.statut ?? 'non_publiable')) {
      const action = LIBELLES_ACTIONS_PLATEFORME[plateforme.action] ?? plateforme.action;
      parties.push(
        DECISIONS.has(plateforme.action)
          ? `la décision ${nom} « ${action} » a été prise ${qui(plateforme)}`
          : `${action} (enregistré ${qui(plateforme)}) ; le statut ${nom} est « ${statut} »`,
      );
    } else parties.push(`le statut ${nom} est devenu « ${statut} »`);
  }
  if (fl !== fa) parties.push(`la formation a été modifiée${formation ? ` ${qui(formation)}` : ''}`);
  return parties.join(' ; ') || 'elle a été modifiée';
}

/**
 * Refuses a decision on formation `id` for platform `p` when the state it was taken on is not the
 * current one (`versionFormation`, the formation row locked by the caller, and `etat`, the stored
 * state the decision applies to): `version` (the page's hidden field) → FORMATION_MODIFIEE (409);
 * `siMatch` (the API's If-Match, the state's `version` between quotes) → PRECONDITION_ECHOUEE (412).
 * Neither given: no check (the API without If-Match). Each message says what changed, by whom, when.
 */
export async function garderVersionDecision(
  db: Executor,
  id: string,
  p: Plateforme,
  versionFormation: number,
  etat: EtatPlateforme | null,
  attendue: { readonly version?: string; readonly siMatch?: IfMatch },
): Promise<void> {
  const actuelle = versionDecision(versionFormation, etat);
  if (attendue.version !== undefined && attendue.version !== actuelle)
    throw new OffreError(
      'FORMATION_MODIFIEE',
      `Cette offre a changé depuis l’ouverture de la page : ${await ceQuiAChange(db, id, p, etat, attendue.version, actuelle)} : votre décision n’a pas été enregistrée, pour ne pas effacer ce changement.`,
      { champ: CHAMP_VERSION, version_actuelle: actuelle },
      409,
    );
  const m = attendue.siMatch;
  if (m === undefined || concordeIfMatch(m, actuelle)) return;
  // What changed since the (first) version sent: its two parts tell which moved.
  const depuis = await ceQuiAChange(db, id, p, etat, m === '*' ? '' : m[0]!, actuelle);
  throw refusIfMatch(
    m,
    actuelle,
    `de l’état ${NOMS_PLATEFORMES[p]} de la formation ${id}`,
    `${depuis} ; la décision n’a pas été enregistrée. Relisez l’état (GET /api/v1/formations/${id}/plateformes/${p}), puis renvoyez son ETag dans If-Match.`,
  );
}

/** A platform state in the words of the decision page (the conflict lists them with their current value). */
export const decisionEnMots = (
  e: EtatPlateforme,
): { statut?: string; decision: string | null; motif: string | null } => ({
  statut: libelleStatutPlateforme(e.statut),
  decision: decisionEnCours(e),
  motif: e.motif,
});

/**
 * What deciding `action` (with `motif`) again would leave of the current state `etat` (null: none
 * stored), in words, or null when that decision is no longer possible on it (its own refusal says why).
 */
export function apresDecision(
  p: Plateforme,
  etat: EtatPlateforme | null,
  action: string,
  motif: string,
  annee: number,
): Partial<ReturnType<typeof decisionEnMots>> | null {
  const a: Action | null =
    action === 'non_publier'
      ? { type: 'non_publier', motif }
      : action === 'mettre_en_attente'
        ? { type: 'mettre_en_attente', motif: motif || null }
        : action === 'publier' || action === 'reprendre'
          ? { type: action }
          : null;
  if (!a) return null;
  try {
    const { statut, ...reste } = decisionEnMots(appliquer(p, etat ?? etatInitial(annee), a, annee));
    // Deciding « Publier » is the instructeur's choice, whatever the campaign it renews.
    if (a.type === 'publier') reste.decision = LIBELLES_ACTIONS_PLATEFORME.publier!;
    // « Reprendre » hands the status back to the rules: it is known after the recomputation only.
    return a.type === 'reprendre' ? reste : { statut, ...reste };
  } catch {
    return null;
  }
}
