import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { addApiUsage, findApiKeyByHash, insertApiKey } from '../db/apikey.repository.ts';
import type { Executor } from '../db/executor.ts';
import { type Acteur, SCOPES, type Scope } from '../domain/acteur.ts';
import { isoDay } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { isValidSiren } from '../domain/identifiants.ts';
import { newId } from '../domain/ids.ts';

// A key carries 256 random bits, so a fast unsalted SHA-256 is enough to store it: unlike a
// password it cannot be guessed from a dictionary, and a fast hash keeps the per-request lookup cheap.
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface CreatedApiKey {
  id: string;
  name: string;
  scope: Scope;
  siren: string | null;
  /** The secret, shown once: only its hash is stored. */
  key: string;
}

export async function createApiKey(
  ctx: AppContext,
  input: { name: string; scope: string; siren?: string | null },
): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (!name)
    throw new OffreError(
      'CLE_NOM',
      'Donnez un nom à la clé (--name), par exemple le système qui l’utilisera.',
    );
  if (!(SCOPES as readonly string[]).includes(input.scope))
    throw new OffreError('CLE_PORTEE', `Portée « ${input.scope} » inconnue : read, write ou admin.`);
  const scope = input.scope as Scope;
  const siren = input.siren?.trim() || null;
  if (siren && !isValidSiren(siren))
    throw new OffreError('CLE_SIREN', `SIREN « ${siren} » invalide (9 chiffres, clé de Luhn).`);
  // Least privilege: a write key acts for one organisation; full access is what `admin` is for.
  if (scope === 'write' && !siren)
    throw new OffreError(
      'CLE_SIREN',
      'Une clé « write » doit être liée au SIREN de l’organisme (--siren). Pour tout voir et tout modifier, utilisez --scope admin.',
    );
  if (scope !== 'write' && siren)
    throw new OffreError('CLE_SIREN', 'Seule une clé « write » se lie à un SIREN.');
  const key = `offre_${randomBytes(32).toString('base64url')}`;
  const id = newId('cle', ctx.now());
  await insertApiKey(ctx.db, { id, name, prefix: key.slice(0, 12), hash: hashApiKey(key), scope, siren });
  return { id, name, scope, siren, key };
}

/** The actor of a bearer key, or null when unknown or revoked. */
export async function authenticateApiKey(db: Executor, key: string): Promise<Acteur | null> {
  const row = await findApiKeyByHash(db, hashApiKey(key));
  if (!row || row.revoked_at) return null;
  return { kind: 'cle', id: row.id, name: row.name, scope: row.scope as Scope, siren: row.siren };
}

/**
 * Calls per key and day, counted in memory and written in one statement at most every
 * `flushMs`: a write per API call would serialise every read behind the usage row.
 */
export function usageCounter(db: Executor, flushMs = 2000) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const rows = [...pending].map(([k, appels]) => {
      const [api_key_id, jour] = k.split('|') as [string, string];
      return { api_key_id, jour, appels };
    });
    pending = new Map();
    await addApiUsage(db, rows);
  };
  return {
    count(apiKeyId: string, at: Date) {
      const k = `${apiKeyId}|${isoDay(at)}`;
      pending.set(k, (pending.get(k) ?? 0) + 1);
      timer ??= setTimeout(() => void flush().catch(() => {}), flushMs).unref();
    },
    flush,
  };
}
