import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The returned campaign workbook read alone, in this process (no worker, no database), RUNS times:
// CPU (process.cpuUsage) and wall time of each readClasseur, RSS at the end. RACINE names the
// source tree whose reader is measured, so that two trees run side by side on the same file
// (docs/mesures.md « Classeur appliqué : lecture en flux »). The file: FICHIER, e.g. the one
// scripts/profil-classeur-applique.ts prepare writes.
// Run: FICHIER=/tmp/hcs-classeur-3500.xlsx RACINE=/work/main node bin/run-ts.js scripts/mesure-classeur-lecture.ts

const racine = resolve(process.env.RACINE ?? '.');
const runs = Number(process.env.RUNS ?? 5);
const fichier = readFileSync(process.env.FICHIER ?? '/tmp/hcs-classeur-3500.xlsx');
const { readClasseur } = (await import(
  pathToFileURL(`${racine}/src/formats/classeur/classeur.reader.ts`).href
)) as { readClasseur: (b: Buffer, nom: string) => Promise<{ lignes: readonly unknown[] }> };
const passages: string[] = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const lu = await readClasseur(fichier, 'classeur.xlsx');
  const c = process.cpuUsage(c0);
  passages.push(
    `${((c.user + c.system) / 1000).toFixed(0)} ms CPU / ${(performance.now() - t0).toFixed(0)} ms (${lu.lignes.length} lignes)`,
  );
}
console.log(`${racine} : ${passages.join(' ; ')} ; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} Mo`);
