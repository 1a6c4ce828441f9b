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
import { replanifierEnCroissance } from '../db/replanifier.ts';
import type { Acteur } from '../domain/acteur.ts';
import { acteurLabel } from '../domain/acteur.ts';
import type { Change } from '../domain/diff.ts';
import { type PlanArgs, type PlanEcriture, planEcriture } from '../domain/formation.ecriture.ts';
import type { Statut } from '../domain/formation.schema.ts';
import { recomputeEnTours, recomputeFormations, type ToursOptions } from './conformite.service.ts';

// Applying a new state of a formation to the tables, with its history and change-feed event.

// Bulk imports write thousands of formations in one transaction: inside `withDeferredRecompute`
// the conformity of the formations written is computed once, at the end, for all of them (one
// recomputation of N ids costs about what one of a single id does).
const deferred = new WeakMap<Executor, Set<string>>();
// 250 per round: on PGlite the embedded base shares the server's one thread, and a round of 2,000
// held it ≈ 30 s at the end of a 50,000-formation import (pages timed out, suite « charge »).
const RECOMPUTE_CHUNK = 250;

async function recompute(trx: Executor, id: string, now: Date): Promise<void> {
  const pending = deferred.get(trx);
  if (pending) pending.add(id);
  else await recomputeFormations(trx, [id], now);
}

export async function withDeferredRecompute<T>(
  trx: Executor,
  quand: Date | { readonly now: Date; readonly apresTour?: ToursOptions['apresTour'] },
  fn: () => Promise<T>,
): Promise<T> {
  if (deferred.has(trx)) return fn();
  const { now, apresTour } = quand instanceof Date ? { now: quand, apresTour: undefined } : quand;
  const pending = new Set<string>();
  deferred.set(trx, pending);
  try {
    const result = await fn();
    // In rounds: a national file defers tens of thousands of ids, whose facts must not all sit in
    // memory; pipelined, Node evaluating a round while the server writes the previous one.
    await recomputeEnTours(trx, [...pending], now, {
      taille: RECOMPUTE_CHUNK,
      // What the rounds read and write (failures, platform states, documents) may start empty.
      avantTour: replanifierEnCroissance(trx, [
        'controle_echec',
        'plateforme_etat',
        'formation_region',
        'formation_document',
        'formation_document_a_refaire',
      ]),
      apresTour,
    });
    return result;
  } finally {
    deferred.delete(trx);
  }
}

/** Adds formations to the conformity recomputation: at the end of the import when deferred, else now. */
export async function recomputeLater(trx: Executor, ids: readonly string[], now: Date): Promise<void> {
  const pending = deferred.get(trx);
  if (pending) for (const id of ids) pending.add(id);
  else if (ids.length) await recomputeFormations(trx, [...ids], now);
}

export type ApplyArgs = PlanArgs & { readonly row: FormationRow | undefined };

/** Writes `next` (already validated and allowed) and records it. Returns the changes written. */
export async function applySnapshot(
  trx: Executor,
  acteur: Acteur,
  a: ApplyArgs,
  now: Date,
): Promise<Change[]> {
  const plan = planEcriture(acteur, a, now);
  if (!plan) return [];
  await writePlan(trx, plan, now);
  return plan.changes;
}

/** One plan, a statement per row (the single writes of the API and the pages). */
async function writePlan(trx: Executor, plan: PlanEcriture, now: Date): Promise<void> {
  await upsertOrganismes(trx, plan.organismes.remplacer, now);
  await upsertOrganismes(trx, plan.organismes.garder, now, { remplacer: false });
  if (plan.creation) await insertFormation(trx, { id: plan.id, ...plan.colonnes, ...plan.creation });
  else await updateFormation(trx, plan.id, { ...plan.colonnes, version: plan.version! });
  if (plan.contacts) await replaceFormationContacts(trx, plan.id, plan.contacts);
  const details = new Map(plan.details.map((d) => [d.session_id, d]));
  for (const s of plan.sessions) {
    await upsertSession(trx, s);
    const d = details.get(s.id);
    if (d) await replaceSessionDetails(trx, s.id, d.contact, d.evenements);
  }
  await deleteSessions(trx, plan.sessionsSupprimees);
  if (plan.diffuser) await markSessionsDiffusees(trx, plan.id, now);
  await appendHistorique(trx, [plan.historique]);
  await recompute(trx, plan.id, now);
  await appendChanges(trx, [plan.feed], now);
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
