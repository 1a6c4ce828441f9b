import { OffreError } from '../domain/errors.ts';

// Two writers racing on the same rows (two imports creating the same new formations): PostgreSQL
// makes the second wait, then refuses its statement. Such a statement is worth replaying — the
// winner's rows are committed by then, and a new statement sees them (read committed).

/** SQLSTATEs of a race lost to a concurrent transaction: unique violation, deadlock, serialization failure. */
const CODES = new Set(['23505', '40P01', '40001']);

/**
 * Whether `e` is the database refusing a statement because a concurrent transaction wrote the
 * same key first (or the two waited on each other): retrying the statement is safe.
 */
export function isConflitConcurrent(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CODES.has(code);
}

/** The refusal (409, IMPORT_CONCURRENT) when the race is still lost after the retries. */
export const importConcurrent = (quoi = 'Cet import') =>
  new OffreError(
    'IMPORT_CONCURRENT',
    `${quoi} écrit les mêmes formations qu’un autre import envoyé en même temps, et n’a pas pu passer après lui : rien n’a été enregistré. Renvoyez-le dans un instant.`,
    {},
    409,
  );
