import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';
import { avant } from './serveur.helper.ts';

// Issue 15 item 8, lever 2: `offre serve --workers N` (node:cluster), N whole servers on one port
// and one PostgreSQL database; refused in French on the embedded database (one process only).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SANS =
  TEST_ENGINE !== 'postgres'
    ? ' (ignoré : plusieurs processus demandent PostgreSQL, la base embarquée est à un seul processus)'
    : '';

// The refusal reads no database: once, on the pglite project (the second engine proves nothing more).
it.skipIf(TEST_ENGINE === 'postgres')('refuses --workers 2 on the embedded database, in French', async () => {
  const r = await runCli(['serve', '--workers', '2', '--port', '0'], { DATABASE_URL: '' });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--workers 2 demande PostgreSQL (DATABASE_URL)');
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

describe.skipIf(!!SANS)(`offre serve --workers 2 on PostgreSQL${SANS}`, () => {
  let database: TestDatabase | undefined;
  let primaire: ChildProcess | undefined;
  afterAll(async () => {
    if (primaire && primaire.exitCode === null) {
      const fin = new Promise((r) => primaire!.once('exit', r));
      primaire.kill('SIGTERM');
      await fin;
    }
    await database?.close();
  });

  it('serves from two worker processes on one port, and stops them all on SIGTERM', async () => {
    database = await testDatabase({ poolSize: 1 });
    const p = spawn(
      process.execPath,
      [join(ROOT, 'bin/offre.js'), 'serve', '--port', '0', '--workers', '2'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url!, OFFRE_FICHIERS_PARTENAIRES: 'non' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    primaire = p;
    /** The log (stdout, one JSON line an entry): the primary's and its workers'. */
    let sortie = '';
    p.stdout!.on('data', (d: Buffer) => {
      sortie += d.toString();
    });
    let journal = '';
    const ports = await new Promise<number[]>((resolve, reject) => {
      p.stderr!.on('data', (d: Buffer) => {
        journal += d.toString();
        const vus = [...journal.matchAll(/Offre écoute sur http:\/\/localhost:(\d+)/g)].map((m) =>
          Number(m[1]),
        );
        if (vus.length === 2) resolve(vus);
      });
      p.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${journal}`)));
    });
    // node:cluster gives every worker the same port, even for --port 0.
    expect(ports[0]).toBe(ports[1]);
    const enfants = execFileSync('ps', ['--ppid', String(p.pid), '-o', 'pid='])
      .toString()
      .trim()
      .split(/\s+/);
    expect(enfants).toHaveLength(2);
    for (const chemin of ['/', '/api/v1/formations?limit=5']) {
      expect((await fetch(`http://127.0.0.1:${ports[0]}${chemin}`)).status).toBe(200);
    }
    const fin = new Promise<number | null>((r) => p.once('close', (code) => r(code)));
    p.kill('SIGTERM');
    expect(await fin).toBe(0);
    for (const pid of enfants) expect(() => process.kill(Number(pid), 0)).toThrow();
    // The stop said as one server says it (user pass of 05/12: nothing with --workers): the
    // request and the end once, by the primary; each worker's end with its pid.
    const lignes = sortie
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; pid?: number })
      .filter((l) => /arrêt/i.test(l.msg ?? ''));
    expect(lignes.map((l) => `${l.pid === p.pid ? 'principal' : 'fils'} ${l.msg}`)).toEqual([
      'principal Arrêt demandé (SIGTERM)…',
      'fils Processus serveur arrêté',
      'fils Processus serveur arrêté',
      'principal Serveur arrêté',
    ]);
    expect(new Set(lignes.slice(1, 3).map((l) => String(l.pid)))).toEqual(new Set(enfants));
  });

  // As `offre serve` alone (serve-journal.test.ts): on a terminal, the primary wrote its stop as
  // JSON lines among the workers' French ones. Now French lines only, each worker's with its pid.
  it('on a terminal: the French lines only, the primary’s too', async () => {
    database ??= await testDatabase({ poolSize: 1 });
    const node = [process.execPath, join(ROOT, 'bin/offre.js'), 'serve', '--port', '0', '--workers', '2'];
    // util-linux `script`: a pseudo-terminal for stdout and stderr, Ctrl-C as on a terminal. It runs
    // the command through $SHELL; `exec` leaves no shell in between (dash, CI's /bin/sh, would die
    // of the Ctrl-C itself: status 130 whatever the server does).
    const p = spawn('script', ['-qfec', `exec ${node.join(' ')}`, '/dev/null'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: database.url!,
        OFFRE_FICHIERS_PARTENAIRES: 'non',
        OFFRE_JOURNAL: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    primaire = p;
    let sortie = '';
    const fin = new Promise<number | null>((r) => p.once('close', (code) => r(code)));
    await avant(
      new Promise<void>((resolve, reject) => {
        p.stdout!.on('data', (d: Buffer) => {
          sortie += d.toString();
          if ((sortie.match(/Offre écoute sur http:\/\/localhost:\d+/g) ?? []).length === 2) resolve();
        });
        p.once('close', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${sortie}`)));
      }),
      'offre serve --workers 2 écoute',
      90_000,
    );
    p.stdin!.write('\x03');
    expect(await avant(fin, 'arrêt de offre serve --workers 2')).toBe(0);
    expect(sortie).not.toContain('{"level"');
    const arrets = sortie.split(/\r?\n/).filter((l) => /arrêt/i.test(l));
    expect(arrets[0]).toMatch(/^(\^C)?Arrêt demandé \(SIGINT\)…$/); // the terminal echoes Ctrl-C
    expect(arrets.filter((l) => /^Processus serveur \d+ arrêté$/.test(l))).toHaveLength(2);
    expect(arrets.at(-1)).toBe('Serveur arrêté');
  }, 180_000);
});
