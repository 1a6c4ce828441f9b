import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalJson } from '../../src/cli/commands/serve.command.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { avant, BIN, ROOT } from './serveur.helper.ts';

// Fresh user (06/12): `npm start` on a terminal printed fastify's English « Server listening at
// http://127.0.0.1:3111 » as a JSON line, then one JSON line per request. On a terminal only the
// French lines now; the JSON request log (docs/exploitation.md, what operators collect) when
// standard output is not a terminal, or with OFFRE_JOURNAL=json; never with OFFRE_JOURNAL=non.

describe('when offre serve writes its JSON log', () => {
  it('follows OFFRE_JOURNAL, else writes it unless standard output is a terminal', () => {
    expect(journalJson(undefined, true)).toBe(false);
    expect(journalJson(undefined, false)).toBe(true);
    expect(journalJson('json', true)).toBe(true);
    expect(journalJson('non', false)).toBe(false);
  });
});

/**
 * `offre serve --port 0` on `dir`, its standard output a pipe or (`terminal`) a pseudo-terminal
 * (util-linux `script`, which also brings stderr there); one page asked once listening, then
 * stopped. Returns what it wrote on each.
 */
async function servir(dir: string, terminal: boolean, env: NodeJS.ProcessEnv = {}) {
  const node = [process.execPath, BIN, 'serve', '--port', '0'];
  const child = terminal
    ? spawn('script', ['-qfec', `exec ${node.join(' ')}`, '/dev/null'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(node[0]!, node.slice(1), {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0', ...env },
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
  const fin = new Promise((r) => child.once('close', r));
  const port = await avant(
    new Promise<number>((resolve, reject) => {
      const voir = () => {
        const m = /Offre écoute sur http:\/\/localhost:(\d+) /.exec(terminal ? stdout : stderr);
        if (m) resolve(Number(m[1]));
      };
      child.stdout!.on('data', voir);
      child.stderr!.on('data', voir);
      child.once('close', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${stderr}${stdout}`)));
    }),
    'offre serve écoute',
  );
  expect((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status).toBe(200);
  // Ctrl-C on the terminal (the pseudo-terminal's interrupt character), SIGINT otherwise.
  if (terminal) child.stdin!.write('\x03');
  else child.kill('SIGINT');
  await avant(fin, 'arrêt de offre serve');
  return { stdout, stderr };
}

describe.skipIf(TEST_ENGINE !== 'pglite')('offre serve’s output (real processes)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await testDataDir('offre-journal-', { demarre: true });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on a terminal: the French lines only, no JSON and no « Server listening at »', async () => {
    const { stdout } = await servir(dir, true);
    expect(stdout).toMatch(/Offre écoute sur http:\/\/localhost:\d+ \(depuis cette machine seulement/);
    expect(stdout).toContain('Serveur arrêté');
    expect(stdout).not.toContain('{"level"');
    expect(stdout).not.toContain('Server listening');
  }, 60_000);

  it('standard output redirected: one JSON line per request, the listening line in French', async () => {
    const { stdout } = await servir(dir, false);
    const lignes = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    expect(lignes.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^Offre écoute sur http:\/\/127\.0\.0\.1:\d+$/),
      'requête traitée',
      'Arrêt demandé (SIGINT)…',
      'Serveur arrêté',
    ]);
    expect(lignes[1]!.req?.url).toBe('/robots.txt');
  }, 60_000);

  it('OFFRE_JOURNAL=json writes the JSON log on a terminal too; OFFRE_JOURNAL=non never', async () => {
    const tty = await servir(dir, true, { OFFRE_JOURNAL: 'json' });
    expect(tty.stdout).toContain('"msg":"requête traitée"');
    const redirige = await servir(dir, false, { OFFRE_JOURNAL: 'non' });
    expect(redirige.stdout).toBe('');
    expect(redirige.stderr).toContain('Serveur arrêté');
  }, 90_000);
});
