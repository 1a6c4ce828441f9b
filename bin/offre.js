#!/usr/bin/env node
// Entry point of the `offre` command. Runs the compiled build (dist/, made by `npm install`
// through the `prepare` script, or `npm run build`) when it was built from the sources as they
// are now; otherwise — no build yet, or sources edited since — runs the TypeScript sources
// through tsx, slower to start but never stale. OFFRE_DEBUG maps stack traces to the sources.

// Ctrl-C while the command is still loading (one to three seconds through tsx, before
// src/cli/interruption.ts installs its handler): the same French line, nothing having started
// (test/cli/ctrl-c-demarrage.test.ts keeps it equal to messageInterruption's). The command's own
// handler (or `offre serve`'s) removes this one as it installs itself (retirerCtrlCPrecoce).
const LIGNE_PRECOCE = 'Commande interrompue (Ctrl-C) : rien n’a été enregistré.';
const precoce = () => {
  process.off('SIGINT', precoce);
  process.stderr.write(`${LIGNE_PRECOCE}\n`);
  // Ended by the signal itself (status 130 for the shell), as interruption.ts does.
  process.kill(process.pid, 'SIGINT');
};
process.on('SIGINT', precoce);
globalThis[Symbol.for('offre.ctrl-c.precoce')] = precoce;
// Test only: tells a test the early handler is there (it then sends SIGINT).
if (process.env.OFFRE_TEST_MARQUE_DEMARRAGE) process.stderr.write('offre:demarrage\n');

const { dirname, join } = await import('node:path');
const { fileURLToPath } = await import('node:url');
const { isBuildCurrent } = await import('./build-stamp.js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.OFFRE_DEBUG) process.setSourceMapsEnabled(true);
const { messageDemarrageImpossible } = await import('./demarrage-impossible.js');
try {
  let main;
  if (isBuildCurrent(root)) ({ main } = await import('../dist/main.js'));
  else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
  await main(process.argv.slice(2));
} catch (e) {
  // A program that could not be run (esbuild's binary still being written: ETXTBSY): a French
  // message and status 1, not a stack trace (test/cli/demarrage-etxtbsy.test.ts); anything else
  // is thrown as before.
  const message = messageDemarrageImpossible(e);
  if (message === null) throw e;
  process.stderr.write(`${message}\n`);
  if (process.env.OFFRE_DEBUG) process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
}
