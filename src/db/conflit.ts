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

/**
 * The refusal (409, IMPORT_CONCURRENT) of a whole import when the race is still lost after the
 * retries: a workbook (one transaction, all rows or none), or an LHEO file whose race was lost
 * outside a record (its recomputation, its trace). Nothing is stored.
 */
export const importConcurrent = (quoi = 'Cet import') =>
  new OffreError(
    'IMPORT_CONCURRENT',
    `${quoi} écrit les mêmes formations qu’un autre import envoyé en même temps, et n’a pas pu passer après lui : rien n’a été enregistré. Renvoyez-le dans un instant.`,
    {},
    409,
  );

/**
 * The refusal of one LHEO record (IMPORT_CONCURRENT, in the report's `rejets`) whose formation a
 * concurrent write held through `essais` attempts: that record alone is not written, the file's
 * others are (each record has its own savepoint). The message speaks of that formation only
 * (review 05/12: it said « rien n’a été enregistré » under a 200 that had written the rest; a
 * fresh user, 05/12: a row's « les autres … sont appliquées » contradicted a summary where nothing
 * was): what became of the others is the summary's (domain/import-apercu.ts). `apercu`: a dry run.
 */
export const formationConcurrente = (essais: number, apercu: boolean) =>
  new OffreError(
    'IMPORT_CONCURRENT',
    apercu
      ? `cette formation était modifiée au même moment par une autre écriture (un autre import, une saisie, l’API) et n’a pas pu être simulée après ${essais} essais : elle est refusée dans cet aperçu. Relancez l’aperçu dans un instant.`
      : `cette formation était modifiée au même moment par une autre écriture (un autre import, une saisie, l’API) et n’a pas pu être enregistrée après ${essais} essais. Renvoyez le fichier dans un instant : ce qui est déjà enregistré restera inchangé.`,
    {},
    409,
  );
