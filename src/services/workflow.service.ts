import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import { noterRevision } from '../db/feed.repository.ts';
import {
  type FormationRow,
  findOpenRevision,
  updateFormation,
  updateRevision,
} from '../db/formation.repository.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { isValidateur } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { diff } from '../domain/diff.ts';
import { erreurChamp } from '../domain/erreur-champ.ts';
import { forbidden, notFound, OffreError } from '../domain/errors.ts';
import { type FormationInput, LONGUEURS_MAX, type Statut } from '../domain/formation.schema.ts';
import { type FormationSnap, nextSnapshot, snapshotToInput } from '../domain/formation.snapshot.ts';
import { nomFormation } from '../domain/formation-nom.ts';
import { changeHorsDiffusion } from '../domain/historique.ts';
import type { IfMatch } from '../domain/if-match.ts';
import { pluriel } from '../domain/pluriel.ts';
import { champsManquants, refusValidationIncomplete } from '../domain/publication.ts';
import { refusSuppression, suppressionPermise } from '../domain/sortie-espace.ts';
import { LIBELLE_STATUT } from '../domain/statut.ts';
import { refusTexte } from '../domain/texte-saisi.ts';
import {
  aSessionNonFermee,
  decider,
  LIBELLE_COMMENTAIRE,
  RESERVEES_AUX_VALIDATEURS,
  type StatutRevision,
  sessionsFermees,
  type Transition,
} from '../domain/workflow.ts';
import { controlesDeRevision } from './conformite.service.ts';
import { type Lisibles, lisiblesPar } from './formation.lisible.ts';
import {
  conditionIfMatch,
  lockWritable,
  offreADecider,
  refusHorsPerimetre,
  writeFormation,
} from './formation.service.ts';
import { loadSnapshot } from './formation.view.ts';
import { applyStatut } from './formation.write.ts';
import { refreshDocuments } from './formation-document.ts';

// The life of an offer (brouillon → en_attente_validation → publiee | a_corriger; archivee;
// supprimee, restorable by a gestionnaire) is decided by the pure machine of domain/workflow.ts;
// here each transition is loaded, asked, and applied in one transaction.

export type { Transition } from '../domain/workflow.ts';

/** « de » before a verb, elided before a vowel or a mute h (« d’archiver »). */
const de = (verbe: string) => (/^[aeéèêiouyh]/i.test(verbe) ? `d’${verbe}` : `de ${verbe}`);

const transitionInvalide = (row: FormationRow, what: string) =>
  new OffreError(
    'TRANSITION_INVALIDE',
    `Impossible ${de(what)} ${nomFormation(row)} : son statut est « ${LIBELLE_STATUT[row.statut] ?? row.statut} ».`,
    { statut: row.statut, formation_id: row.id },
    409,
  );

/**
 * The reason a gestionnaire gives when returning an offer (trimmed): required, bounded, and typed
 * text as every other field (texte-saisi.ts: no control or bidirectional character, line breaks
 * kept), since it is stored and e-mailed as typed. Its messages name the review page's field.
 */
function motifDeRetour(commentaire: string | null | undefined): string {
  const motif = commentaire?.trim();
  if (!motif)
    throw new OffreError(
      'COMMENTAIRE_REQUIS',
      erreurChamp(LIBELLE_COMMENTAIRE, 'indiquez à l’organisme ce qu’il doit corriger'),
      { champ: 'commentaire' },
      422,
    );
  // Characters as the contract's schema counts them (code points: an emoji is one).
  const refus = refusTexte(motif, 'commentaire', LONGUEURS_MAX.commentaire, {
    multiligne: true,
    libelle: LIBELLE_COMMENTAIRE,
  });
  if (refus?.code === 'TEXTE_TROP_LONG')
    throw new OffreError('COMMENTAIRE_TROP_LONG', refus.message, { champ: 'commentaire' }, 422);
  if (refus) throw refus;
  return motif;
}

const ACTION_REVISION = {
  soumettre: { statut: 'en_attente_validation', historique: 'revision_soumise' },
  valider: { statut: 'validee', historique: 'revision_validee' },
  retourner: { statut: 'a_corriger', historique: 'revision_retournee' },
} as const;

export async function transitionTx(
  trx: Executor,
  acteur: Acteur,
  id: string,
  t: Transition,
  now: Date,
  commentaire?: string | null,
  /** A revision validated « malgré tout »: the blocking rules that take the offer out of diffusion. */
  horsDiffusion: readonly string[] = [],
): Promise<{ id: string; statut: Statut; revision: boolean }> {
  const who = acteurLabel(acteur);
  if (RESERVEES_AUX_VALIDATEURS.has(t) && !isValidateur(acteur))
    throw forbidden('Réservé aux gestionnaires et administrateurs.');
  // Validating or returning a revision: also the gestionnaires of the régions of its sessions.
  let row = await lockWritable(trx, acteur, id, { revision: t === 'valider' || t === 'retourner' });
  // Who may delete what: one rule for the pages and the API (domain/sortie-espace.ts).
  if (t === 'supprimer' && !suppressionPermise(row.statut, !!row.validee_at, isValidateur(acteur)))
    throw refusSuppression(row);
  const motif = t === 'retourner' ? motifDeRetour(commentaire) : null;
  // Only a published offer has an open revision; archiving or deleting abandons whatever is open.
  const open =
    row.statut === 'publiee' || t === 'archiver' || t === 'supprimer'
      ? await findOpenRevision(trx, id)
      : undefined;
  const decision = decider(
    {
      statut: row.statut,
      revision: (open?.statut as StatutRevision | undefined) ?? null,
      statutAvantSuppression: row.statut_avant_suppression,
    },
    t,
  );
  if (!decision.ok) throw transitionInvalide(row, t);
  const effet = decision.effet;

  if (effet.kind === 'revision') {
    const r = open!;
    const { statut, historique } = ACTION_REVISION[effet.action];
    if (effet.action === 'valider') {
      const { snap } = await writeFormation(trx, acteur, r.payload as FormationInput, {
        id,
        now,
        fromRevision: true,
      });
      // The revision becomes the diffused offer: never with a mandatory field missing (one stored
      // before revisions were checked); the throw rolls its write back.
      const refus = refusValidationIncomplete(id, snap);
      if (refus) throw refus;
      // The revision's content is now the last validated version: the review compares with it.
      await updateFormation(trx, id, { validee_at: now, validee_par: who });
    }
    await updateRevision(trx, r.id, {
      statut,
      // Sent again, a returned revision's comment is over (the history keeps it).
      ...(effet.action === 'soumettre' ? { commentaire: null } : { decided_at: now, decided_by: who }),
      ...(motif ? { commentaire: motif } : {}),
    });
    await appendHistorique(trx, [
      {
        formation_id: id,
        entite: 'revision',
        entite_id: r.id,
        action: historique,
        acteur: who,
        at: now,
        diff: motif
          ? [{ champ: 'commentaire', avant: null, apres: motif }]
          : effet.action === 'valider' && horsDiffusion.length
            ? [changeHorsDiffusion(horsDiffusion)]
            : [],
      },
    ]);
    // The revision's state shows in the documents (revision_en_attente): a change of it is an
    // event (a validation's write has its own).
    await noterRevision(trx, id, true, now);
    await refreshDocuments(trx, [id]);
    return { id, statut: 'publiee', revision: effet.action !== 'valider' };
  }

  if (effet.completudeRequise) {
    const snap = (await loadSnapshot(trx, row)).snap;
    // « Valider » publishes the offer as it stands: never with a mandatory field missing.
    const refus = t === 'valider' ? refusValidationIncomplete(id, snap) : null;
    if (refus) throw refus;
    const manquants = champsManquants(snap);
    if (manquants.length)
      throw new OffreError(
        'PUBLICATION_INCOMPLETE',
        `Publication impossible : ${pluriel(manquants.length, 'champ', 'champs')} à renseigner ou corriger.`,
        { erreurs: manquants },
        422,
      );
  }
  if (effet.vers === 'archivee') row = await fermerSessions(trx, acteur, row, now);
  if (effet.abandonneRevision && open)
    await updateRevision(trx, open.id, { statut: 'abandonnee', decided_at: now, decided_by: who });
  await applyStatut(
    trx,
    acteur,
    row,
    effet.vers,
    {
      action: t,
      feed: effet.flux,
      ...(t === 'valider' ? { commentaire: null } : t === 'retourner' ? { commentaire: motif } : {}),
    },
    now,
  );
  return { id, statut: effet.vers, revision: false };
}

/**
 * Before an archiving: the sessions of `row` whose recruitment is not closed are closed
 * (domain/workflow.ts sessionsFermees), written over its stored (diffused) version as one write
 * — history entry with each session's `etat_recrutement` change, change-feed `update` event,
 * conformity and documents — the same write as a workbook's closing rows (`puisArchiver`: direct,
 * not a revision, which the archiving abandons). Nothing is written when all are closed already
 * (the workbook closed them). Returns the row as it now stands (locked).
 */
async function fermerSessions(trx: Executor, acteur: Acteur, row: FormationRow, now: Date) {
  const input = snapshotToInput((await loadSnapshot(trx, row)).snap);
  if (!aSessionNonFermee(input)) return row;
  await writeFormation(trx, acteur, sessionsFermees(input), { id: row.id, now, puisArchiver: true });
  return lockWritable(trx, acteur, row.id);
}

export function transition(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  t: Transition,
  commentaire?: string | null,
  /** The API's `If-Match` (publier, archiver…): PRECONDITION_ECHOUEE (412) when stale; absent, unchecked. */
  siMatch?: IfMatch,
) {
  return ctx.db.transaction().execute(async (trx) => {
    await conditionIfMatch(trx, acteur, id, siMatch);
    return transitionTx(trx, acteur, id, t, ctx.now(), commentaire);
  });
}

/**
 * The pending revision of a published formation, as a field-level diff against the diffused
 * version, with the rule results it would have once validated (`now`: the day they are evaluated).
 * `commentaire`: the gestionnaire's return comment while the revision is « à corriger », else null.
 */
export async function getRevision(db: Executor, acteur: Acteur, id: string, now: Date) {
  const { row, dedans } = await offreADecider(db, acteur, id);
  // A gestionnaire is told an offer of another région exists and where (403, as the pages say);
  // anyone else never learns of an offer it may not read (404).
  if (!row) throw (await refusHorsPerimetre(db, acteur, id)) ?? notFound(`Formation ${id}`);
  if (!dedans)
    throw (
      (await refusHorsPerimetre(db, acteur, id, row.intitule)) ??
      forbidden('La révision n’est visible que de l’organisme et des gestionnaires de sa région.')
    );
  const open = await findOpenRevision(db, id);
  if (!open) {
    const e = notFound(`Révision en attente de ${nomFormation(row)}`);
    throw new OffreError(e.code, e.message, { formation_id: row.id }, e.status);
  }
  const { controles, ...r } = await revisionLue(db, row, open, now, lisiblesPar(db, acteur));
  return {
    ...r,
    // A revision sent again keeps its last return's comment: said only while it is to correct,
    // as the organisme's page does (a resubmitted revision's old comment is not current).
    commentaire: r.statut === 'a_corriger' ? r.commentaire : null,
    controles: controles?.revision ?? [],
    ecarts: controles?.ecarts ?? { corrige: [], introduit: [] },
  };
}

/**
 * The state open revision `payload` would store once validated, from the offer's stored snapshot
 * (`lu`: loadSnapshot's): the revision applied to its published version.
 */
export function revisionProposee(
  lu: { readonly snap: FormationSnap; readonly diffusees: Set<string> },
  payload: FormationInput,
): FormationSnap {
  const { snap, diffusees } = lu;
  // Each new session its own id, as a creation's (controlesDeNouvelles): a session's contact is
  // joined to it by id (domain/regles/a-controler.ts). Not a stored id's shape (domain/ids.ts).
  let k = 0;
  return nextSnapshot(snap, payload, {
    organismes: new Map(
      [snap.responsable, snap.formateur, snap.mandataire].filter((o) => !!o).map((o) => [o!.siret, o!]),
    ),
    diffusees,
    newSessionId: () => `proposee:se${++k}`,
    allowNewSessionIds: true,
  });
}

/**
 * `getRevision` on the offer's row and its open revision already read (and the access already
 * checked by the caller): the revision with its changes against the diffused version, and the rule
 * results of both versions (`controles`: what validating it would change; null if the offer is gone).
 */
export async function revisionLue(
  db: Executor,
  row: FormationRow,
  open: NonNullable<Awaited<ReturnType<typeof findOpenRevision>>>,
  now: Date,
  /** The formations the reader may read (formation.lisible.ts); null: all (a decision’s own checks). */
  lisibles: Lisibles | null,
  /** The offer's snapshot when the caller read it already (loadSnapshot of `row`): not read again. */
  dejaLu?: Awaited<ReturnType<typeof loadSnapshot>>,
) {
  const lu = dejaLu ?? (await loadSnapshot(db, row));
  const { snap } = lu;
  const proposed = revisionProposee(lu, open.payload as FormationInput);
  return {
    id: open.id,
    statut: open.statut as 'en_attente_validation' | 'a_corriger',
    commentaire: open.commentaire,
    created_at: new Date(open.created_at).toISOString(),
    created_by: open.created_by,
    diff: diff(snap, proposed),
    controles: await controlesDeRevision(db, row, proposed, now, lisibles),
  };
}
