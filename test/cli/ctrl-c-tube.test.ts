import { closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, type TestDatabase, testDatabase, testDataDir } from '../helpers/db.ts';
import { avant, lancer, lecteurEnAttente, tubeNomme } from './serveur.helper.ts';

// A command run on its own (no `offre serve`) reading a named pipe nobody writes to: the workbook
// import read it synchronously, so the process was stuck in the system and Ctrl-C (a JavaScript
// handler) was never heard. Ctrl-C now stops each with the usual line and status. Real processes,
// a real SIGINT once the command observably waits on the pipe; on both engines.

/** A CLI's start and a database's opening, on a machine loaded 20 times over. */
const LONG_MS = 120_000;

let dir = '';
let database: TestDatabase | undefined;
/** The database the commands work on: this file's folder (PGlite) or database (PostgreSQL). */
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  if (TEST_ENGINE === 'postgres') {
    database = await testDatabase({ poolSize: 1 });
    env = { DATABASE_URL: database.url! };
  } else dir = await testDataDir('offre-ctrl-c-tube-');
});
afterAll(async () => {
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Ctrl-C on a command reading a named pipe that says nothing', { timeout: 300_000 }, () => {
  it.each([
    ['import', 'lheo'],
    ['import', 'classeur'],
  ])('offre %s %s <tube>: the usual line, ended by the signal', async (...commande) => {
    const fifo = tubeNomme('entree');
    const cli = lancer(dir, [...commande, fifo], env);
    // A reader waits on the pipe: the command is there (the writer opened here keeps it waiting).
    const ecrivain = await lecteurEnAttente(fifo, LONG_MS);
    try {
      cli.child.kill('SIGINT');
      const r = await avant(cli.fin, 'la fin de la commande après Ctrl-C', LONG_MS);
      expect(r.stderr).toContain('Commande interrompue (Ctrl-C) : rien n’a été enregistré.');
      expect(r.signal).toBe('SIGINT');
    } finally {
      closeSync(ecrivain);
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      rmSync(join(fifo, '..'), { recursive: true, force: true });
    }
  });
});
