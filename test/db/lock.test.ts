import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { LOCK_NAME, lockDataDir } from '../../src/db/lock.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';

// The data-folder lock of the embedded database (issue 15 item 12): real processes, real
// folders. A contender (lock.contender.ts) is a child process that takes the lock on order.

type Reply = { ok: boolean; code?: string; message?: string; notices: string[]; pid: number };

class Contender {
  readonly child: ChildProcess;
  readonly ready: Promise<number>;
  constructor() {
    this.child = fork(new URL('./lock.contender.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve) => this.child.once('message', (m: { pid: number }) => resolve(m.pid)));
  }
  private ask<T>(order: object): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (m: T) => resolve(m));
      this.child.send(order);
    });
  }
  lock(dir: string, at = Date.now()) {
    return this.ask<Reply>({ op: 'lock', dir, at });
  }
  release() {
    return this.ask<{ ok: boolean }>({ op: 'release' });
  }
}

const folder = () => mkdtempSync(join(tmpdir(), 'offre-lock-'));
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const bootId = () => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
};

/** A lock left in `dir` by someone else: the current format (a directory holding its owner). */
function leaveLock(dir: string, owner: Record<string, unknown>, ageSeconds = 0) {
  const path = join(dir, LOCK_NAME);
  mkdirSync(path);
  writeFileSync(join(path, 'ancien-proprietaire.json'), JSON.stringify(owner));
  const t = Date.now() / 1000 - ageSeconds;
  utimesSync(path, t, t);
}
/** A lock file of Offre 0.1 (its pid only). */
function leaveOldLockFile(dir: string, pid: number, ageSeconds = 0) {
  const path = join(dir, LOCK_NAME);
  writeFileSync(path, String(pid));
  const t = Date.now() / 1000 - ageSeconds;
  utimesSync(path, t, t);
}

// The embedded engine only, once (PostgreSQL has no data folder).
describe.skipIf(TEST_ENGINE !== 'pglite')('embedded database folder lock', () => {
  const contenders: Contender[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) contenders.push(new Contender());
    await Promise.all(contenders.map((c) => c.ready));
  }, 60_000);
  afterAll(() => {
    for (const c of contenders) c.child.kill('SIGKILL');
  });

  it('refuses a second opening of the same folder with a French message, and frees it on close', async () => {
    const dir = await seedDataDir(folder());
    try {
      const first = await openDatabase({ dataDir: dir });
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/déjà ouverte par ce processus/);
      await first.close();
      expect(readdirSync(dir)).not.toContain(LOCK_NAME);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder that another live process holds, naming that process', async () => {
    const dir = folder();
    try {
      const [a, b] = contenders as [Contender, Contender];
      expect((await a.lock(dir)).ok).toBe(true);
      const refused = await b.lock(dir);
      expect(refused).toMatchObject({ ok: false, code: 'BASE_VERROUILLEE' });
      expect(refused.message).toContain(`déjà ouverte par un autre processus (pid ${a.child.pid}`);
      await a.release();
      expect((await b.lock(dir)).ok).toBe(true);
      await b.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('processes starting together on a stale lock: exactly one of them takes it, every time', async () => {
    for (let trial = 0; trial < 12; trial++) {
      const dir = folder();
      try {
        if (trial % 2) leaveOldLockFile(dir, deadPid());
        else leaveLock(dir, { pid: deadPid(), hostname: hostname(), boot: bootId(), start: '1' });
        const at = Date.now() + 300;
        const replies = await Promise.all(contenders.map((c) => c.lock(dir, at)));
        const winners = replies.filter((r) => r.ok);
        expect(winners, `essai ${trial}`).toHaveLength(1);
        for (const r of replies.filter((x) => !x.ok)) expect(r.code).toBe('BASE_VERROUILLEE');
        await Promise.all(contenders.map((c) => c.release()));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 120_000);

  it('clears at once, with a message, the lock of a process that was killed', async () => {
    const dir = folder();
    const victim = new Contender();
    try {
      const pid = await victim.ready;
      expect((await victim.lock(dir)).ok).toBe(true);
      victim.child.kill('SIGKILL');
      await new Promise((r) => victim.child.once('exit', r));
      expect(readdirSync(dir)).toContain(LOCK_NAME); // a killed process cannot clean up
      const started = Date.now();
      const taken = await contenders[0]!.lock(dir);
      expect(taken.ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000); // not after the 30 s heartbeat timeout
      expect(taken.notices.join('\n')).toMatch(
        new RegExp(`Verrou périmé du dossier .* laissé par le processus ${pid} \\(processus arrêté\\)`),
      );
      await contenders[0]!.release();
    } finally {
      victim.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not block when the pid of a stale lock now belongs to another live process', async () => {
    // The pid is this test process (alive), but the lock was not taken by it: another start time,
    // as after the restart of a container where node is pid 1 again.
    const dir = folder();
    try {
      leaveLock(dir, { pid: process.pid, hostname: hostname(), boot: bootId(), start: '1' });
      const notices: string[] = [];
      const release = await lockDataDir(dir, { onNotice: (m) => notices.push(m) });
      await release();
      expect(notices.join('\n')).toMatch(/numéro repris par un autre processus/);
      // An old-style lock file names only a pid, alive here: its age decides.
      leaveOldLockFile(dir, process.pid, 3600);
      const again = await lockDataDir(dir, { onNotice: (m) => notices.push(m) });
      await again();
      expect(notices.at(-1)).toMatch(/aucun signe de vie depuis 3600 s/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('judges a lock taken from another machine by its heartbeat', async () => {
    const dir = folder();
    try {
      leaveLock(dir, { pid: 4242, hostname: 'autre-machine', boot: null, start: null });
      await expect(lockDataDir(dir, { onNotice: () => {} })).rejects.toThrow(/pid 4242 sur autre-machine/);
      utimesSync(join(dir, LOCK_NAME), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      const notices: string[] = [];
      const release = await lockDataDir(dir, { onNotice: (m) => notices.push(m) });
      await release();
      expect(notices.join('\n')).toMatch(/aucun signe de vie depuis 60 s/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
