import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import {
  type FormationRow,
  findFormationRow,
  findOpenRevision,
  updateRevision,
} from '../db/formation.repository.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { isValidateur, visibiliteOf } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { diff } from '../domain/diff.ts';
import { forbidden, notFound, OffreError } from '../domain/errors.ts';
import { type FormationInput, LONGUEURS_MAX, type Statut } from '../domain/formation.schema.ts';
import { nextSnapshot } from '../domain/formation.snapshot.ts';
import { champsManquants } from '../domain/publication.ts';
import { LIBELLE_STATUT } from '../domain/statut.ts';
import { dansPerimetre, lockWritable, writeFormation } from './formation.service.ts';
import { loadSnapshot } from './formation.view.ts';
import { applyStatut } from './formation.write.ts';

// The life of an offer: brouillon → en_attente_validation → publiee | a_corriger; archivee;
// supprimee (soft, restorable by a gestionnaire). Each transition is one transaction.

export type Transition = 'publier' | 'valider' | 'retourner' | 'archiver' | 'supprimer' | 'restaurer';

const transitionInvalide = (row: FormationRow, what: string) =>
  new OffreError(
    'TRANSITION_INVALIDE',
    `Impossible de ${what} la formation ${row.id} : son statut est « ${LIBELLE_STATUT[row.statut as Statut] ?? row.statut} ».`,
    { statut: row.statut },
    409,
  );

async function lockForValidateur(trx: Executor, acteur: Acteur, id: string): Promise<FormationRow> {
  if (!isValidateur(acteur)) throw forbidden('Réservé aux gestionnaires et administrateurs.');
  return lockWritable(trx, acteur, id);
}

export async function transitionTx(
  trx: Executor,
  acteur: Acteur,
  id: string,
  t: Transition,
  now: Date,
  commentaire?: string | null,
): Promise<{ id: string; statut: Statut; revision: boolean }> {
  const who = acteurLabel(acteur);
  switch (t) {
    case 'publier': {
      const row = await lockWritable(trx, acteur, id);
      const open = row.statut === 'publiee' ? await findOpenRevision(trx, id) : undefined;
      if (open?.statut === 'a_corriger') {
        await updateRevision(trx, open.id, { statut: 'en_attente_validation' });
        await appendHistorique(trx, [
          {
            formation_id: id,
            entite: 'revision',
            entite_id: open.id,
            action: 'revision_soumise',
            acteur: who,
            at: now,
            diff: [],
          },
        ]);
        return { id, statut: 'publiee', revision: true };
      }
      if (!['brouillon', 'a_corriger', 'archivee'].includes(row.statut))
        throw transitionInvalide(row, 'publier');
      const manquants = champsManquants((await loadSnapshot(trx, row)).snap);
      if (manquants.length)
        throw new OffreError(
          'PUBLICATION_INCOMPLETE',
          `Publication impossible : ${manquants.length} champ(s) à renseigner ou corriger.`,
          { erreurs: manquants },
          422,
        );
      await applyStatut(
        trx,
        acteur,
        row,
        'en_attente_validation',
        { action: 'publier', feed: 'update' },
        now,
      );
      return { id, statut: 'en_attente_validation', revision: false };
    }
    case 'valider': {
      const row = await lockForValidateur(trx, acteur, id);
      if (row.statut === 'publiee') {
        const open = await findOpenRevision(trx, id);
        if (!open) throw transitionInvalide(row, 'valider');
        await writeFormation(trx, acteur, open.payload as FormationInput, { id, now, fromRevision: true });
        await updateRevision(trx, open.id, { statut: 'validee', decided_at: now, decided_by: who });
        await appendHistorique(trx, [
          {
            formation_id: id,
            entite: 'revision',
            entite_id: open.id,
            action: 'revision_validee',
            acteur: who,
            at: now,
            diff: [],
          },
        ]);
        return { id, statut: 'publiee', revision: false };
      }
      if (row.statut !== 'en_attente_validation') throw transitionInvalide(row, 'valider');
      await applyStatut(
        trx,
        acteur,
        row,
        'publiee',
        { action: 'valider', feed: 'update', commentaire: null },
        now,
      );
      return { id, statut: 'publiee', revision: false };
    }
    case 'retourner': {
      const row = await lockForValidateur(trx, acteur, id);
      const motif = commentaire?.trim();
      if (!motif)
        throw new OffreError(
          'COMMENTAIRE_REQUIS',
          'Indiquez à l’organisme ce qu’il doit corriger (commentaire).',
          { champ: 'commentaire' },
          422,
        );
      if (motif.length > LONGUEURS_MAX.commentaire)
        throw new OffreError(
          'COMMENTAIRE_TROP_LONG',
          `Le commentaire est trop long : ${motif.length} caractères, ${LONGUEURS_MAX.commentaire} au plus.`,
          { champ: 'commentaire' },
          422,
        );
      if (row.statut === 'publiee') {
        const open = await findOpenRevision(trx, id);
        if (open?.statut !== 'en_attente_validation') throw transitionInvalide(row, 'retourner');
        await updateRevision(trx, open.id, {
          statut: 'a_corriger',
          commentaire: motif,
          decided_at: now,
          decided_by: who,
        });
        await appendHistorique(trx, [
          {
            formation_id: id,
            entite: 'revision',
            entite_id: open.id,
            action: 'revision_retournee',
            acteur: who,
            at: now,
            diff: [{ champ: 'commentaire', avant: null, apres: motif }],
          },
        ]);
        return { id, statut: 'publiee', revision: true };
      }
      if (row.statut !== 'en_attente_validation') throw transitionInvalide(row, 'retourner');
      await applyStatut(
        trx,
        acteur,
        row,
        'a_corriger',
        { action: 'retourner', feed: 'update', commentaire: motif },
        now,
      );
      return { id, statut: 'a_corriger', revision: false };
    }
    case 'archiver':
    case 'supprimer': {
      const row = await lockWritable(trx, acteur, id);
      const to: Statut = t === 'archiver' ? 'archivee' : 'supprimee';
      if (row.statut === to || row.statut === 'supprimee') throw transitionInvalide(row, t);
      const open = await findOpenRevision(trx, id);
      if (open)
        await updateRevision(trx, open.id, { statut: 'abandonnee', decided_at: now, decided_by: who });
      await applyStatut(
        trx,
        acteur,
        row,
        to,
        { action: t, feed: t === 'archiver' ? 'archive' : 'delete' },
        now,
      );
      return { id, statut: to, revision: false };
    }
    case 'restaurer': {
      const row = await lockForValidateur(trx, acteur, id);
      if (row.statut !== 'supprimee') throw transitionInvalide(row, 'restaurer');
      const to = (row.statut_avant_suppression ?? 'brouillon') as Statut;
      await applyStatut(trx, acteur, row, to, { action: 'restaurer', feed: 'update' }, now);
      return { id, statut: to, revision: false };
    }
  }
}

export function transition(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  t: Transition,
  commentaire?: string | null,
) {
  return ctx.db.transaction().execute((trx) => transitionTx(trx, acteur, id, t, ctx.now(), commentaire));
}

/** The pending revision of a published formation, as a field-level diff against the diffused version. */
export async function getRevision(db: Executor, acteur: Acteur, id: string) {
  const row = await findFormationRow(db, id, { visibleTo: visibiliteOf(acteur) });
  if (!row) throw notFound(`Formation ${id}`);
  if (!(await dansPerimetre(db, acteur, id)))
    throw forbidden('La révision n’est visible que de l’organisme et des gestionnaires de sa région.');
  const open = await findOpenRevision(db, id);
  if (!open) throw notFound(`Révision en attente de la formation ${id}`);
  const { snap, diffusees } = await loadSnapshot(db, row);
  const proposed = nextSnapshot(snap, open.payload as FormationInput, {
    organismes: new Map(
      [snap.responsable, snap.formateur, snap.mandataire].filter((o) => !!o).map((o) => [o!.siret, o!]),
    ),
    diffusees,
    newSessionId: () => '',
    allowNewSessionIds: true,
  });
  return {
    id: open.id,
    statut: open.statut as 'en_attente_validation' | 'a_corriger',
    commentaire: open.commentaire,
    created_at: new Date(open.created_at).toISOString(),
    created_by: open.created_by,
    diff: diff(snap, proposed),
  };
}
