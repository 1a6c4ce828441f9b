import { type Insertable, sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { CourrielTable, NotificationTable } from './schema.ts';

// E-mails (the outbox: waiting, sent or given up) and in-app notifications.

export async function insertCourriels(
  db: Executor,
  rows: readonly Insertable<CourrielTable>[],
): Promise<void> {
  if (rows.length)
    await db
      .insertInto('courriel')
      .values([...rows])
      .execute();
}

/**
 * The outbox: messages not sent (waiting: no SMTP server, not tried yet, or to try again; given
 * up: `echec`), newest first; `tentativesMin`: only those tried at least that many times.
 */
export function listBoiteEnvoi(db: Executor, opts: { limit?: number; tentativesMin?: number } = {}) {
  return db
    .selectFrom('courriel')
    .selectAll()
    .where('statut', '<>', 'envoye')
    .$if(!!opts.tentativesMin, (q) => q.where('tentatives', '>=', opts.tentativesMin!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 500)
    .execute();
}

/** A waiting message taken by one sender: what to send, and its attempt number. */
export interface CourrielPris {
  readonly id: string;
  readonly destinataire: string;
  readonly sujet: string;
  readonly texte: string | null;
  readonly tentatives: number;
}

/**
 * Takes the oldest waiting message due at `now`, for one attempt: counts it and holds it until
 * `bail` (no other sender, in any process, takes it before). Rows another transaction holds are
 * skipped, never waited for (`for update skip locked`): two senders take two different messages.
 * One statement, committed at once: the SMTP exchange that follows holds no transaction (on
 * PGlite, a held transaction would stop every page for as long as the mail server takes).
 */
export async function prendreCourriel(db: Executor, now: Date, bail: Date): Promise<CourrielPris | null> {
  const r = await sql<CourrielPris>`
    update courriel set tentatives = tentatives + 1, prochain_essai_at = ${bail}
    where id = (
      select id from courriel
      where statut = 'en_attente' and prochain_essai_at <= ${now}
      order by prochain_essai_at, id
      limit 1
      for update skip locked)
    returning id, destinataire, sujet, texte, tentatives`.execute(db);
  return r.rows[0] ?? null;
}

/** The attempt `tentatives` of `id` delivered: its text is dropped (it may hold a single-use link). */
export async function marquerEnvoye(db: Executor, pris: CourrielPris, at: Date): Promise<void> {
  await db
    .updateTable('courriel')
    .set({ statut: 'envoye', texte: null, erreur: null, envoye_at: at, prochain_essai_at: null })
    .where('id', '=', pris.id)
    .where('tentatives', '=', pris.tentatives)
    .execute();
}

/** The attempt failed: tried again at `prochain`, or given up (`echec`) when it is null. */
export async function marquerEchec(
  db: Executor,
  pris: CourrielPris,
  erreur: string,
  prochain: Date | null,
): Promise<void> {
  await db
    .updateTable('courriel')
    .set({ statut: prochain ? 'en_attente' : 'echec', erreur, prochain_essai_at: prochain })
    .where('id', '=', pris.id)
    .where('tentatives', '=', pris.tentatives)
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
