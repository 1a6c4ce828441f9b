import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getCampagne } from '../src/db/campagne.repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { selectFormationRows } from '../src/db/formation.repository.ts';
import { canWrite } from '../src/domain/acces.ts';
import { SYSTEME } from '../src/domain/acteur.ts';
import { campagneDefaults } from '../src/domain/campagne.ts';
import type { analyzeClasseur } from '../src/formats/classeur/classeur.analyzer.ts';
import { readClasseur } from '../src/formats/classeur/classeur.reader.ts';
import { readReference } from '../src/formats/classeur/classeur.rows.ts';
import { vuesFormations } from '../src/services/formation.view.ts';

// The analysis of a returned campaign workbook alone (analyzeClasseur: no reading, no database,
// no write), this tree's against RACINE's, alternated RUNS times in this process on the same rows
// and formations: CPU of each (process.cpuUsage). The workbook is read once (FICHIER) and the
// formations its references name are loaded once from BASE, both as
// scripts/profil-classeur-applique.ts prepare leaves them; the two analyses must report the same.
// Run: RACINE=/work/main FICHIER=/tmp/hcv3-classeur-3500.xlsx \
//      BASE=postgres://postgres@127.0.0.1:5432/hcv3_seed_3500 node bin/run-ts.js scripts/mesure-classeur-analyse.ts

type Analyse = typeof analyzeClasseur;
const runs = Number(process.env.RUNS ?? 10);
const racine = resolve(process.env.RACINE ?? '/work/main');
const fichier = readFileSync(process.env.FICHIER ?? '/tmp/hcv3-classeur-3500.xlsx');
const { analyzeClasseur: avant } = (await import(
  pathToFileURL(`${racine}/src/formats/classeur/classeur.analyzer.ts`).href
)) as { analyzeClasseur: Analyse };
const { analyzeClasseur: apres } = await import('../src/formats/classeur/classeur.analyzer.ts');

const acteur = SYSTEME('mesure');
const lu = await readClasseur(fichier, 'classeur.xlsx');
const d = await openDatabase({
  url: process.env.BASE ?? 'postgres://postgres@127.0.0.1:5432/hcv3_seed_3500',
  poolSize: 2,
});
let ctx: Parameters<Analyse>[1];
try {
  const ids = new Set<string>();
  for (const l of lu.lignes) if (l.valeurs.reference) ids.add(readReference(l.valeurs.reference).formationId);
  const rows = await selectFormationRows(d.db, [...ids]);
  const formations = new Map();
  for (let i = 0; i < rows.length; i += 500)
    for (const vue of await vuesFormations(d.db, acteur, rows.slice(i, i + 500))) formations.set(vue.id, vue);
  const campagne = (await getCampagne(d.db, lu.annee)) ?? campagneDefaults(lu.annee);
  ctx = {
    annee: lu.annee,
    fenetre: { debut: campagne.fenetre_debut, fin: campagne.fenetre_fin },
    formations,
    parCle: new Map(),
    canWrite: (s) => canWrite(acteur, s),
    versions: lu.versions,
  };
} finally {
  await d.close();
}

const cpu: Record<'avant' | 'apres', number[]> = { avant: [], apres: [] };
const rapports: Record<'avant' | 'apres', string> = { avant: '', apres: '' };
for (let i = 0; i < runs; i++)
  for (const [cote, analyser] of [
    ['avant', avant],
    ['apres', apres],
  ] as const) {
    const c0 = process.cpuUsage();
    const a = analyser(lu.lignes, ctx);
    const c = process.cpuUsage(c0);
    cpu[cote].push((c.user + c.system) / 1000);
    if (i === 0) rapports[cote] = JSON.stringify([a.lignes, [...a.cibles]]);
  }
if (rapports.avant !== rapports.apres) throw new Error('les deux analyses ne disent pas la même chose');
const moyenne = (x: number[]) => x.slice(2).reduce((s, v) => s + v, 0) / (x.length - 2);
for (const cote of ['avant', 'apres'] as const)
  console.log(
    `${cote} (${cote === 'avant' ? racine : 'cet arbre'}) : ${cpu[cote].map((x) => x.toFixed(0)).join(' ')} ms de CPU ; moyenne sans les 2 premiers ${moyenne(cpu[cote]).toFixed(0)} ms`,
  );
console.log(`${lu.lignes.length} lignes, rapports identiques`);
