import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// When the import's preload can start: the returned campaign workbook read in the reader's worker
// (readClasseurIsole, warmed first as `offre serve` does), RUNS times, printing for each read the
// time of the first batch of references told (the import opens its transaction and starts loading
// the formations they name on it), its size, and the end of the read (ms since the call).
// RACINE names the source tree measured, so that two trees run side by side on the same file.
// Run: FICHIER=/tmp/hc9/classeur.xlsx RACINE=/work/main node bin/run-ts.js scripts/mesure-classeur-premier-lot.ts

const racine = resolve(process.env.RACINE ?? '.');
const runs = Number(process.env.RUNS ?? 5);
const fichier = readFileSync(process.env.FICHIER ?? '/tmp/hc9/classeur.xlsx');
const m = (await import(pathToFileURL(`${racine}/src/formats/classeur/classeur.isolated.ts`).href)) as {
  readClasseurIsole: (
    f: Buffer,
    nom: string,
    limites: undefined,
    sur: (r: string[]) => void,
  ) => Promise<{ lignes: readonly unknown[] }>;
  prechaufferLecteurClasseur: () => Promise<void>;
};
const { fermerIsoles } = (await import(pathToFileURL(`${racine}/src/formats/isolation.ts`).href)) as {
  fermerIsoles: () => Promise<void>;
};
await m.prechaufferLecteurClasseur();
const passages: string[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  let premier = 0;
  let taille = 0;
  const lu = await m.readClasseurIsole(fichier, 'classeur.xlsx', undefined, (refs) => {
    if (premier) return;
    premier = performance.now() - t0;
    taille = refs.length;
  });
  passages.push(
    `premier lot ${premier.toFixed(0)} ms (${taille} réf.), fin ${(performance.now() - t0).toFixed(0)} ms (${lu.lignes.length} lignes)`,
  );
}
console.log(`${racine} : ${passages.join(' ; ')}`);
await fermerIsoles();
