import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SOCKET_NAME } from '../../src/cli/hote.ts';
import { openDatabase } from '../../src/db/database.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { migrate } from '../../src/db/migrate.ts';
import { DOSSIER_SAUVEGARDES } from '../../src/db/sauvegarde.ts';
import { rng } from '../../src/demo/prng.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { invariants } from './moteur.ts';

// The embedded database after a crash (issue 15, "what must exist" 2): the real server (`offre
// serve` on a PGlite folder) killed by SIGKILL while it answers writes, then started again. Either
// every write it acknowledged is there, or it refuses to open with its French message and
// `offre db restore` brings back the last scheduled dump. `npm test`: one trial;
// `npm run test:faults` (OFFRE_PANNES=complet): 10. The seed is printed (OFFRE_PANNES_GRAINE).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMPLET = process.env.OFFRE_PANNES === 'complet';
const ESSAIS = Number(process.env.OFFRE_PANNES_ESSAIS ?? (COMPLET ? 10 : 1));
const GRAINE = Number(process.env.OFFRE_PANNES_GRAINE ?? Math.floor(Math.random() * 1e9));

const dossiers: string[] = [];
/** A new data folder as a first start leaves it (seedDataDir, `demarre`), removed in afterAll. */
const dossier = () => {
  const d = mkdtempSync(join(tmpdir(), 'offre-serveur-panne-'));
  dossiers.push(d);
  return seedDataDir(d, { demarre: true });
};
const cli = (args: string[], dir: string, env: Record<string, string> = {}) =>
  runCli(args, { DATABASE_URL: '', OFFRE_DATA_DIR: dir, ...env });

interface Serveur {
  readonly child: ChildProcess;
  readonly base: string;
  stderr(): string;
}

async function serve(dir: string, env: Record<string, string> = {}): Promise<Serveur> {
  const child = spawn(process.execPath, ['bin/offre.js', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Offre écoute sur http:\/\/localhost:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`le serveur s’est arrêté (code ${code}) : ${stderr}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, stderr: () => stderr };
}

async function tuer(s: Serveur) {
  const fin = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGKILL');
  await fin;
}

async function cleEcriture(dir: string): Promise<string> {
  // A write key is bound to a known organisation: the organisme exists first.
  const d = await openDatabase({ dataDir: dir });
  try {
    await migrate(d.db);
    await upsertOrganismes(
      d.db,
      [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null }],
      new Date(),
    );
  } finally {
    await d.close();
  }
  const r = await cli(
    ['apikey', 'add', '--name', 'essai', '--scope', 'write', '--siren', SIREN_A, '--json'],
    dir,
  );
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).key;
}

/** Posts formations one after another until stopped; returns the external keys acknowledged. */
function ecrire(s: Serveur, key: string, prefixe: string) {
  const acquittees: string[] = [];
  let arret = false;
  let fini = false;
  const boucle = (async () => {
    for (let i = 0; !arret; i++) {
      const cle = `${prefixe}-${i}`;
      try {
        const res = await fetch(`${s.base}/api/v1/formations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(formationFixture({ cle_externe: cle, intitule: `Formation ${cle}` })),
        });
        if (res.status === 201 || res.status === 200) acquittees.push(cle);
        else if (!arret) throw new Error(`réponse ${res.status} : ${await res.text()}`);
      } catch (e) {
        if ((e as Error).message.startsWith('réponse')) throw e;
        if (process.env.OFFRE_DEBUG_PANNES) console.error(e);
        return; // the connection was cut by the kill
      }
    }
  })().finally(() => {
    fini = true;
  });
  /** Resolves once `n` writes were acknowledged; throws if the writes stopped before. */
  const attendre = async (n: number) => {
    while (acquittees.length < n) {
      if (fini) {
        await boucle;
        throw new Error(`les écritures se sont arrêtées après ${acquittees.length} acquittement(s)`);
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  return {
    acquittees,
    attendre,
    stop: async () => {
      arret = true;
      await boucle;
    },
  };
}

/**
 * `argv` sent to the server's socket as a CLI does (src/cli/hote.ts), its stderr reported as a
 * terminal (progress bars drawn); `surErreur` sees each piece of stderr as it comes. Resolves when
 * the server closes the connection: `code` null when it died first.
 */
function commande(
  dir: string,
  argv: string[],
  surErreur: (texte: string) => void = () => {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(dir, SOCKET_NAME));
    let reste = '';
    const r = { code: null as number | null, stdout: '', stderr: '' };
    socket.once('connect', () =>
      socket.write(`${JSON.stringify({ argv, tty: { stdout: false, stderr: true, columns: 100 } })}\n`),
    );
    socket.on('data', (d: Buffer) => {
      const lignes = (reste + d.toString()).split('\n');
      reste = lignes.pop()!;
      for (const l of lignes) {
        const m = JSON.parse(l) as { s?: 1 | 2; b?: string; code?: number };
        if (m.code !== undefined) r.code = m.code;
        if (m.b === undefined) continue;
        const texte = Buffer.from(m.b, 'base64').toString();
        if (m.s === 1) r.stdout += texte;
        else {
          r.stderr += texte;
          surErreur(texte);
        }
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
    });
    socket.on('close', () => resolve(r));
  });
}

/** An LHEO file of 3 × `copies` new formations: the fixture's three, under new numbers each time. */
function fichierLheo(dir: string, copies: number): string {
  const xml = readFileSync(join(ROOT, 'test/fixtures/lheo/offre-2.3.xml'), 'utf8');
  const debut = xml.indexOf('<formation ');
  const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
  const blocs = Array.from({ length: copies }, (_, i) =>
    xml.slice(debut, fin).replaceAll('<formation numero="F-', `<formation numero="C${i}-`),
  );
  const fichier = join(dir, 'import.xml');
  writeFileSync(fichier, `${xml.slice(0, debut)}${blocs.join('\n')}${xml.slice(fin)}`);
  return fichier;
}

const compterFormations = async (dir: string) => {
  const d = await openDatabase({ dataDir: dir });
  try {
    expect(await invariants(d.db)).toEqual([]);
    return (
      await d.db
        .selectFrom('formation')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  } finally {
    await d.close();
  }
};

const engine = TEST_ENGINE;
describe.skipIf(engine !== 'pglite')(
  'base embarquée : le serveur tué (SIGKILL) pendant des écritures',
  () => {
    afterAll(() => {
      for (const d of dossiers) rmSync(d, { recursive: true, force: true });
    });

    it(`garde chaque écriture acquittée, ou refuse de démarrer avec son message (${ESSAIS} essai(s))`, async () => {
      process.stderr.write(
        `Serveur PGlite tué : graine ${GRAINE} (OFFRE_PANNES_GRAINE), ${ESSAIS} essai(s).\n`,
      );
      const r = rng(GRAINE);
      const dir = await dossier();
      const key = await cleEcriture(dir);
      const bilan = { essais: 0, intactes: 0, refus: 0, acquittees: 0 };
      for (let essai = 0; essai < ESSAIS; essai++) {
        const s = await serve(dir);
        const w = ecrire(s, key, `E${essai}`);
        // Killed 0.1 to 2 s after the first acknowledged write: inside a transaction, between
        // two, during a commit.
        await w.attendre(1);
        await new Promise((res) => setTimeout(res, 100 + r.int(0, 1900)));
        await tuer(s);
        await w.stop();
        bilan.essais++;
        bilan.acquittees += w.acquittees.length;

        // Restart: the lock of the killed server is cleared with a message, then the database opens.
        const redemarrage = await cli(['db', 'migrate'], dir);
        if (redemarrage.code !== 0) {
          expect(redemarrage.stderr).toMatch(/La base embarquée du dossier .* ne s’ouvre pas/);
          bilan.refus++;
          break;
        }
        expect(redemarrage.stderr).toMatch(
          new RegExp(
            `Verrou périmé du dossier .* laissé par le processus ${s.child.pid} \\(processus arrêté\\)`,
          ),
        );
        const d = await openDatabase({ dataDir: dir });
        try {
          const presentes = new Set(
            (await d.db.selectFrom('formation').select('cle_externe').execute()).map((x) => x.cle_externe),
          );
          const perdues = w.acquittees.filter((c) => !presentes.has(c));
          expect(perdues, `essai ${essai} : écritures acquittées perdues`).toEqual([]);
          expect(await invariants(d.db)).toEqual([]);
          bilan.intactes++;
        } finally {
          await d.close();
        }
      }
      process.stderr.write(
        `Serveur PGlite tué : ${bilan.essais} essai(s), ${bilan.intactes} redémarrage(s) avec toutes les écritures acquittées (${bilan.acquittees} en tout), ${bilan.refus} refus documenté(s).\n`,
      );
      expect(bilan.intactes + bilan.refus).toBe(bilan.essais);
    }, 600_000);

    it('un import LHEO lancé par la CLI tourne dans le fil d’import du serveur : tué au milieu, l’état d’avant ; acquitté, gardé', async () => {
      // Issue 15, defect 7: under `offre serve` the import parses and writes in a worker thread on
      // the folder (src/services/import-lheo.thread.ts). Its progress reaches the CLI through the
      // socket; a kill of the server in the middle leaves the state before; once the CLI got its
      // exit code, the import survives a kill; a refused file comes back as its French message.
      const dir = await dossier();
      const fichier = fichierLheo(dir, 200);
      const etape = (texte: string) => process.stderr.write(`Import dans le fil : ${texte}\n`);
      const s1 = await serve(dir);
      let tue: Promise<void> | null = null;
      const coupee = await commande(dir, ['import', 'lheo', fichier], (texte) => {
        // The bar counts formations read: the worker has written its first batches. Killed then.
        if (!tue && /Formations LHEO lues : [1-9]\d{2,}/.test(texte)) tue = tuer(s1);
      });
      await tue;
      etape('serveur tué pendant l’import');
      expect(tue, coupee.stderr).not.toBeNull();
      expect(coupee.code).toBeNull(); // killed before its end: never acknowledged
      expect((await cli(['db', 'migrate'], dir)).code).toBe(0);
      expect(await compterFormations(dir)).toBe(0);
      etape('redémarré avec 0 formation');

      const s2 = await serve(dir);
      const latin = join(dir, 'latin.xml');
      // The fixture's accented letters written in Latin-1 by a file that declares no encoding.
      writeFileSync(
        latin,
        Buffer.from(readFileSync(join(ROOT, 'test/fixtures/lheo/offre-2.3.xml'), 'utf8'), 'latin1'),
      );
      const refus = await commande(dir, ['import', 'lheo', latin]);
      expect(refus.code).toBe(1);
      expect(refus.stderr).toMatch(
        /^Erreur : .*latin\.xml, ligne \d+ : octets invalides pour l’encodage UTF-8/,
      );
      expect(refus.stderr).not.toMatch(/\n\s+at /);
      etape('fichier refusé en français');
      const complete = await commande(dir, ['import', 'lheo', fichier]);
      expect(complete.code, complete.stderr).toBe(0);
      expect(complete.stderr).toMatch(/Formations LHEO lues : \d+/);
      expect(complete.stdout).toMatch(/^formations : 600 créée\(s\), 0 mise\(s\) à jour/);
      // The pages read the new state once the CLI has its answer.
      const page = await fetch(`${s2.base}/api/v1/formations?limit=1`);
      expect(page.status).toBe(200);
      await tuer(s2);
      expect((await cli(['db', 'migrate'], dir)).code).toBe(0);
      expect(await compterFormations(dir)).toBe(600);
      etape('import acquitté gardé après un SIGKILL');
    }, 1_500_000);

    it('écrit les sauvegardes planifiées (les N dernières) ; un dossier illisible est refusé en français, « offre db restore » ramène la dernière', async () => {
      const dir = await dossier();
      const key = await cleEcriture(dir);
      // A dump every 1.2 s, two kept.
      const s = await serve(dir, { OFFRE_DUMP_EVERY: '0.02', OFFRE_DUMP_KEEP: '2' });
      const w = ecrire(s, key, 'S');
      await w.attendre(2);
      await w.stop();
      // Three dumps written after the last write: the newest holds it.
      const compte = () => (s.stderr().match(/Sauvegarde de la base embarquée écrite/g) ?? []).length;
      const deja = compte();
      while (compte() < deja + 3) await new Promise((res) => setTimeout(res, 200));
      await tuer(s);
      const sauvegardes = readdirSync(join(dir, DOSSIER_SAUVEGARDES));
      expect(sauvegardes.filter((f) => f.endsWith('.tar.gz'))).toHaveLength(2);
      expect(sauvegardes.filter((f) => f.endsWith('.partiel'))).toEqual([]);

      // The folder damaged (its control file wiped, as a disk failure would): a French refusal.
      writeFileSync(join(dir, 'pglite', 'global', 'pg_control'), Buffer.alloc(8192));
      const refus = await cli(['db', 'migrate'], dir);
      expect(refus.code).toBe(1);
      expect(refus.stderr).toMatch(
        /La base embarquée du dossier .* ne s’ouvre pas .*Restaurez la dernière sauvegarde avec « offre db restore »/s,
      );
      expect(refus.stderr).not.toMatch(/\n\s+at /); // no stack trace

      const restauration = await cli(['db', 'restore'], dir);
      expect(restauration.code, restauration.stderr).toBe(0);
      expect(restauration.stderr).toMatch(/Dernière sauvegarde planifiée : .*offre-.*\.tar\.gz/);
      const d = await openDatabase({ dataDir: dir });
      try {
        const cles = (await d.db.selectFrom('formation').select('cle_externe').execute()).map(
          (x) => x.cle_externe,
        );
        for (const c of w.acquittees) expect(cles).toContain(c);
      } finally {
        await d.close();
      }
    }, 300_000);
  },
);
