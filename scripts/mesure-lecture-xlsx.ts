import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { FEUILLE_CONVENTIONS, FEUILLE_OFFRE } from '../src/formats/classeur/classeur.columns.ts';
import type { Valeurs } from '../src/formats/classeur/classeur.rows.ts';
import { FEUILLE_VERSIONS } from '../src/formats/classeur/classeur.versions.ts';
import { writeClasseur } from '../src/formats/classeur/classeur.writer.ts';
import { readXlsxHeads } from '../src/referentiels/xlsx.reader.ts';

// Whether the xlsx reader of the reference imports loses parts under load (docs/mesures.md,
// « Lecture des classeurs .xlsx des référentiels »): writes a campaign workbook as Offre does
// (3 sheets, xl/workbook.xml last), reads its sheet names N times, prints the wrong reads. The
// old reader failed only with several processes competing for the cores, so run three or four
// at once:
//   for i in 1 2 3 4; do node bin/run-ts.js scripts/mesure-lecture-xlsx.ts 1500 & done; wait

const N = Number(process.argv[2] ?? 1500);
const dir = mkdtempSync(join(tmpdir(), 'offre-lecture-xlsx-'));
const fichier = join(dir, 'classeur.xlsx');
const lignes = Array.from(
  { length: 40 },
  (_, k) =>
    ({ reference: `R${k}`, intitule: `Formation ${k}`, siretResponsable: '57991286600038' }) as Valeurs,
);
const out = createWriteStream(fichier);
await writeClasseur(
  out,
  {
    annee: 2027,
    libelleCampagne: 'Campagne 2027',
    siret: '57991286600038',
    raisonSociale: 'Organisme',
    genereLe: new Date(),
  },
  lignes,
);
await finished(out);
const attendu = [FEUILLE_OFFRE, FEUILLE_CONVENTIONS, FEUILLE_VERSIONS].join(',');
let fausses = 0;
for (let i = 0; i < N; i++) {
  const lu = (await readXlsxHeads(fichier, 1)).map((h) => h.nom).join(',');
  if (lu !== attendu) {
    fausses++;
    console.log(`lecture ${i} : ${lu} (attendu ${attendu})`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${fausses} lecture(s) fausse(s) sur ${N} (feuilles attendues : ${attendu})`);
