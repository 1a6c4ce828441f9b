import { sql } from 'kysely';
import type { Executor } from './executor.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  siren: string | null;
  profils: string[];
  revoked_at: Date | null;
  expires_at: Date | null;
  quota_lecture: number | null;
  quota_ecriture: number | null;
}

export async function insertApiKey(
  db: Executor,
  row: {
    id: string;
    name: string;
    prefix: string;
    hash: string;
    scope: string;
    siren: string | null;
    profils?: string[];
    expires_at?: Date | null;
    created_by?: string | null;
  },
): Promise<void> {
  await db.insertInto('api_key').values(row).execute();
}

export function findApiKeyByHash(db: Executor, hash: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_key')
    .select([
      'id',
      'name',
      'prefix',
      'scope',
      'siren',
      'profils',
      'revoked_at',
      'expires_at',
      'quota_lecture',
      'quota_ecriture',
    ])
    .where('hash', '=', hash)
    .executeTakeFirst();
}

/** A key as its administrator reads it, with its last day of use (null when never used). */
function selectCles(db: Executor) {
  return db
    .selectFrom('api_key')
    .select([
      'id',
      'name',
      'prefix',
      'scope',
      'siren',
      'profils',
      'created_at',
      'created_by',
      'expires_at',
      'revoked_at',
      'revoked_by',
      'quota_lecture',
      'quota_ecriture',
    ])
    .select((eb) =>
      eb
        .selectFrom('api_usage')
        .select((e) => e.fn.max('jour').as('j'))
        .whereRef('api_usage.api_key_id', '=', 'api_key.id')
        .as('dernier_usage'),
    );
}

/** Every key, oldest first, with its last day of use (null when never used). */
export function listApiKeys(db: Executor) {
  return selectCles(db).orderBy('created_at').orderBy('id').execute();
}

/** Key `id` as listApiKeys reads it; undefined when there is none. */
export function findApiKeyById(db: Executor, id: string) {
  return selectCles(db).where('id', '=', id).executeTakeFirst();
}

/**
 * Keys named `name` whatever the case (`lower`, the database's collation rules for letters):
 * « SI du CFA » and « si du cfa » name the same key for its holder. Revoked and expired ones included.
 */
export function findApiKeysNamed(db: Executor, name: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'name', 'siren', 'revoked_at', 'expires_at'])
    .where(sql`lower(name)`, '=', sql`lower(${name})`)
    .execute();
}

/** Keys whose id or name is `idOrName` (a name may be shared by several keys). */
export function findApiKeys(db: Executor, idOrName: string) {
  return db
    .selectFrom('api_key')
    .select(['id', 'name', 'scope', 'siren', 'profils', 'revoked_at', 'expires_at'])
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .execute();
}

/** Calls per key and day since `depuis` (YYYY-MM-DD, inclusive); of key `id` only when given. */
export function listApiUsageDepuis(db: Executor, depuis: string, id?: string) {
  return db
    .selectFrom('api_usage')
    .select(['api_key_id', 'jour', 'appels'])
    .where('jour', '>=', depuis)
    .$if(id !== undefined, (q) => q.where('api_key_id', '=', id!))
    .orderBy('jour')
    .execute();
}

export async function revokeApiKey(
  db: Executor,
  id: string,
  at: Date,
  by: string | null = null,
): Promise<boolean> {
  const r = await db
    .updateTable('api_key')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Adds `count` calls to each (key, day) in one statement. */
export async function addApiUsage(
  db: Executor,
  rows: readonly { api_key_id: string; jour: string; appels: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('api_usage')
    .values(rows.map((r) => ({ ...r })))
    .onConflict((oc) =>
      oc.columns(['api_key_id', 'jour']).doUpdateSet({ appels: sql`api_usage.appels + excluded.appels` }),
    )
    .execute();
}

export function getApiUsage(db: Executor, apiKeyId: string) {
  return db
    .selectFrom('api_usage')
    .select(['jour', 'appels'])
    .where('api_key_id', '=', apiKeyId)
    .orderBy('jour')
    .execute();
}

/** Sets a key's own quotas (null: back to the configured default); false when no such key. */
export async function updateApiKeyQuota(
  db: Executor,
  id: string,
  quota: { quota_lecture: number | null; quota_ecriture: number | null },
): Promise<boolean> {
  const r = await db.updateTable('api_key').set(quota).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Sets the partner profiles of key `id`. */
/** The profiles of key `id`, its row locked until the transaction ends (undefined: no such key). */
export async function lockApiKeyProfils(db: Executor, id: string): Promise<string[] | undefined> {
  const r = await db
    .selectFrom('api_key')
    .select('profils')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return r?.profils;
}

export async function updateApiKeyProfils(
  db: Executor,
  id: string,
  profils: readonly string[],
): Promise<void> {
  await db
    .updateTable('api_key')
    .set({ profils: [...profils] })
    .where('id', '=', id)
    .execute();
}

/** True when `siren` names a known organisation: a structure, an organisme or a SIRENE establishment. */
export async function sirenConnu(db: Executor, siren: string): Promise<boolean> {
  const r = await sql<{ connu: boolean }>`
    select exists (select 1 from structure where siren = ${siren})
        or exists (select 1 from organisme where siren = ${siren})
        or exists (select 1 from etablissement where siren = ${siren}) as connu`.execute(db);
  return Boolean(r.rows[0]?.connu);
}

/** The key `id`'s SIREN row (siren null for a key bound to none), or undefined when no such key. */
export function findApiKeySiren(db: Executor, id: string): Promise<{ siren: string | null } | undefined> {
  return db.selectFrom('api_key').select('siren').where('id', '=', id).executeTakeFirst();
}
