import type { Executor } from './executor.ts';

export interface AuditRow {
  at: Date;
  evenement: string;
  acteur: string | null;
  ip: string | null;
  cible: string | null;
  details: Record<string, unknown>;
}

/** Append-only (rows leave only through the retention purge). */
export async function insertAudit(db: Executor, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('audit_securite')
    .values(rows.map((r) => ({ ...r, details: JSON.stringify(r.details) })))
    .execute();
}

export interface AuditFiltre {
  readonly evenement?: string;
  /** Substring of the actor or of the target (case-insensitive). */
  readonly qui?: string;
  readonly ip?: string;
  /** Inclusive lower bound, exclusive upper bound. */
  readonly depuis?: Date;
  readonly avant?: Date;
  /** Keyset cursor: rows with a smaller id only. */
  readonly avantId?: string;
}

/** Newest first, `limite` rows at most. */
export function listAudit(db: Executor, f: AuditFiltre, limite: number) {
  const like = f.qui ? `%${f.qui.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .selectFrom('audit_securite')
    .select(['id', 'at', 'evenement', 'acteur', 'ip', 'cible', 'details'])
    .$if(!!f.evenement, (q) => q.where('evenement', '=', f.evenement!))
    .$if(!!f.ip, (q) => q.where('ip', '=', f.ip!))
    .$if(!!like, (q) =>
      q.where((eb) =>
        eb.or([eb(eb.fn('lower', ['acteur']), 'like', like!), eb(eb.fn('lower', ['cible']), 'like', like!)]),
      ),
    )
    .$if(!!f.depuis, (q) => q.where('at', '>=', f.depuis!))
    .$if(!!f.avant, (q) => q.where('at', '<', f.avant!))
    .$if(!!f.avantId, (q) => q.where('id', '<', f.avantId!))
    .orderBy('id', 'desc')
    .limit(limite)
    .execute();
}

/** Deletes events older than `avant`; returns how many. */
export async function deleteAuditAvant(db: Executor, avant: Date): Promise<number> {
  const r = await db.deleteFrom('audit_securite').where('at', '<', avant).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Records that key `apiKeyId` was used from `ip`; true when this address is new for the key. */
export async function noteApiKeyIp(db: Executor, apiKeyId: string, ip: string, at: Date): Promise<boolean> {
  const r = await db
    .insertInto('api_key_ip')
    .values({ api_key_id: apiKeyId, ip, premier_usage: at })
    .onConflict((oc) => oc.columns(['api_key_id', 'ip']).doNothing())
    .returning('ip')
    .execute();
  return r.length > 0;
}
