import { rmSync } from 'node:fs';
import { commandeHebergee, etatInterruption } from './hote.context.ts';

// Ctrl-C on a command (SIGINT): a short French line on stderr saying what is left, then the
// process ends as the signal would have ended it (status 130 for the shell). Its database writes
// are all-or-nothing for every command but those below: the transaction in progress is lost
// with the process (PGlite, PostgreSQL) or rolled back by the server running it (hote.ts), which
// then tells its caller what the command left (hote.client.ts).

/** Commands that commit as they go: what an interruption leaves in the base. */
const PROGRESSIVES: Readonly<Record<string, string>> = {
  demo: 'les lots de formations déjà chargés restent enregistrés ; relancez « offre demo » avec les mêmes options pour terminer le chargement',
  check:
    'les formations déjà recontrôlées gardent leur nouveau résultat ; relancez « offre check » pour contrôler les autres',
};

const duProcessus = etatInterruption();
/** The hosted command's state (hote.ts), else this process's. */
const etat = () => commandeHebergee()?.interruption ?? duProcessus;

export const fichierEnCours = (chemin: string) => etat().fichiers.add(chemin);
export const fichierTermine = (chemin: string) => etat().fichiers.delete(chemin);
/** A file of a hosted command removed once it was cancelled: its caller's line names it. */
export const fichierSupprime = (chemin: string) => etat().supprimes.push(chemin);

/**
 * Said by a command that has committed its work and still has some to do (a report to write):
 * an interruption no longer says « rien n’a été enregistré ». `quoi`: what is saved (« l’import »).
 */
export function noterEnregistrement(quoi: string): void {
  etat().enregistre = quoi;
}

/** What an interrupted command left, as the line says it (a hosted command's, sent by the server). */
export interface Bilan {
  readonly enregistre: string | null;
  /** The files being written, removed. */
  readonly supprimes: readonly string[];
}

/** The line printed on Ctrl-C during `argv`. */
export function messageInterruption(argv: readonly string[], bilan: Bilan): string {
  const progressif = PROGRESSIVES[argv[0] ?? ''];
  const base = progressif
    ? progressif
    : bilan.enregistre
      ? `${bilan.enregistre} était déjà enregistré, seule la suite a été abandonnée`
      : 'rien n’a été enregistré';
  const { supprimes } = bilan;
  const fichier =
    supprimes.length === 0
      ? ''
      : ` ; ${supprimes.length > 1 ? 'les fichiers incomplets' : 'le fichier incomplet'} ${supprimes.map((f) => `« ${f} »`).join(', ')} ${supprimes.length > 1 ? 'sont supprimés' : 'est supprimé'}`;
  return `Commande interrompue (Ctrl-C) : ${base}${fichier}.`;
}

/**
 * The line of a command `offre serve` runs when its answer never came (a server of an older
 * version, or one that stopped meanwhile; `attendue`: false on a second Ctrl-C, which does not
 * wait): what the server does with the command, without claiming what it had saved.
 */
export function messageSansBilan(argv: readonly string[], attendue: boolean): string {
  const progressif = PROGRESSIVES[argv[0] ?? ''];
  const reste = progressif
    ? progressif
    : 'ce qu’elle avait déjà validé reste enregistré, sa transaction en cours est annulée';
  return `Commande interrompue (Ctrl-C) ${attendue ? 'sans réponse du' : 'sans attendre le'} serveur « offre serve », qui l’annule : ${reste}.`;
}

/**
 * The line of a command `offre serve` had already finished when its caller's Ctrl-C reached it
 * (its exit code came without what an interruption left): nothing was cancelled, and the line
 * says so instead of leaving the caller to believe the command was stopped. `code`: its exit code.
 */
export function messageTropTard(argv: readonly string[], code: number): string {
  const quoi =
    code === 0 && argv[0] === 'import'
      ? 'l’import était déjà enregistré par le serveur « offre serve »'
      : `la commande était déjà exécutée par le serveur « offre serve »${code === 0 ? '' : ` (code ${code})`}`;
  return `Interruption trop tardive (Ctrl-C) : ${quoi} ; rien n’a été annulé.`;
}

/**
 * Ends the process as SIGINT would (status 130 for the shell), whatever it is blocked on: never by
 * process.exit(), which waits for libuv's threads, one of them stuck on a named pipe. Another
 * listener still there (signal-exit, for proper-lockfile: it removes the folder's lock first)
 * raises the signal again once it is alone; one that would not is not waited for long.
 */
export function finirParLeSignal(): void {
  process.off('SIGINT', surSignal);
  process.kill(process.pid, 'SIGINT');
  // Kept referenced: with nothing else to wait for, the process would end (status 0) before the
  // signal it sent itself is handled.
  setTimeout(() => {
    process.removeAllListeners('SIGINT');
    process.kill(process.pid, 'SIGINT');
  }, 2_000);
}

let argvCourant: readonly string[] = [];
/** Who answers Ctrl-C instead of the direct command's handler (hote.client.ts, while the server runs it). */
let relais: (() => void) | null = null;
let installe = false;

function surSignal(): void {
  if (relais) {
    relais();
    return;
  }
  const supprimes: string[] = [];
  for (const f of duProcessus.fichiers) {
    try {
      rmSync(f, { force: true });
      supprimes.push(f);
    } catch {
      // left as it is: not ours to insist
    }
  }
  process.stderr.write(
    `${messageInterruption(argvCourant, { enregistre: duProcessus.enregistre, supprimes })}\n`,
  );
  finirParLeSignal();
}

/**
 * Prints messageInterruption on Ctrl-C during `argv`, removes the files it was writing, then ends
 * the process by the signal itself: a command blocked in the system (a named pipe nobody reads)
 * would keep process.exit() from ending it.
 */
export function surCtrlC(argv: readonly string[]): void {
  argvCourant = argv;
  if (installe) return;
  installe = true;
  process.on('SIGINT', surSignal);
  retirerCtrlCPrecoce();
}

/**
 * Removes bin/offre.js's handler of a Ctrl-C during the CLI's loading (it says the line of an
 * interrupted command that saved nothing): the command's own handler, or `offre serve`'s way of
 * stopping, takes over. Nothing to do in a process not started by bin/offre.js.
 */
export function retirerCtrlCPrecoce(): void {
  const cle = Symbol.for('offre.ctrl-c.precoce');
  const g = globalThis as Record<symbol, unknown>;
  const precoce = g[cle];
  if (typeof precoce !== 'function') return;
  process.off('SIGINT', precoce as () => void);
  delete g[cle];
}

/**
 * While `offre serve` runs this process's command (hote.client.ts), Ctrl-C asks it to cancel the
 * command instead: `fn` answers it. Returns the function that gives Ctrl-C back.
 */
export function relayerCtrlC(fn: () => void): () => void {
  relais = fn;
  return () => {
    if (relais === fn) relais = null;
  };
}
