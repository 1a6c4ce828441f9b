import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoteEcoute, messageEcoute } from '../../src/cli/commands/serve.command.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { BIN, ROOT } from './serveur.helper.ts';

// Fresh user (05/12, L8): `npm start` (demo data, embedded database) listened on every interface
// (« Server listening at http://192.0.2.2:3100 ») while the README says http://localhost:3000.
// On the embedded database it now listens on 127.0.0.1; --host / OFFRE_HOST choose another
// address (0.0.0.0 in a container); on PostgreSQL, the production engine, every interface as before.

/** An IPv4 address of this machine other than the loopback, if it has one. */
const autreAdresse = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

/** Whether a TCP connection to `host:port` is accepted. */
const joignable = (host: string, port: number) =>
  new Promise<boolean>((ok) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });

/** `offre serve --port 0 …args` on `dir`: its port and its line, once it listens; then stopped. */
async function ecoute(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let erreurs = '';
  const ligne = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      erreurs += d.toString();
      const m = /^Offre écoute sur http:\/\/localhost:(\d+) .*$/m.exec(erreurs);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${erreurs}`)));
  });
  const port = Number(ligne[1]);
  return {
    port,
    ligne: ligne[0],
    local: await joignable('127.0.0.1', port),
    autre: autreAdresse ? await joignable(autreAdresse, port) : null,
    arreter: async () => {
      const fin = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await fin;
    },
  };
}

describe('the address offre serve listens on', () => {
  it('defaults to 127.0.0.1 on the embedded database, every interface on PostgreSQL; --host/OFFRE_HOST win', () => {
    expect(hoteEcoute(undefined, 'pglite')).toBe('127.0.0.1');
    expect(hoteEcoute(undefined, 'postgres')).toBe('0.0.0.0');
    expect(hoteEcoute('0.0.0.0', 'pglite')).toBe('0.0.0.0');
    expect(hoteEcoute('127.0.0.1', 'postgres')).toBe('127.0.0.1');
    expect(messageEcoute('127.0.0.1', 3000, 'pglite')).toBe(
      'Offre écoute sur http://localhost:3000 (depuis cette machine seulement ; --host 0.0.0.0 ou OFFRE_HOST=0.0.0.0 pour les autres ; base : pglite).',
    );
    expect(messageEcoute('0.0.0.0', 3000, 'postgres')).toBe(
      'Offre écoute sur http://localhost:3000 (sur toutes les interfaces réseau ; --host 127.0.0.1 ou OFFRE_HOST=127.0.0.1 pour cette machine seulement ; base : postgres).',
    );
  });
});

describe.skipIf(TEST_ENGINE !== 'pglite')('offre serve on the embedded database (real processes)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await testDataDir('offre-hote-', { demarre: true });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('listens on 127.0.0.1 only by default, and says so', async () => {
    const s = await ecoute(dir, []);
    try {
      expect(s.ligne).toContain('depuis cette machine seulement');
      expect(s.local).toBe(true);
      if (autreAdresse) expect(s.autre).toBe(false);
    } finally {
      await s.arreter();
    }
  }, 120_000);

  it.each([
    ['--host 0.0.0.0', ['--host', '0.0.0.0'], {}],
    ['OFFRE_HOST=0.0.0.0', [], { OFFRE_HOST: '0.0.0.0' }],
  ])(
    'listens on every interface with %s',
    async (_, args, env) => {
      const s = await ecoute(dir, args, env);
      try {
        expect(s.ligne).toContain('sur toutes les interfaces réseau');
        expect(s.local).toBe(true);
        if (autreAdresse) expect(s.autre).toBe(true);
      } finally {
        await s.arreter();
      }
    },
    120_000,
  );
});
