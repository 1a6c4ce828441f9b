import type { Executor } from '../db/executor.ts';
import { readChanges } from '../db/feed.repository.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import { listHistorique } from '../db/historique.repository.ts';
import { peutEcrire, pourLecteur, visibiliteOf } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { feedCursor } from '../domain/cursor.ts';
import { notFound } from '../domain/errors.ts';
import { renderFormations } from './formation.view.ts';

/**
 * A page of the change feed after `since`. Each event carries the formation as the reader may see
 * it NOW, or null (tombstone) when it is deleted, archived or otherwise not visible: replaying
 * "upsert when present, delete when null" in seq order converges on the reader's view.
 */
export async function readFeed(db: Executor, acteur: Acteur, since: string | undefined, limit: number) {
  const from = feedCursor.decode(since);
  const events = await readChanges(db, from, Math.max(1, Math.min(1000, limit)));
  const ids = [...new Set(events.map((e) => e.entite_id))];
  const rows = await selectFormationRows(db, ids, visibiliteOf(acteur));
  const formations = new Map((await renderFormations(db, rows)).map((f) => [f.id, pourLecteur(f, acteur)]));
  return {
    data: events.map((e) => ({
      seq: e.seq,
      type: e.type as 'formation',
      id: e.entite_id,
      action: e.action as 'create' | 'update' | 'archive' | 'delete',
      at: new Date(e.at).toISOString(),
      formation: formations.get(e.entite_id) ?? null,
    })),
    next_cursor: feedCursor.encode(events.length ? events[events.length - 1]!.seq : from),
  };
}

/** History of a formation the reader may see. Identities and pending revisions are shown to authenticated readers only. */
export async function getHistorique(db: Executor, acteur: Acteur, id: string) {
  const [row] = await selectFormationRows(db, [id], visibiliteOf(acteur));
  if (!row) throw notFound(`Formation ${id}`);
  // Revisions and authors are for those who may see the revision itself (GET …/revision): the
  // owner's SIREN and validators. Anyone else reads the history as the public does (issue 15, defect 6).
  const publicReader = !peutEcrire(acteur, row.siren_proprietaire);
  // Pending revisions are not public until validated (their application is then a formation entry).
  const entries = (await listHistorique(db, id)).filter((h) => !publicReader || h.entite === 'formation');
  return entries.map((h) => ({
    id: h.id,
    at: new Date(h.at).toISOString(),
    acteur: publicReader ? h.acteur.split(':')[0]! : h.acteur,
    action: h.action,
    entite: h.entite,
    entite_id: h.entite_id,
    diff: h.diff as { champ: string; avant: unknown; apres: unknown }[],
  }));
}
