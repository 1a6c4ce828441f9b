import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

// Measurement only, loaded when OFFRE_TEST_CPU names a file (vitest.config.ts): appends one line
// per test file — project's engine, file, CPU seconds of the worker and all its descendants
// (Chromium, `offre` children; user + system, waited-for children included), of the worker alone,
// wall seconds — read from /proc at the file's start and end. `/usr/bin/time` misses Chromium
// (killed, never waited for, at the worker's exit) and gives no per-file split (docs/mesures.md).
// Not counted: the PostgreSQL server. Linux only.

const TICKS = 100; // USER_HZ

/** utime, stime, cutime, cstime of `pid` in ticks, or null when it is gone. */
function temps(pid: number): number[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return [Number(f[11]), Number(f[12]), Number(f[13]), Number(f[14])];
  } catch {
    return null;
  }
}

function enfants(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        const c = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
        if (c) out.push(...c.split(' ').map(Number));
      } catch {}
    }
  } catch {}
  return out;
}

/** Ticks of `pid` and of its live descendants (their waited-for children included). */
function arbre(pid: number): number {
  const t = temps(pid);
  if (!t) return 0;
  return t.reduce((a, b) => a + b, 0) + enfants(pid).reduce((a, c) => a + arbre(c), 0);
}

const soi = () => {
  const t = temps(process.pid);
  return t ? t[0]! + t[1]! : 0;
};

let debut = { arbre: 0, soi: 0, mural: 0 };
beforeAll(() => {
  debut = { arbre: arbre(process.pid), soi: soi(), mural: Date.now() };
});
// biome-ignore lint/correctness/noEmptyPattern: vitest reads the hook's first parameter as a fixture pattern
afterAll(({}, fichier) => {
  const chemin = relative(process.cwd(), (fichier as { filepath?: string }).filepath ?? fichier.name);
  const ligne = [
    process.env.OFFRE_TEST_ENGINE ?? 'unit',
    chemin,
    ((arbre(process.pid) - debut.arbre) / TICKS).toFixed(2),
    ((soi() - debut.soi) / TICKS).toFixed(2),
    ((Date.now() - debut.mural) / 1000).toFixed(1),
  ];
  appendFileSync(process.env.OFFRE_TEST_CPU!, `${ligne.join('\t')}\n`);
});
