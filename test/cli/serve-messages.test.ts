import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { BIN, ROOT } from './serveur.helper.ts';

// Fresh user, 06/12: the README told the start's messages in another order than `npm start`
// writes them. The address to open is the last line, after the demo and the communes; the README
// tells them in that order.

const dossiers: string[] = [];
afterAll(() => {
  for (const d of dossiers) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(TEST_ENGINE !== 'pglite')('offre serve --demo-if-empty: its messages, in order', () => {
  it('says the demo loaded, then the address to open, last', async () => {
    const dir = await testDataDir('offre-messages-', { demarre: true });
    dossiers.push(dir);
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--demo-if-empty', '--demo-formations', '5'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let erreurs = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        erreurs += d.toString();
        if (/^Offre écoute sur .*\n/m.test(erreurs)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${erreurs}`)));
    });
    // Anything written right after the address would push it up the terminal.
    await new Promise((r) => setTimeout(r, 1000));
    const fin = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await fin;
    const lignes = erreurs.split('\n').filter((l) => l.trim() !== '');
    const rang = (debut: string) => lignes.findIndex((l) => l.startsWith(debut));
    expect(rang('Base vide : chargement de 5 formations de démonstration')).toBeGreaterThanOrEqual(0);
    expect(rang('Démonstration chargée : 5 formations')).toBeGreaterThan(rang('Base vide : chargement'));
    expect(lignes.at(-1)).toMatch(/^Offre écoute sur http:\/\/localhost:\d+ \(/);
  }, 240_000);

  it('is told in the README in the order the start writes them', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const ordre = [
      '« Première ouverture : création de la base embarquée',
      '« Base vide : chargement de 2000 formations de démonstration',
      '« Démonstration chargée',
      '« Communes : chargement de la liste intégrée',
      '« Communes : liste intégrée chargée',
      '« Offre écoute sur http://localhost:3000',
    ].map((m) => readme.indexOf(m));
    expect(ordre.every((i) => i >= 0)).toBe(true);
    expect([...ordre].sort((a, b) => a - b)).toEqual(ordre);
  });
});
