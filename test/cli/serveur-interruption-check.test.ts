import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';
import { avant, demarrerServe, lancer, type Serveur, tubeNomme } from './serveur.helper.ts';

// Fresh user (05/12, M4): with `npm start` running, `offre check` (run by the server for the CLI,
// src/cli/hote.ts) ignored Ctrl-C: it ran on, printed its whole summary and exited 0. PGlite answers
// in the server's own thread, so the check's statements resolved one after the other without the
// server ever reading the caller's socket. Real server, real CLI processes, a real SIGINT.

const SANS = TEST_ENGINE === 'postgres' ? ' (ignoré : mode embarqué PGlite seulement)' : '';
const LONG_MS = 120_000;
/** Enough formations for a check of seconds on PGlite (one transaction of 2,000 at most). */
const FORMATIONS = 1000;

let dir: string;
let serveur: Serveur;
const env = () => ({ DATABASE_URL: '', OFFRE_DATA_DIR: dir });

describe.skipIf(!!SANS)(`Ctrl-C on offre check run by offre serve${SANS}`, { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await seedDataDir(mkdtempSync(join(tmpdir(), 'offre-interruption-check-')), { demarre: true });
    const demo = await runCli(['demo', '--formations', String(FORMATIONS)], env());
    expect(demo.code, demo.stderr).toBe(0);
    serveur = await demarrerServe(dir);
  }, 600_000);
  afterAll(async () => {
    await serveur?.tuer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cancels the check: its terminal says what stays, status of SIGINT, no summary', async () => {
    // So that the SIGINT lands while the server runs the check (and not while the CLI starts): the
    // server is first held by an import reading a named pipe; the check, queued behind it, says so.
    const fifo = tubeNomme('offre.xml');
    const bloqueur = lancer(dir, ['import', 'lheo', fifo]);
    const ecrivain = await avant(open(fifo, 'w'), 'l’ouverture du fichier par l’import', LONG_MS);
    const check = lancer(dir, ['check']);
    let sortie = '';
    check.child.stdout!.on('data', (d: Buffer) => {
      sortie += d.toString();
    });
    try {
      expect(await avant(check.dit('attend son tour'), 'la mise en attente du contrôle', LONG_MS)).toBe(true);
      // An empty file: the import is refused at once, and the check starts.
      await ecrivain.close();
      await avant(bloqueur.fin, 'la fin de l’import vide', LONG_MS);
      await new Promise((r) => setTimeout(r, 300));
      const debut = Date.now();
      check.child.kill('SIGINT');
      const r = await avant(check.fin, 'la fin du contrôle interrompu', LONG_MS);
      expect(r.stderr).toContain(
        'Commande interrompue (Ctrl-C) : les formations déjà recontrôlées gardent leur nouveau résultat ; relancez « offre check » pour contrôler les autres.',
      );
      expect(r.stderr).not.toContain('formations contrôlées en');
      expect(r.stderr).not.toContain('COMMANDE_INTERROMPUE');
      expect(sortie).not.toContain('Catalogue général');
      expect(r.signal).toBe('SIGINT');
      expect(Date.now() - debut).toBeLessThan(LONG_MS);
      expect(serveur.erreurs()).not.toContain('toujours en cours');
    } finally {
      await ecrivain.close().catch(() => {});
      rmSync(join(fifo, '..'), { recursive: true, force: true });
    }
    // The server runs the next command, and a whole check still ends normally.
    const again = await avant(runCli(['check'], env()), 'un contrôle complet ensuite', LONG_MS);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Catalogue général');
  });
});
