import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Config, readConfig } from '../../../src/config.ts';
import type { AppContext } from '../../../src/context.ts';
import { buildApp } from '../../../src/http/app.ts';
import { testDatabase, testDataDir } from '../../helpers/db.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServeurLance {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  stop(): Promise<void>;
}

// The `offre serve` children not stopped yet, with their folders: a beforeAll that timed out
// before the server said it listens leaves no handle to the test (stopServes ends them).
const lances = new Map<ChildProcess, string>();

async function arreter(server: ChildProcess, dataDir: string): Promise<void> {
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  lances.delete(server);
  rmSync(dataDir, { recursive: true, force: true });
}

/** Stops every `offre serve` this test file started and did not stop (call it in afterAll). */
export async function stopServes(): Promise<void> {
  await Promise.all([...lances].map(([server, dataDir]) => arreter(server, dataDir)));
}

/**
 * The real command: `offre serve` on a free port with a temporary PGlite folder (removed at
 * stop). `args` are added (e.g. ['--demo-if-empty', '--demo-formations', '120']), `env` too
 * (e.g. { OFFRE_SMTP_URL }). Resolves once the server says it listens.
 */
export async function startServe(
  opts: { args?: string[]; env?: Record<string, string> } = {},
): Promise<ServeurLance> {
  // A folder as a first start leaves it (the `demarree` template: migrated, built-in communes
  // loaded): the child skips initdb (~6 s of CPU) and the communes' first load (3 to 6 s of CPU),
  // which test/cli/premier-demarrage.test.ts tests on a truly empty folder.
  const dataDir = await testDataDir('offre-browser-', { demarre: true });
  const env = { ...process.env, OFFRE_DATA_DIR: dataDir, DATABASE_URL: '', ...opts.env };
  const server: ChildProcess = spawn(
    process.execPath,
    ['bin/offre.js', 'serve', '--port', '0', ...(opts.args ?? [])],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  lances.set(server, dataDir);
  let stderr = '';
  const port = await new Promise<number>((resolve, reject) => {
    server.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Offre écoute sur http:\/\/localhost:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    server.once('exit', (code) => reject(new Error(`le serveur s’est arrêté (code ${code}) : ${stderr}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => arreter(server, dataDir),
  };
}

export interface AppLancee extends ServeurLance {
  /** The application's context: create accounts, read the database. */
  readonly ctx: AppContext;
}

/**
 * The application in this process on a free loopback port, on a fresh test database (PGlite in
 * memory, or a private PostgreSQL schema): faster than `offre serve`, and the test reaches the
 * database directly. `config` overrides settings (SMTP server, limits); `opts.now` fixes the clock.
 */
export async function startApp(
  config: Partial<Config> = {},
  opts: { now?: () => Date } = {},
): Promise<AppLancee> {
  const database = await testDatabase();
  // Quotas as the test run sets them (vitest.config.ts: out of the way unless a test sets its own).
  const base = readConfig(
    Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OFFRE_QUOTA_'))),
  );
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    now: opts.now ?? (() => new Date()),
    config: { ...base, ...config },
  };
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    ctx,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}
