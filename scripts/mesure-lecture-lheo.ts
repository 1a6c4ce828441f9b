import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { MEMOIRE_FIL, readLheoEnFil } from '../src/formats/lheo/lheo.fil.ts';
import { readLheo } from '../src/formats/lheo/lheo.reader.ts';

// The LHEO read alone, no database (docs/mesures.md, « Lecture LHEO : moins de CPU par formation »):
// reads a file as `offre import lheo` does (in the worker thread, `fil`) or in this thread
// (`principal`, for `node --cpu-prof`), and prints one JSON line: records, refused ones, wall time
// and the process's CPU (every thread). With `--empreinte`, a SHA-256 of every record and of the
// error, in order: two versions of the reader that print the same one give the same records.
//   node bin/run-ts.js scripts/mesure-lecture-lheo.ts fichier.xml [fil|principal] [--empreinte]

const [fichier, mode = 'fil', ...options] = process.argv.slice(2);
if (!fichier) throw new Error('usage : mesure-lecture-lheo.ts fichier.xml [fil|principal] [--empreinte]');
const empreinte = options.includes('--empreinte') ? createHash('sha256') : null;
const source = createReadStream(fichier, { highWaterMark: 64 * 1024 });
const lecture =
  mode === 'principal'
    ? readLheo(source, 'f.xml', '2026-12-07')
    : readLheoEnFil(
        source,
        'f.xml',
        '2026-12-07',
        // MESURE_JEUNE_MO: the worker's young generation (MEMOIRE_FIL.jeuneMo otherwise), to compare.
        process.env.MESURE_JEUNE_MO
          ? { memoire: { ...MEMOIRE_FIL, jeuneMo: Number(process.env.MESURE_JEUNE_MO) } }
          : {},
      );
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let enregistrements = 0;
let refuses = 0;
let erreur: string | null = null;
try {
  for await (const r of lecture) {
    enregistrements++;
    if (r.input === null) refuses++;
    empreinte?.update(JSON.stringify(r));
    empreinte?.update('\n');
  }
} catch (e) {
  erreur = e instanceof Error ? `${(e as { code?: string }).code ?? ''} ${e.message}` : String(e);
  empreinte?.update(`erreur ${erreur}`);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    mode,
    enregistrements,
    refuses,
    erreur,
    mur_s: +(ms / 1000).toFixed(2),
    cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    par_s: Math.round(enregistrements / (ms / 1000)),
    us_cpu_par_formation: Math.round((cpu.user + cpu.system) / enregistrements),
    ...(empreinte ? { empreinte: empreinte.digest('hex') } : {}),
  }),
);
