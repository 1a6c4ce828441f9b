import { randomBytes } from 'node:crypto';
import type { Executor } from '../db/executor.ts';
import { secretServeur } from '../db/limite.repository.ts';

// One read per database handle: the key never changes once stored.
const cles = new WeakMap<Executor, Promise<string>>();

/**
 * The key that signs the list cursors (domain/cursor.ts): 256 random bits made by the first
 * process that asks and kept in the database (table secret_serveur, name `curseur`), so a cursor
 * handed out by one process is taken back by every other process on the same database.
 */
export function cleCurseurs(db: Executor): Promise<string> {
  let cle = cles.get(db);
  if (!cle) {
    cle = secretServeur(db, 'curseur', randomBytes(32).toString('base64url'));
    cles.set(db, cle);
    cle.catch(() => cles.delete(db));
  }
  return cle;
}
