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
