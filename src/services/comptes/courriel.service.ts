import type { Insertable } from 'kysely';
import { type AppContext, configOf } from '../../context.ts';
import { insertCourriels, insertNotification, listBoiteEnvoi } from '../../db/courriel.repository.ts';
import type { Executor } from '../../db/executor.ts';
import type { CourrielTable } from '../../db/schema.ts';
import { listUtilisateursActifsDeStructure } from '../../db/utilisateur.repository.ts';
import { newId } from '../../domain/ids.ts';
import { type ModeleCourriel, renderCourriel } from './courriel.modeles.ts';
import { reveillerEnvoi } from './courriel.reveil.ts';

// E-mails go through the outbox (table `courriel`): the action's transaction writes the message
// with its in-app notification, and a sender sends it afterwards (courriel.envoi.ts), with retries.
// A rolled-back action leaves no message; no page waits for the mail server. Without
// OFFRE_SMTP_URL the messages wait (`offre mail outbox`, /admin/courriels).

export interface Destinataire {
  readonly email: string;
  /** The user to notify in the application as well (absent: e-mail only). */
  readonly utilisateurId?: string | null;
}

/** A message a service decided to send: written to the outbox by enqueueCourriel(s). */
export interface CourrielPrevu {
  readonly a: Destinataire;
  readonly modele: ModeleCourriel;
}

/**
 * Writes one message to one person into the outbox, and its in-app notification, with `db` —
 * the action's transaction, so that both exist only if the action commits. Call reveillerEnvoi
 * once it has committed (the senders also look every few seconds). Returns the message's id.
 */
export async function enqueueCourriel(
  ctx: AppContext,
  db: Executor,
  a: Destinataire,
  modele: ModeleCourriel,
): Promise<string> {
  const [id] = await enqueueTous(ctx, db, [{ a, modele }]);
  return id!;
}

async function enqueueTous(ctx: AppContext, db: Executor, prevus: readonly CourrielPrevu[]) {
  const config = configOf(ctx);
  const now = ctx.now();
  const rows: Insertable<CourrielTable>[] = [];
  for (const { a, modele } of prevus) {
    const m = renderCourriel(modele, config.urlPublique);
    if (a.utilisateurId && m.notification)
      await insertNotification(db, {
        id: newId('notif', now),
        utilisateur_id: a.utilisateurId,
        ...m.notification,
        created_at: now,
      });
    rows.push({
      id: newId('mel', now),
      destinataire: a.email,
      modele: modele.modele,
      sujet: m.sujet,
      texte: m.texte,
      statut: 'en_attente',
      created_at: now,
      prochain_essai_at: now,
    });
  }
  await insertCourriels(db, rows);
  return rows.map((r) => r.id);
}

/**
 * Writes messages decided earlier (sign-up: decided once its transaction committed, written after
 * the page answered) in one transaction, then wakes the senders.
 */
export async function enqueueCourriels(ctx: AppContext, prevus: readonly CourrielPrevu[]): Promise<void> {
  if (!prevus.length) return;
  await ctx.db.transaction().execute((trx) => enqueueTous(ctx, trx, prevus));
  reveillerEnvoi(ctx);
}

/**
 * Writes a message to every active user of a structure (offer returned, validated, a platform's
 * decision) with `db`, the action's transaction; returns their ids (one per user told).
 */
export async function notifyStructure(
  ctx: AppContext,
  db: Executor,
  siren: string,
  modele: ModeleCourriel,
): Promise<string[]> {
  const utilisateurs = await listUtilisateursActifsDeStructure(db, siren);
  return enqueueTous(
    ctx,
    db,
    utilisateurs.map((u) => ({ a: { email: u.email, utilisateurId: u.id }, modele })),
  );
}

/** The outbox (messages not sent), newest first; `tentativesMin`: tried at least that many times. */
export const boiteEnvoi = (ctx: AppContext, opts: { tentativesMin?: number } = {}) =>
  listBoiteEnvoi(ctx.db, opts);

export { reveillerEnvoi };
