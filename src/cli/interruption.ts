import { rmSync } from 'node:fs';

// Ctrl-C on a command (SIGINT): a short French line on stderr saying what is left, then the
// process ends as the signal would have ended it (status 130 for the shell). Its database writes
// are all-or-nothing for every command but those below: the transaction in progress is lost
// with the process (PGlite, PostgreSQL) or rolled back by the server running it (hote.ts).

/** Commands that commit as they go: what an interruption leaves in the base. */
const PROGRESSIVES: Readonly<Record<string, string>> = {
  demo: 'les lots de formations déjà chargés restent enregistrés ; relancez « offre demo » avec les mêmes options pour terminer le chargement',
  check:
    'les formations déjà recontrôlées gardent leur nouveau résultat ; relancez « offre check » pour contrôler les autres',
};

/** Files being written by the command (sortie.ts): removed if it is interrupted, never left half-written. */
const fichiers = new Set<string>();
export const fichierEnCours = (chemin: string) => fichiers.add(chemin);
export const fichierTermine = (chemin: string) => fichiers.delete(chemin);

let enregistre: string | null = null;
/**
 * Said by a command that has committed its work and still has some to do (a report to write):
 * an interruption no longer says « rien n’a été enregistré ». `quoi`: what is saved (« l’import »).
 */
export function noterEnregistrement(quoi: string): void {
  enregistre = quoi;
}

/** The line printed on Ctrl-C during `argv` (the files named were being written and are removed). */
export function messageInterruption(argv: readonly string[], supprimes: readonly string[]): string {
  const progressif = PROGRESSIVES[argv[0] ?? ''];
  const base = progressif
    ? progressif
    : enregistre
      ? `${enregistre} était déjà enregistré, seule la suite a été abandonnée`
      : 'rien n’a été enregistré';
  const fichier =
    supprimes.length === 0
      ? ''
      : ` ; ${supprimes.length > 1 ? 'les fichiers incomplets' : 'le fichier incomplet'} ${supprimes.map((f) => `« ${f} »`).join(', ')} ${supprimes.length > 1 ? 'sont supprimés' : 'est supprimé'}`;
  return `Commande interrompue (Ctrl-C) : ${base}${fichier}.`;
}

let argvCourant: readonly string[] = [];
let installe = false;
/**
 * Prints messageInterruption on Ctrl-C during `argv`, removes the files it was writing, then ends
 * the process by the signal itself: a command blocked in the system (a named pipe nobody reads)
 * would keep process.exit() from ending it.
 */
export function surCtrlC(argv: readonly string[]): void {
  argvCourant = argv;
  if (installe) return;
  installe = true;
  process.once('SIGINT', () => {
    const supprimes: string[] = [];
    for (const f of fichiers) {
      try {
        rmSync(f, { force: true });
        supprimes.push(f);
      } catch {
        // left as it is: not ours to insist
      }
    }
    process.stderr.write(`${messageInterruption(argvCourant, supprimes)}\n`);
    process.kill(process.pid, 'SIGINT');
  });
}
