import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_NAME } from '../../src/cli/hote.client.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';
import {
  avant,
  BIN,
  demarrerServe,
  lancer as lancerSur,
  liberer,
  ROOT,
  type Serveur,
  tubeNomme,
} from './serveur.helper.ts';

// Issue 13, item 4: with the embedded database, a CLI command on the folder held by a running
// `offre serve` is run by that server through <data>/offre.sock (0600) instead of stopping with
// « déjà ouverte par un autre processus ». Real server (a child process), real socket; the CLI's
// main() runs in this test worker, or in a child process of its own where the caller's folder matters.

const SANS = TEST_ENGINE === 'postgres' ? ' (ignoré : mode embarqué PGlite seulement)' : '';

let dir: string;
let serveur: Serveur;
let base: string;

/**
 * `offre <args>` on `dir` in this process (the same main() as bin/offre.js): this test worker is a
 * process apart from the server's, so it finds the folder held and goes through the socket as a
 * separate `offre` would; a child process would only add its start (≈ 1.5 s of CPU each).
 */
const cli = (args: string[]) => runCli(args, { DATABASE_URL: '', OFFRE_DATA_DIR: dir });

/** `offre <args>` as a separate process on `dir`, from the folder `cwd` (the caller's own folder). */
function offre(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
}

/** Formations of the demo the export reads: its LHEO (≈ 150 KB) is over a pipe’s 64 KB. */
const FORMATIONS_DEMO = 30;

/** `offre <args>` as a separate process on `dir`, left running (serveur.helper.ts). */
const lancer = (args: string[]) => lancerSur(dir, args);

/**
 * `offre audit list` once a command runs on the server: it waits for its turn, and says so. A
 * probe may reach the server before that command does (nothing waits then): another is sent.
 */
async function derriere(): Promise<ReturnType<typeof lancer>> {
  for (let essai = 0; essai < 5; essai++) {
    const sonde = lancer(['audit', 'list', '--limit', '1']);
    if (await avant(sonde.dit('celle-ci attend son tour'), 'une commande derrière la bloquée')) return sonde;
  }
  throw new Error('aucune commande n’a attendu derrière la bloquée');
}

/** A shell pipeline on `dir` (a CLI piped into another program). */
function enTube(ligne: string): Promise<{ code: number; stdout: string }> {
  const child = spawn('/bin/sh', ['-c', ligne], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return avant(
    new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout }))),
    ligne,
  );
}

// A CLI run as a separate Node process costs ≈ 1.5 s of CPU: on a loaded 2-core machine a test
// with a few of them needs more than the default minute.
describe.skipIf(!!SANS)(
  `offre serve runs the CLI's commands on its embedded database${SANS}`,
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      // As a first start leaves it (built-in communes loaded): the server starts without loading them.
      dir = await seedDataDir(mkdtempSync(join(tmpdir(), 'offre-socket-')), { demarre: true });
      serveur = await demarrerServe(dir);
      base = serveur.base;
    });
    afterAll(async () => {
      await serveur?.tuer();
      rmSync(dir, { recursive: true, force: true });
    });

    it('listens on <data>/offre.sock, a socket readable and writable by its owner only', () => {
      const st = statSync(join(dir, SOCKET_NAME));
      expect(st.isSocket()).toBe(true);
      expect(st.mode & 0o777).toBe(0o600);
    });

    it('a key made by `offre apikey add` while the server runs is accepted by that server', async () => {
      const r = await cli(['apikey', 'add', '--name', 'via le serveur', '--scope', 'read', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('déjà ouverte');
      const { key } = JSON.parse(r.stdout) as { key: string };
      // An unknown key is refused as unauthenticated (401); this one is known to the server.
      const inconnue = await fetch(`${base}/api/v1/partenaires/fichiers`, {
        headers: { authorization: 'Bearer offre_inconnue' },
      });
      expect(inconnue.status).toBe(401);
      const avec = await fetch(`${base}/api/v1/partenaires/fichiers`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(avec.status).not.toBe(401);
      const liste = await cli(['apikey', 'list', '--json']);
      expect(liste.code, liste.stderr).toBe(0);
      expect(liste.stdout).toContain('via le serveur');
      // Session of 05/12 (h-exemples): an old spelling's note was said twice through the server,
      // once by the CLI parsing its words, once by the server running them.
      const quota = await cli(['apikey', 'quota', 'via le serveur', '--lecture', '5000']);
      expect(quota.code, quota.stderr).toBe(0);
      expect(quota.stderr.match(/ancienne orthographe/g), quota.stderr).toHaveLength(1);
    });

    it('a reference file named relative to the caller’s folder is read there; errors keep their message and exit code', async () => {
      const ici = mkdtempSync(join(tmpdir(), 'offre-socket-cwd-'));
      writeFileSync(
        join(ici, 'StockEtablissement.csv'),
        'siren,nic,siret,etatAdministratifEtablissement,codeCommuneEtablissement\n732829320,00074,73282932000074,A,59350\n',
      );
      const r = await offre(['referentiel', 'import', 'sirene', 'StockEtablissement.csv', '--json'], ici);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ statut: 'importe', lignes: { lues: 1, gardees: 1 } });
      const status = await cli(['referentiel', 'status', '--json']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('StockEtablissement.csv');
      const absent = await offre(['referentiel', 'import', 'sirene', 'absent.csv'], ici);
      expect(absent.code).toBe(1);
      expect(absent.stderr).toContain('Erreur : Fichier introuvable : absent.csv [FICHIER_INTROUVABLE]');
      // A fresh operator (07/12, LOW): a second `PORT=3313 npm start` was refused without saying
      // where the running server listens; it says its address and its process.
      const serve = await cli(['serve', '--port', '0']);
      expect(serve.code).toBe(1);
      expect(serve.stderr).toContain(
        `le serveur tourne déjà sur ce dossier, sur http://localhost:${new URL(base).port} (processus ${serveur.child.pid}) : ouvrez cette adresse, ou arrêtez ce processus (kill ${serveur.child.pid}) avant d’en lancer un autre.`,
      );
      // Operator's report of 06/12: `offre db restore` without a file said « Aucune sauvegarde
      // planifiée » while the server ran; it is impossible then, whatever the backups (docs).
      const restore = await cli(['db', 'restore']);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('arrêtez d’abord le serveur « offre serve »');
      expect(restore.stderr).not.toContain('Aucune sauvegarde');
      rmSync(ici, { recursive: true, force: true });
    });

    // Fresh user of 02/12 morning: through the server, default and relative output files were
    // written in the server's folder, not the caller's.
    it('through the server, files a command writes by default or by a relative name land in the caller’s folder', async () => {
      const ici = mkdtempSync(join(tmpdir(), 'offre-socket-sortie-'));
      const xlsx = await offre(['export', 'xlsx'], ici);
      expect(xlsx.code, xlsx.stderr).toBe(0);
      const nom = readdirSync(ici).find((f) => /^offre-formations-\d{4}-\d{2}-\d{2}\.xlsx$/.test(f));
      expect(nom, `${readdirSync(ici).join(', ')} — ${xlsx.stderr}`).toBeDefined();
      expect(xlsx.stderr).toContain(join(ici, nom!));
      const sous = join(ici, 'sous');
      mkdirSync(sous);
      const csv = await offre(['export', 'csv', '--out', 'offre.csv'], sous);
      expect(csv.code, csv.stderr).toBe(0);
      expect(statSync(join(sous, 'offre.csv')).size).toBeGreaterThan(0);
      expect(existsSync(join(ROOT, 'offre.csv'))).toBe(false);
      rmSync(ici, { recursive: true, force: true });
    });

    // Session of 01/12 afternoon (a458b07): a hosted export ended the server's own stdout once its
    // caller went away (`| head`); the next hosted export then never finished, nor did SIGTERM
    // (the server waits for the command in progress). The export is larger than a pipe's buffer,
    // so that head quits before it is written whole.
    it('`offre export lheo --all | head -c 3` through the server: the next hosted export answers, SIGTERM stops the server', async () => {
      const demo = await cli(['demo', '--formations', String(FORMATIONS_DEMO), '--json']);
      expect(demo.code, demo.stderr).toBe(0);
      const tube = await enTube(`"${process.execPath}" "${BIN}" export lheo --all | head -c 3`);
      expect(tube.stdout).toBe('<?x');
      // The next export writes to its caller's stdout too: with the server's stdout ended, it hung.
      const apres = await avant(offre(['export', 'lheo', '--all']), 'l’export suivant');
      expect(apres.code, apres.stderr).toBe(0);
      expect(apres.stdout.match(/<formation /g)?.length).toBe(FORMATIONS_DEMO);
      expect(apres.stdout.trimEnd()).toMatch(/<\/lheo>$/);
    });

    // Fresh user of 05/12 (after the demo above: with formations to write): `export xlsx --out` into a folder that does not exist hung without a
    // word (its file's open error went nowhere), and every later hosted command waited behind it
    // forever; csv and lheo said « Erreur interne : ENOENT … » in English.
    it('an output file that cannot be written: a French error naming it, and the next hosted commands still answer', async () => {
      const absent = join(tmpdir(), 'offre-socket-absent', 'sous-dossier');
      for (const format of ['xlsx', 'csv', 'lheo']) {
        const cible = join(absent, `x.${format}`);
        const r = await avant(
          offre(
            ['export', format, '--all', '--out', cible].filter((a) => format === 'lheo' || a !== '--all'),
          ),
          `export ${format} vers un dossier absent`,
        );
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain(
          `Erreur : Impossible d’écrire le fichier « ${cible} » : le dossier « ${absent} » n’existe pas (créez-le d’abord`,
        );
        expect(r.stderr).toContain('[SORTIE_IMPOSSIBLE]');
        expect(r.stderr).not.toContain('ENOENT');
      }
      // A folder given where a file is expected.
      const dossier = mkdtempSync(join(tmpdir(), 'offre-socket-dossier-'));
      const r = await avant(offre(['export', 'xlsx', '--out', dossier]), 'export xlsx vers un dossier');
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`« ${dossier} » est un dossier`);
      expect(readdirSync(dossier)).toEqual([]);
      rmSync(dossier, { recursive: true, force: true });
      // A write error once writing has begun (the disk full): the workbook's writer waited forever.
      const plein = await avant(
        offre(['export', 'xlsx', '--out', '/dev/full']),
        'export xlsx vers un disque plein',
      );
      expect(plein.code, plein.stderr).toBe(1);
      expect(plein.stderr).toContain(
        'Erreur : Impossible d’écrire le fichier « /dev/full » : plus de place sur le disque. [SORTIE_IMPOSSIBLE]',
      );
      const audit = await avant(cli(['audit', 'list', '--limit', '1']), 'la commande hébergée suivante');
      expect(audit.code, audit.stderr).toBe(0);
    });

    // A command that never ends (here: it waits for a reader of its output file) held every later
    // hosted command back for good. Its caller's Ctrl-C now cancels it and lets the next one run.
    it('a hosted command stuck while others wait: its caller’s Ctrl-C cancels it and the next one runs', async () => {
      const fifo = tubeNomme();
      const bloquee = lancer(['export', 'csv', '--out', fifo]);
      const suivante = await derriere();
      bloquee.child.kill('SIGINT');
      const r = await avant(suivante.fin, 'la commande suivante, après le Ctrl-C de la bloquée');
      expect(r.code, r.stderr).toBe(0);
      // Its caller says so, in French, and ends as Ctrl-C ends a program (user pass of 05/12:
      // status 130 without a word); the server rolled its writes back, and an export writes none.
      const interrompue = await avant(bloquee.fin, 'la commande interrompue');
      expect(interrompue.stderr).toContain('Commande interrompue (Ctrl-C) : rien n’a été enregistré.');
      expect(interrompue.code).toBeNull();
      liberer(fifo);
      rmSync(join(fifo, '..'), { recursive: true, force: true });
    });

    it('SIGTERM stops the server within a bounded time with a command stuck and another waiting; their callers are told', async () => {
      const fifo = tubeNomme();
      const bloquee = lancer(['export', 'csv', '--out', fifo]);
      const suivante = await derriere();
      const fin = new Promise((r) => serveur.child.once('exit', r));
      serveur.child.kill('SIGTERM');
      await avant(fin, 'l’arrêt du serveur sur SIGTERM');
      for (const client of [bloquee, suivante]) {
        const r = await avant(client.fin, 'un appelant du serveur arrêté');
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('Commande interrompue : le serveur « offre serve » s’arrête.');
        expect(r.stderr).toContain('[COMMANDE_INTERROMPUE]');
      }
      // Said in the server's log, from the request to stop to its end (user pass of 05/12: nothing).
      const messages = serveur
        .journal()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { msg?: string }).msg);
      expect(messages).toContain('Arrêt demandé (SIGTERM)…');
      expect(messages.at(-1)).toBe('Serveur arrêté');
      rmSync(join(fifo, '..'), { recursive: true, force: true });
    });

    it('once the server has stopped, the socket is gone and commands open the folder themselves', async () => {
      expect(serveur.child.exitCode).not.toBeNull();
      expect(existsSync(join(dir, SOCKET_NAME))).toBe(false);
      const r = await cli(['apikey', 'list', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('via le serveur');
    });
  },
);
