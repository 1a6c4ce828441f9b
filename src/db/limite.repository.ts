import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Counts one attempt for `cle` in a fixed window of `fenetreMs` (a new window starts when the
 * previous one has ended), atomically, for every server process. Returns the count and the end
 * of the window.
 */
export async function hitLimite(
  db: Executor,
  cle: string,
  now: Date,
  fenetreMs: number,
): Promise<{ nombre: number; fin: Date }> {
  const fin = new Date(now.getTime() + fenetreMs);
  const r = await sql<{ nombre: number; fin: Date | string }>`
    insert into limite_tentative (cle, nombre, fin) values (${cle}, 1, ${fin})
    on conflict (cle) do update set
      nombre = case when limite_tentative.fin <= ${now} then 1 else limite_tentative.nombre + 1 end,
      fin = case when limite_tentative.fin <= ${now} then excluded.fin else limite_tentative.fin end
    returning nombre, fin`.execute(db);
  const row = r.rows[0]!;
  return { nombre: Number(row.nombre), fin: new Date(row.fin) };
}

/** Gives back one attempt counted for `cle` (never below 0): an attempt that succeeded. */
export async function refundLimite(db: Executor, cle: string): Promise<void> {
  await db
    .updateTable('limite_tentative')
    .set({ nombre: sql<number>`greatest(nombre - 1, 0)` })
    .where('cle', '=', cle)
    .execute();
}

export async function resetLimite(db: Executor, cle: string): Promise<void> {
  await db.deleteFrom('limite_tentative').where('cle', '=', cle).execute();
}

export async function deleteLimitesExpirees(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('limite_tentative').where('fin', '<=', now).execute();
}

/** A server-wide secret, created once (the first process to ask wins; every process reads the same). */
export async function secretServeur(db: Executor, nom: string, candidat: string): Promise<string> {
  await db
    .insertInto('secret_serveur')
    .values({ nom, valeur: candidat })
    .onConflict((oc) => oc.column('nom').doNothing())
    .execute();
  const r = await db
    .selectFrom('secret_serveur')
    .select('valeur')
    .where('nom', '=', nom)
    .executeTakeFirstOrThrow();
  return r.valeur;
}

/**
 * Adds `n` attempts to each counter in one statement (fixed windows of `fenetreMs`, as hitLimite)
 * and returns each counter's total over every process and its window's end.
 */
export async function addLimites(
  db: Executor,
  ajouts: readonly { cle: string; n: number }[],
  now: Date,
  fenetreMs: number,
): Promise<Map<string, { nombre: number; fin: Date }>> {
  const out = new Map<string, { nombre: number; fin: Date }>();
  if (ajouts.length === 0) return out;
  const fin = new Date(now.getTime() + fenetreMs);
  const valeurs = sql.join(ajouts.map((a) => sql`(${a.cle}, ${a.n}::integer, ${fin}::timestamptz)`));
  const r = await sql<{ cle: string; nombre: number; fin: Date | string }>`
    insert into limite_tentative (cle, nombre, fin) values ${valeurs}
    on conflict (cle) do update set
      nombre = case when limite_tentative.fin <= ${now} then excluded.nombre
                    else limite_tentative.nombre + excluded.nombre end,
      fin = case when limite_tentative.fin <= ${now} then excluded.fin else limite_tentative.fin end
    returning cle, nombre, fin`.execute(db);
  for (const row of r.rows) out.set(row.cle, { nombre: Number(row.nombre), fin: new Date(row.fin) });
  return out;
}
