import { AsyncLocalStorage } from 'node:async_hooks';

// A command `offre serve` runs for a CLI (src/cli/hote.ts) can be cancelled: its caller went away
// (Ctrl-C) or the server is stopping. Every statement it sends afterwards is refused, except a
// rollback, so that a transaction in progress is rolled back instead of committed halfway. The
// signal follows the command's async context; the pages' and the API's statements never see it.

const signaux = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with its statements refused once `signal` is aborted (with the signal's reason). */
export const annulable = <T>(signal: AbortSignal, fn: () => T): T => signaux.run(signal, fn);

/** Throws the cancellation's reason if the current context's command was cancelled (see above). */
export function refuserSiAnnulee(sql: string): void {
  const signal = signaux.getStore();
  if (!signal?.aborted || /^\s*rollback\b/i.test(sql)) return;
  throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}

/**
 * Before each statement of a cancellable command on the embedded database: one turn of the event
 * loop, so that its caller's Ctrl-C (the end of its socket, hote.ts) is seen by the next statement.
 * PGlite answers in this thread: a command's statements, one after the other, otherwise resolve
 * in microtasks only, and a whole transaction (`offre check`'s 2,000 formations, an import) ran
 * and committed without the server ever reading its socket (fresh user, 05/12: Ctrl-C ignored).
 * Nothing for the pages' and the API's statements (no command context).
 */
export async function laisserVoirAnnulation(): Promise<void> {
  const signal = signaux.getStore();
  if (!signal || signal.aborted) return;
  await new Promise<void>((ok) => setImmediate(ok));
}
