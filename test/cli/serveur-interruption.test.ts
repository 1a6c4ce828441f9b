import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PETITE_ECRITURE } from '../../src/db/long-write.ts';
import { ATTENTE, EN_VOL } from '../../src/formats/lheo/lheo.fil.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { formationLueFixture } from '../helpers/formations.ts';
import { runCli } from './cli.helper.ts';
import { avant, demarrerServe, lancer, type Serveur, tubeNomme } from './serveur.helper.ts';

// Ctrl-C on `offre import lheo` run by `offre serve` (src/cli/hote.ts): the caller's terminal said
// « rien n’a été enregistré » even when the import was applied and only its report was being
// written. Its terminal now says what the server reports once the command has ended: rolled back,
// or stored with its report abandoned. Real server, real CLI processes, a real SIGINT sent once
// the import is observably where the test wants it (no sleep proves an order here).

const SANS = TEST_ENGINE === 'postgres' ? ' (ignoré : mode embarqué PGlite seulement)' : '';

/** A CLI's start, an import, a read copy of the base: generous on a machine loaded 20 times over. */
const LONG_MS = 120_000;

let dir: string;
let serveur: Serveur;
let cle: string;

const formation = (n: string) =>
  formationToLheo(formationLueFixture({ cle_externe: n, intitule: `Formation ${n}` }), () => {});

/** The change feed's events after `since`, read by an admin key (drafts included), and its cursor. */
async function flux(since: string): Promise<{ data: { id: string }[]; next_cursor: string }> {
  const r = await fetch(`${serveur.base}/api/v1/changes?since=${since}&limit=100`, {
    headers: { authorization: `Bearer ${cle}` },
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { data: { id: string }[]; next_cursor: string };
}

/** The feed's cursor now (past every event so far). */
async function curseur(): Promise<string> {
  let c = '0';
  for (;;) {
    const page = await flux(c);
    if (page.data.length === 0) return c;
    c = page.next_cursor;
  }
}

describe.skipIf(!!SANS)(
  `Ctrl-C on an import run by offre serve says what is true${SANS}`,
  { timeout: 600_000 },
  () => {
    beforeAll(async () => {
      dir = await seedDataDir(mkdtempSync(join(tmpdir(), 'offre-interruption-')), { demarre: true });
      serveur = await demarrerServe(dir);
      const r = await runCli(['apikey', 'add', '--name', 'lecture du flux', '--scope', 'admin', '--json'], {
        DATABASE_URL: '',
        OFFRE_DATA_DIR: dir,
      });
      expect(r.code, r.stderr).toBe(0);
      cle = (JSON.parse(r.stdout) as { key: string }).key;
    });
    afterAll(async () => {
      await serveur?.tuer();
      rmSync(dir, { recursive: true, force: true });
    });

    it('interrupted inside its transaction: rolled back, and its terminal says « rien n’a été enregistré »', async () => {
      const avantImport = await curseur();
      // The file is a named pipe the test writes: more formations than are read before the
      // transaction opens (PETITE_ECRITURE + 1), then far more than the pipe, the read stream and the
      // reader hold ahead, then nothing: once all of it is written, the import has asked for
      // formations past the first ones, so it is inside its transaction, waiting for the rest. The
      // reader runs in a worker (formats/lheo/lheo.fil.ts), which reads ahead up to ATTENTE records
      // and EN_VOL chunks of 64 KB: with less, the whole file was read before the transaction opened,
      // and the Ctrl-C came before it, while PGlite's read copy was being made (seconds).
      const fifo = tubeNomme('offre.xml');
      const avantTransaction = Array.from({ length: PETITE_ECRITURE + 1 }, (_, i) => formation(`TUBE-${i}`));
      const suite = Array.from({ length: ATTENTE + 100 }, (_, i) => formation(`TUBE-SUITE-${i}`));
      for (let i = suite.length, octets = 0; octets < (EN_VOL + 3) * 65_536; i++) {
        suite.push(formation(`TUBE-SUITE-${i}`));
        octets += suite[i]!.length;
      }
      const cli = lancer(dir, ['import', 'lheo', fifo]);
      const ecrivain = await avant(open(fifo, 'w'), 'l’ouverture du fichier par l’import', LONG_MS);
      try {
        const octets = Buffer.from(LHEO_DEBUT + avantTransaction.join('') + suite.join(''));
        for (let ecrits = 0; ecrits < octets.length; )
          ecrits += (
            await avant(ecrivain.write(octets, ecrits), 'la lecture du fichier par l’import', LONG_MS)
          ).bytesWritten;
        cli.child.kill('SIGINT');
        const r = await avant(cli.fin, 'la fin de la commande interrompue', LONG_MS);
        expect(r.stderr).toContain('Commande interrompue (Ctrl-C) : rien n’a été enregistré.');
        // Its terminal gets that one line, not the server's cancellation of the command.
        expect(r.stderr).not.toContain('COMMANDE_INTERROMPUE');
        expect(r.signal).toBe('SIGINT');
        // Stopped by its cancellation, its transaction rolled back at once, while its file is still
        // open and silent: the base takes writes again (left behind waiting for its input, the
        // import would hold them off, BASE_OCCUPEE). The file it reads is no longer waited for (entree.ts).
        const ecriture = await avant(
          runCli(['apikey', 'add', '--name', 'après le Ctrl-C', '--scope', 'read', '--json'], {
            DATABASE_URL: '',
            OFFRE_DATA_DIR: dir,
          }),
          'une écriture après le Ctrl-C',
          LONG_MS,
        );
        expect(ecriture.code, ecriture.stderr).toBe(0);
        expect(serveur.erreurs()).not.toContain('toujours en cours');
      } finally {
        await ecrivain.close();
        rmSync(join(fifo, '..'), { recursive: true, force: true });
      }
      expect((await flux(avantImport)).data).toEqual([]);
      // The next hosted command runs.
      const audit = await avant(
        runCli(['audit', 'list', '--limit', '1'], { DATABASE_URL: '', OFFRE_DATA_DIR: dir }),
        'la commande suivante',
      );
      expect(audit.code, audit.stderr).toBe(0);
    });

    it('interrupted while it writes its report: stored, and its terminal says so', async () => {
      const avantImport = await curseur();
      const ici = mkdtempSync(join(tmpdir(), 'offre-interruption-rapport-'));
      const xml = join(ici, 'offre.xml');
      writeFileSync(xml, LHEO_DEBUT + formation('RAPPORT-1') + formation('RAPPORT-2') + LHEO_FIN);
      // The report goes to a named pipe nobody reads: once applied, the import waits at its opening.
      const rapport = tubeNomme('rapport.csv');
      const cli = lancer(dir, ['import', 'lheo', xml, '--rapport', rapport]);
      try {
        // Its two formations in the change feed: the import's transaction is committed.
        await expect
          .poll(async () => (await flux(avantImport)).data.length, { timeout: LONG_MS, interval: 200 })
          .toBe(2);
        cli.child.kill('SIGINT');
        const r = await avant(cli.fin, 'la fin de la commande interrompue', LONG_MS);
        expect(r.stderr).toContain(
          'Commande interrompue (Ctrl-C) : l’import était déjà enregistré, seule la suite a été abandonnée.',
        );
        expect(r.stderr).not.toContain('rien n’a été enregistré');
        expect(r.signal).toBe('SIGINT');
      } finally {
        rmSync(join(rapport, '..'), { recursive: true, force: true });
        rmSync(ici, { recursive: true, force: true });
      }
      expect((await flux(avantImport)).data).toHaveLength(2);
    });
  },
);
