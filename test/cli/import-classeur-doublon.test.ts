import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// A fresh user's report (HIGH, 07/12/2026): `offre import classeur` applied both rows of one
// reference (« Capacité » 18 in red, its copy lower down 40 in red) and the offer kept 40. The
// command now says both rows are refused (CLASSEUR_LIGNE_EN_DOUBLE), --dry-run as applied, text
// and JSON; nothing of them is stored.

const COL = Object.fromEntries(colonnesClasseur(2026).map((c, i) => [c.cle, i + 1]));
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

describe('offre import classeur, two rows of one reference', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let pg: Database | undefined;
  let id = '';
  let fichier = '';
  let r = 0;
  let copie = 0;
  let reference = '';
  const ouvrirBase = async () => (pg ? pg : await openDatabase({ dataDir: dir }));
  beforeAll(async () => {
    dir = await testDataDir('offre-classeur-doublon-');
    if (TEST_ENGINE === 'postgres') {
      pg = await testDatabase();
      env = { DATABASE_URL: (pg as { url?: string }).url! };
    } else env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
    const database = await ouvrirBase();
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => NOW };
    try {
      id = await ctx.db
        .transaction()
        .execute(async (trx) => (await saveFormationTx(trx, SYSTEME('test'), OFFRE[1]!, { now: NOW })).id);
      const wb = await ouvrir(await exportClasseur({ ctx }, 2026, SIRET_A));
      const ws = wb.getWorksheet('Offre')!;
      r = 2;
      reference = String(ws.getRow(r).getCell(COL.reference!).value);
      expect(reference.startsWith(`${id}/`)).toBe(true);
      copie = ws.rowCount + 1;
      for (const i of Object.values(COL)) ws.getRow(copie).getCell(i).value = ws.getRow(r).getCell(i).value;
      for (const [n, capacite] of [
        [r, 18],
        [copie, 40],
      ] as const) {
        const cell = ws.getRow(n).getCell(COL.capacite!);
        cell.value = capacite;
        peindre(cell, ROUGE);
      }
      fichier = join(dir, 'double.xlsx');
      writeFileSync(fichier, await enBuffer(wb));
    } finally {
      if (!pg) await database.close();
    }
  });
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const message = (n: number, m: number) =>
    `Ligne ${n}, colonne « Référence formation » : les lignes ${r} et ${copie} de la feuille « Offre » portent la même référence « ${reference} » avec des valeurs différentes (« Capacité » : « 18 » à la ligne ${r}, « 40 » à la ligne ${copie}) : Offre ne peut pas savoir laquelle appliquer. La ligne est laissée de côté, comme la ligne ${m} : gardez-en une seule, puis importez de nouveau le classeur.`;

  it('--dry-run, then applied: both rows refused, in text and in JSON; the capacity unchanged', async () => {
    for (const args of [['--dry-run'], []]) {
      const texte = await runCli(['import', 'classeur', fichier, ...args], env);
      expect(texte.stdout).toContain('0 nouvelle, 0 modifiée, 0 fermée, 0 inchangée, 2 en erreur.');
      expect(texte.stdout).toContain(`✗ [CLASSEUR_LIGNE_EN_DOUBLE] ${message(r, copie)}`);
      expect(texte.stdout).toContain(`✗ [CLASSEUR_LIGNE_EN_DOUBLE] ${message(copie, r)}`);
      const json = await runCli(['import', 'classeur', fichier, ...args, '--json'], env);
      const rapport = JSON.parse(json.stdout) as RapportClasseur;
      expect(rapport.lignes.map((l) => [l.ligne, l.verdict, l.erreurs.map((e) => e.code)])).toEqual([
        [r, 'erreur', ['CLASSEUR_LIGNE_EN_DOUBLE']],
        [copie, 'erreur', ['CLASSEUR_LIGNE_EN_DOUBLE']],
      ]);
      expect(json.code).toBe(1);
    }
    const database = await ouvrirBase();
    try {
      const f = (await getFormation(database.db, SYSTEME('test'), id))!;
      expect(f.sessions.map((s) => s.capacite)).toEqual([OFFRE[1]!.sessions![0]!.capacite]);
    } finally {
      if (!pg) await database.close();
    }
  });
});
