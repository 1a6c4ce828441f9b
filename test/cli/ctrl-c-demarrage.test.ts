import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageInterruption } from '../../src/cli/interruption.ts';
import { avant, lancer, tubeNomme } from './serveur.helper.ts';

// A fresh user's report: Ctrl-C in the first seconds of a command (while it was still loading,
// before src/cli/interruption.ts installed its handler) ended it silently, status 130, with no
// line saying what was or was not done. bin/offre.js now answers Ctrl-C before anything loads.
// A real process: it says (test-only OFFRE_TEST_MARQUE_DEMARRAGE) when its first line has run,
// and SIGINT is sent right then, long before the command's modules are loaded. Should it land
// later (a loaded machine), the command's own handler says the same line: never silent either way.

/** A CLI's start on a machine loaded 20 times over. */
const LONG_MS = 120_000;

describe('Ctrl-C while the CLI is still starting', { timeout: 300_000 }, () => {
  it('says the usual French line and ends by the signal', async () => {
    // A command that would wait for good (a named pipe nobody writes to): it cannot end first.
    const fifo = tubeNomme('entree');
    const cli = lancer('', ['lheo', 'validate', fifo], { OFFRE_TEST_MARQUE_DEMARRAGE: '1' });
    try {
      expect(await avant(cli.dit('offre:demarrage'), 'la marque de démarrage', LONG_MS)).toBe(true);
      cli.child.kill('SIGINT');
      const r = await avant(cli.fin, 'la fin de la commande après Ctrl-C', LONG_MS);
      expect(r.stderr).toContain(
        messageInterruption(['lheo', 'validate', fifo], { enregistre: null, supprimes: [] }),
      );
      expect(r.signal).toBe('SIGINT');
    } finally {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      rmSync(join(fifo, '..'), { recursive: true, force: true });
    }
  });
});
