import type { Executor } from '../../db/executor.ts';
import { type FormationRow, findOpenRevision, selectEtatEcriture } from '../../db/formation.repository.ts';
import { selectDerniereDecision } from '../../db/gestion.repository.ts';
import { nomsParLibelle } from '../../db/utilisateur.repository.ts';
import { auteur } from '../../domain/acteur.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { OffreError } from '../../domain/errors.ts';
import type { Statut } from '../../domain/formation.schema.ts';
import { type IfMatch, verifierIfMatchFormation } from '../../domain/if-match.ts';
import { LIBELLE_STATUT } from '../../domain/statut.ts';
import { versionDe } from '../../domain/version-empreinte.ts';
import { decider, type StatutRevision } from '../../domain/workflow.ts';

// Before a gestionnaire's decision (validate, return), inside its transaction and under the row
// lock: the offer still waits for that decision (a second tab may have decided it already), and it
// is the version the gestionnaire read (the organisme may have changed it while the review was open).

type Open = Awaited<ReturnType<typeof findOpenRevision>>;

/**
 * The version a review shows (its forms carry it back), from the offer's row and open revision it
 * read: the formation's write counter (every write of the offer or its sessions moves it) and the
 * revision's state and content (written in place by the organisme). No extra read.
 */
export function versionDeRevue(row: Pick<FormationRow, 'version'>, open: Open): string {
  const revision = open ? `${open.id}:${open.statut}:${JSON.stringify(open.payload)}` : '';
  // 32 characters, as the review forms and the gestion API have always carried it.
  return versionDe([String(row.version), revision], 32);
}

const FAITE: Record<string, string> = {
  valider: 'elle a été validée',
  revision_validee: 'sa révision a été validée',
  retourner: 'elle a été retournée à l’organisme',
  revision_retournee: 'sa révision a été retournée à l’organisme',
};

/** « Cette offre n’attend plus de décision : elle a été validée par X le … » (409 TRANSITION_INVALIDE). */
async function decisionDejaPrise(db: Executor, row: FormationRow, what: string): Promise<OffreError> {
  const d = await selectDerniereDecision(db, row.id);
  const statut = LIBELLE_STATUT[row.statut as Statut] ?? row.statut;
  const raison = d
    ? `${FAITE[d.action] ?? d.action} par ${auteur(d.acteur, await nomsParLibelle(db, [d.acteur]))} le ${dateHeureLongue(new Date(d.at))}`
    : `son statut est « ${statut} »`;
  return new OffreError(
    'TRANSITION_INVALIDE',
    `Cette offre n’attend plus de décision : ${raison}. Impossible de la ${what} ; relisez-la.`,
    { statut: row.statut },
    409,
  );
}

/**
 * Refuses the decision `t` on `row` (locked) when the offer no longer waits for it (TRANSITION_INVALIDE,
 * saying who decided and when), or when it is not the version read: `version` (a review form's
 * hidden field) → REVISION_MODIFIEE (409); `siMatch` (the API's If-Match) → PRECONDITION_ECHOUEE
 * (412). Neither given: no version check (as before). Returns the open revision.
 */
export async function garderDecision(
  trx: Executor,
  row: FormationRow,
  t: 'valider' | 'retourner',
  attendue: { readonly version?: string; readonly siMatch?: IfMatch },
): Promise<Open> {
  const open = row.statut === 'publiee' ? await findOpenRevision(trx, row.id) : undefined;
  const d = decider(
    {
      statut: row.statut,
      revision: (open?.statut as StatutRevision | undefined) ?? null,
      statutAvantSuppression: row.statut_avant_suppression,
    },
    t,
  );
  if (!d.ok) throw await decisionDejaPrise(trx, row, t === 'valider' ? 'valider' : 'retourner');
  if (attendue.siMatch !== undefined)
    verifierIfMatchFormation(attendue.siMatch, (await selectEtatEcriture(trx, row.id))!, row.id);
  const etat = versionDeRevue(row, open);
  if (attendue.version !== undefined && attendue.version !== etat)
    throw new OffreError(
      'REVISION_MODIFIEE',
      open
        ? 'La révision a changé depuis votre lecture : relisez-la avant de décider.'
        : 'L’offre a changé depuis votre lecture : relisez-la avant de décider.',
      { version_actuelle: etat },
      409,
    );
  return open;
}

/**
 * A review form (valider, retourner) sent without its `version` (a page from before the field, a
 * hand-made request): 400 VERSION_MANQUANTE, nothing decided. The field is always in the review's
 * forms: its absence is a malformed form, never « decide whatever the offer now is » (the API's
 * If-Match stays optional).
 */
export const versionDeRevueManquante = () =>
  new OffreError(
    'VERSION_MANQUANTE',
    'Le formulaire envoyé ne porte pas le champ « version » (la version de l’offre que vous avez examinée) : rien n’a été décidé. Relisez l’offre ci-dessous, puis décidez de nouveau.',
    { champ: 'version' },
    400,
  );
