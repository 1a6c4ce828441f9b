import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { OffreError } from '../domain/errors.ts';

// The embedded database folder is for one process only: two processes opening the same PGlite
// folder silently lose data (measured). The lock is proper-lockfile's (an atomic mkdir, kept
// fresh by a heartbeat, released on exit), with two things it lacks:
// - it decides staleness by age alone: the owner recorded in the lock (pid, process start time,
//   boot) says at once whether that process is still there — a lock left by a killed process is
//   cleared immediately, with a message, and one whose pid now belongs to another process (a
//   restarted container where node is pid 1 again) never blocks; age remains the test when the
//   owner ran on another machine;
// - its stale takeover removes the lock by name, so two processes starting together on a stale
//   lock can both take it. Here a lock directory is created already holding its owner file (a
//   prepared directory renamed into place: atomic, and rename never replaces a non-empty
//   directory), and removing a stale lock starts by deleting *that* owner's file: if another
//   process got there first, the deletion fails and nothing else is touched.

export const LOCK_NAME = 'offre.lock';
/** A lock whose heartbeat is older than this is stale when its owner cannot be checked. */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** Linux boot id: a lock from before a reboot is stale. */
  readonly boot: string | null;
  /** Process start time in clock ticks since boot (/proc/<pid>/stat): tells a reused pid apart. */
  readonly start: string | null;
  readonly since: string;
  readonly command: string;
}

export interface LockOptions {
  /** Where notices go (a stale lock cleared): stderr by default. */
  readonly onNotice?: (message: string) => void;
}

const held = new Set<string>();
const readText = (path: string) => {
  try {
    return fs.readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};
const bootId = () => readText('/proc/sys/kernel/random/boot_id');
/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function startTicks(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  return stat ? (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null) : null;
}
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    hostname: hostname(),
    boot: bootId(),
    start: startTicks(process.pid),
    since: new Date().toISOString(),
    command: process.argv.slice(2).join(' ').slice(0, 200),
  };
}

type Verdict = { alive: true } | { alive: false; why: string };

/**
 * Whether the process recorded in a lock still runs; `ageMs` is the age of its heartbeat. On the
 * same machine the pid and its start time answer for sure (a pid alive with another start time
 * has been reused); elsewhere, or without /proc, only the heartbeat can tell.
 */
export function ownerVerdict(owner: Partial<LockOwner> | null, ageMs: number): Verdict {
  if (owner?.hostname === hostname() && owner.boot && bootId() && owner.boot !== bootId())
    return { alive: false, why: 'machine redémarrée depuis' };
  if (owner?.pid && owner.hostname === hostname()) {
    if (!pidAlive(owner.pid)) return { alive: false, why: 'processus arrêté' };
    const start = owner.start ? startTicks(owner.pid) : null;
    if (start)
      return start === owner.start
        ? { alive: true }
        : { alive: false, why: 'numéro repris par un autre processus' };
  }
  return ageMs > STALE_MS
    ? { alive: false, why: `aucun signe de vie depuis ${Math.round(ageMs / 1000)} s` }
    : { alive: true };
}

interface Instance {
  readonly marker: string;
  readonly owner: Partial<LockOwner> | null;
  readonly ageMs: number;
}

/** The lock present at `path`: its owner file and heartbeat age; null when there is none. */
function inspect(path: string): Instance | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return null;
  }
  const ageMs = Date.now() - stat.mtimeMs;
  if (!stat.isDirectory()) {
    // A lock file of Offre ≤ 0.1 (pid only): same rules, removed by unlinking it.
    const pid = Number(readText(path));
    return { marker: '', owner: pid ? { pid, hostname: hostname(), boot: bootId() } : null, ageMs };
  }
  let marker: string;
  try {
    marker = fs.readdirSync(path).find((f) => f.endsWith('.json')) ?? '';
  } catch (e) {
    // Removed (or replaced by a file) between the stat and the read: another process cleared it.
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return null;
    throw e;
  }
  let owner: Partial<LockOwner> | null = null;
  try {
    owner = marker ? JSON.parse(fs.readFileSync(join(path, marker), 'utf8')) : null;
  } catch {
    owner = null;
  }
  return { marker, owner, ageMs };
}

/**
 * Removes exactly the stale lock `seen` (never one created since): deleting its owner file is the
 * step only one process can do. False when the lock changed meanwhile.
 */
function removeStale(path: string, seen: Instance): boolean {
  try {
    if (!seen.marker) {
      if (fs.statSync(path).isDirectory()) return false; // replaced by a current lock meanwhile
      fs.unlinkSync(path);
      return true;
    }
    fs.unlinkSync(join(path, seen.marker));
    fs.rmdirSync(path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (['ENOENT', 'ENOTEMPTY', 'EEXIST', 'EISDIR', 'EPERM', 'ENOTDIR'].includes(code ?? '')) return false;
    throw e;
  }
}

/**
 * proper-lockfile's file system, with its two lock-directory operations made instance-safe:
 * mkdir puts a complete directory (owner file inside) in place with one rename; rmdir releases
 * our own lock, or removes a stale one only after checking its owner.
 */
function lockFs(path: string, marker: string, owner: LockOwner) {
  const mkdir = (p: string, cb: (e: NodeJS.ErrnoException | null) => void) => {
    if (p !== path) return fs.mkdir(p, cb);
    const tmp = `${path}.${marker}.tmp`;
    try {
      fs.mkdirSync(tmp);
      fs.writeFileSync(join(tmp, marker), JSON.stringify(owner));
      fs.renameSync(tmp, path);
      cb(null);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      cb(
        code === 'ENOTEMPTY' || code === 'ENOTDIR'
          ? Object.assign(e as Error, { code: 'EEXIST' })
          : (e as Error),
      );
    }
  };
  const rmdirSync = (p: string) => {
    if (p !== path) return fs.rmdirSync(p);
    if (fs.existsSync(join(path, marker))) {
      fs.unlinkSync(join(path, marker));
      fs.rmdirSync(path);
      return;
    }
    const seen = inspect(path);
    if (!seen) return;
    if (ownerVerdict(seen.owner, seen.ageMs).alive || !removeStale(path, seen))
      throw Object.assign(new Error('lock held'), { code: 'ELOCKED' });
  };
  const rmdir = (p: string, cb: (e: NodeJS.ErrnoException | null) => void) => {
    try {
      rmdirSync(p);
      cb(null);
    } catch (e) {
      cb(e as NodeJS.ErrnoException);
    }
  };
  return { ...fs, mkdir, rmdir, rmdirSync };
}

const heldMessage = (dir: string, owner: Partial<LockOwner> | null) =>
  `La base embarquée du dossier « ${dir} » est déjà ouverte par un autre processus` +
  `${owner?.pid ? ` (pid ${owner.pid}${owner.hostname && owner.hostname !== hostname() ? ` sur ${owner.hostname}` : ''}${owner.command ? ` : offre ${owner.command}` : ''})` : ''}, ` +
  'par exemple le serveur « offre serve ». Arrêtez-le avant de lancer cette commande, ' +
  'ou utilisez PostgreSQL (variable DATABASE_URL) pour travailler à plusieurs processus.';

/**
 * The live process holding the lock of embedded database folder `dir` (its owner as recorded,
 * possibly without a pid for a lock of another machine); null when none holds it or its holder is
 * gone. Reads only: never clears a stale lock.
 */
export function detenteurVivant(dir: string): Partial<LockOwner> | null {
  const seen = inspect(join(dir, LOCK_NAME));
  return seen && ownerVerdict(seen.owner, seen.ageMs).alive ? (seen.owner ?? {}) : null;
}

/**
 * Takes the exclusive lock of an embedded database folder (`<dir>/offre.lock`); resolves to its
 * (async) release function. Throws BASE_VERROUILLEE (French message naming the holder) when a live
 * process holds it; clears a stale one, saying so through `onNotice`.
 */
export async function lockDataDir(dir: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  fs.mkdirSync(dir, { recursive: true });
  const path = join(fs.realpathSync(dir), LOCK_NAME);
  if (held.has(path))
    throw new OffreError(
      'BASE_VERROUILLEE',
      `La base embarquée « ${dir} » est déjà ouverte par ce processus.`,
    );
  const notice = opts.onNotice ?? ((m: string) => process.stderr.write(`${m}\n`));
  const marker = `${randomUUID()}.json`;
  const owner = currentOwner();
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = inspect(path);
    if (seen) {
      const verdict = ownerVerdict(seen.owner, seen.ageMs);
      if (verdict.alive) throw new OffreError('BASE_VERROUILLEE', heldMessage(dir, seen.owner));
      if (!removeStale(path, seen)) continue; // someone else cleared or took it: look again
      notice(
        `Verrou périmé du dossier « ${dir} » supprimé : il avait été laissé par le processus ` +
          `${seen.owner?.pid ?? '?'} (${verdict.why})${seen.owner?.since ? `, ouvert le ${seen.owner.since}` : ''}.`,
      );
    }
    try {
      const release = await lockfile.lock(dir, {
        lockfilePath: path,
        stale: STALE_MS,
        update: UPDATE_MS,
        realpath: false,
        fs: lockFs(path, marker, owner) as never,
        onCompromised: (e) => {
          process.stderr.write(
            `Erreur : le verrou du dossier « ${dir} » a été perdu (${e.message}) ; arrêt pour ne rien perdre.\n`,
          );
          process.exit(1);
        },
      });
      held.add(path);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        held.delete(path);
        await release().catch(() => {});
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    }
  }
  throw new OffreError('BASE_VERROUILLEE', heldMessage(dir, inspect(path)?.owner ?? null));
}
