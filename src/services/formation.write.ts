import type { Executor } from '../db/executor.ts';
import { appendChanges, type ChangeAction } from '../db/feed.repository.ts';
import {
  deleteSessions,
  type FormationRow,
  insertFormation,
  markSessionsDiffusees,
  replaceFormationContacts,
  replaceSessionDetails,
  updateFormation,
  upsertOrganismes,
  upsertSession,
} from '../db/formation.repository.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { canWrite } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { acteurLabel } from '../domain/acteur.ts';
import { type Change, diff, equalJson } from '../domain/diff.ts';
import { formationColumns, sessionRow } from '../domain/formation.lignes.ts';
import type { Statut } from '../domain/formation.schema.ts';
import type { FormationSnap, OrgRef } from '../domain/formation.snapshot.ts';
import { recomputeFormations } from './conformite.service.ts';

// Applying a new state of a formation to the tables, with its history and change-feed event.

// Bulk imports write thousands of formations in one transaction: inside `withDeferredRecompute`
// the conformity of the formations written is computed once, at the end, for all of them (one
// recomputation of N ids costs about what one of a single id does).
const deferred = new WeakMap<Executor, Set<string>>();
const RECOMPUTE_CHUNK = 2000;

async function recompute(trx: Executor, id: string, now: Date): Promise<void> {
  const pending = deferred.get(trx);
  if (pending) pending.add(id);
  else await recomputeFormations(trx, [id], now);
}

export async function withDeferredRecompute<T>(trx: Executor, now: Date, fn: () => Promise<T>): Promise<T> {
  if (deferred.has(trx)) return fn();
  const pending = new Set<string>();
  deferred.set(trx, pending);
  try {
    const result = await fn();
    // In chunks: a national file defers tens of thousands of ids, whose facts must not all sit in memory.
    const ids = [...pending];
    for (let i = 0; i < ids.length; i += RECOMPUTE_CHUNK) {
      await recomputeFormations(trx, ids.slice(i, i + RECOMPUTE_CHUNK), now);
      await new Promise<void>((resolve) => setImmediate(resolve)); // the other requests, meanwhile
    }
    return result;
  } finally {
    deferred.delete(trx);
  }
}

export interface ApplyArgs {
  readonly id: string;
  readonly row: FormationRow | undefined;
  readonly prev: FormationSnap | null;
  readonly next: FormationSnap;
  readonly owner: string;
  readonly statut: Statut;
  readonly known: ReadonlyMap<string, OrgRef>;
  readonly extraChanges?: readonly Change[];
  readonly historyAction?: string;
}

/** Writes `next` (already validated and allowed) and records it. Returns the changes written. */
export async function applySnapshot(
  trx: Executor,
  acteur: Acteur,
  a: ApplyArgs,
  now: Date,
): Promise<Change[]> {
  const who = acteurLabel(acteur);
  const created = !a.row;
  const changes = [...(created ? diff({}, a.next) : diff(a.prev, a.next)), ...(a.extraChanges ?? [])];
  if (a.row && a.row.statut !== a.statut)
    changes.push({ champ: 'statut', avant: a.row.statut, apres: a.statut });
  if (!created && changes.length === 0) return [];

  const orgs = [
    ...new Map(
      [a.next.responsable, a.next.formateur, a.next.mandataire]
        .filter((o): o is OrgRef => !!o)
        .map((o) => [o.siret, o]),
    ).values(),
  ].filter((o) => !equalJson(o, a.known.get(o.siret)));
  // The writer describes establishments of its own SIREN (validators: any); another SIREN's
  // establishment is only created when new, never overwritten (issue 15, defect 3).
  const ligne = (o: OrgRef) => ({ ...o, siren: o.siret.slice(0, 9) });
  const siens = (o: OrgRef) => canWrite(acteur, o.siret.slice(0, 9));
  await upsertOrganismes(trx, orgs.filter(siens).map(ligne), now);
  await upsertOrganismes(trx, orgs.filter((o) => !siens(o)).map(ligne), now, { remplacer: false });

  const publiee = a.statut === 'publiee';
  const columns = {
    ...formationColumns(a.next),
    siren_proprietaire: a.owner,
    statut: a.statut,
    updated_at: now,
    updated_by: who,
  };
  if (created) {
    await insertFormation(trx, {
      id: a.id,
      ...columns,
      created_at: now,
      created_by: who,
      ...(publiee ? { validee_at: now, validee_par: who } : {}),
    });
  } else {
    await updateFormation(trx, a.id, { ...columns, version: a.row!.version + 1 });
  }
  if (created || !equalJson(a.prev?.contacts, a.next.contacts))
    await replaceFormationContacts(trx, a.id, a.next.contacts);

  const before = new Map((a.prev?.sessions ?? []).map((s) => [s.id, s]));
  for (const s of a.next.sessions) {
    const old = before.get(s.id);
    before.delete(s.id);
    if (old && equalJson(old, s)) continue;
    await upsertSession(trx, sessionRow(a.id, s, now));
    if (
      !old ||
      !equalJson(
        [old.contact, old.reunions_information, old.bilans],
        [s.contact, s.reunions_information, s.bilans],
      )
    )
      await replaceSessionDetails(trx, s.id, s.contact, [
        ...s.reunions_information.map((e) => ({ ...e, type: 'reunion_information' })),
        ...s.bilans.map((e) => ({ ...e, type: 'bilan' })),
      ]);
  }
  // Left-out sessions that were never diffused go; diffused ones came back archived in `next`.
  await deleteSessions(trx, [...before.keys()]);
  if (publiee) await markSessionsDiffusees(trx, a.id, now);

  await appendHistorique(trx, [
    {
      formation_id: a.id,
      entite: 'formation',
      entite_id: a.id,
      action: a.historyAction ?? (created ? 'create' : 'update'),
      acteur: who,
      at: now,
      diff: changes,
    },
  ]);
  await recompute(trx, a.id, now);
  await appendChanges(
    trx,
    [{ type: 'formation', entite_id: a.id, action: created ? 'create' : 'update' }],
    now,
  );
  return changes;
}

/** A status-only transition (publish, validate, return, archive, delete, restore), recorded. */
export async function applyStatut(
  trx: Executor,
  acteur: Acteur,
  row: FormationRow,
  to: Statut,
  extra: { commentaire?: string | null; action: string; feed: ChangeAction },
  now: Date,
): Promise<void> {
  const who = acteurLabel(acteur);
  const changes: Change[] = [{ champ: 'statut', avant: row.statut, apres: to }];
  if (extra.commentaire !== undefined)
    changes.push({
      champ: 'commentaire_gestionnaire',
      avant: row.commentaire_gestionnaire,
      apres: extra.commentaire,
    });
  await updateFormation(trx, row.id, {
    statut: to,
    statut_avant_suppression: to === 'supprimee' ? row.statut : null,
    ...(extra.commentaire !== undefined ? { commentaire_gestionnaire: extra.commentaire } : {}),
    ...(to === 'publiee' ? { validee_at: now, validee_par: who } : {}),
    version: row.version + 1,
    updated_at: now,
    updated_by: who,
  });
  if (to === 'publiee') await markSessionsDiffusees(trx, row.id, now);
  await appendHistorique(trx, [
    {
      formation_id: row.id,
      entite: 'formation',
      entite_id: row.id,
      action: extra.action,
      acteur: who,
      at: now,
      diff: changes,
    },
  ]);
  await recompute(trx, row.id, now);
  await appendChanges(trx, [{ type: 'formation', entite_id: row.id, action: extra.feed }], now);
}
