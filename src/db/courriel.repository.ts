import type { Insertable } from 'kysely';
import type { Executor } from './executor.ts';
import type { CourrielTable, NotificationTable } from './schema.ts';

// E-mails (sent, or waiting in the outbox) and in-app notifications.

export async function insertCourriel(db: Executor, row: Insertable<CourrielTable>): Promise<void> {
  await db.insertInto('courriel').values(row).execute();
}

/** The outbox: messages not sent (no SMTP server configured, or sending failed), newest first. */
export function listBoiteEnvoi(db: Executor, limit = 500) {
  return db
    .selectFrom('courriel')
    .selectAll()
    .where('statut', '<>', 'envoye')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertNotification(db: Executor, row: Insertable<NotificationTable>): Promise<void> {
  await db.insertInto('notification').values(row).execute();
}

export function listNotifications(db: Executor, utilisateurId: string, limit = 50) {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('utilisateur_id', '=', utilisateurId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countNotificationsNonLues(db: Executor, utilisateurId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('utilisateur_id', '=', utilisateurId)
    .where('lue_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markNotificationsLues(db: Executor, utilisateurId: string, at: Date): Promise<void> {
  await db
    .updateTable('notification')
    .set({ lue_at: at })
    .where('utilisateur_id', '=', utilisateurId)
    .where('lue_at', 'is', null)
    .execute();
}
