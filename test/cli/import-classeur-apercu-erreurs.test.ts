import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// `offre import classeur --dry-run` of a workbook with rows in error said only « … 1 en erreur »:
// it now says, as the page's preview does, what the errors mean for applying and what to do
// (fix the rows in the annotated workbook written next to it, run the command again).

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const RED = { font: { color: { argb: 'FFFF0000' } } };

describe.skipIf(TEST_ENGINE !== 'pglite')('offre import classeur --dry-run, rows in error', () => {
  let dir: string;
  let ids: string[];
  let wbDe: () => Promise<ExcelJS.Workbook>;
  const env = () => ({ OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
  const ligne = (ws: ExcelJS.Worksheet, id: string) => {
    for (let r = 2; r <= ws.rowCount; r++)
      if (String(ws.getRow(r).getCell(COL.reference!).value ?? '').startsWith(`${id}/`)) return ws.getRow(r);
    throw new Error(`no row for ${id}`);
  };
  beforeAll(async () => {
    dir = await testDataDir('offre-classeur-apercu-erreurs-');
    const database = await openDatabase({ dataDir: dir });
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => NOW };
    try {
      ids = [];
      await ctx.db.transaction().execute(async (trx) => {
        for (const f of OFFRE.slice(0, 2))
          ids.push((await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
      });
      await ensureCampagne(ctx.db, 2027);
      const xlsx = await exportClasseur({ ctx }, 2027, SIRET_A);
      wbDe = () => ouvrir(xlsx);
    } finally {
      await database.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * `offre import classeur <nom> --dry-run` of the user's workbook with the second formation's
   * capacity unreadable and, given `titre`, the first one's title changed (in red).
   */
  async function apercu(nom: string, titre?: string, applique = false) {
    const wb = await wbDe();
    const ws = wb.getWorksheet('Offre')!;
    const rouge = (cell: ExcelJS.Cell, v: string) => {
      cell.value = v;
      peindre(cell, RED);
    };
    if (titre) rouge(ligne(ws, ids[0]!).getCell(COL.intitule!), titre);
    rouge(ligne(ws, ids[1]!).getCell(COL.capacite!), 'douze');
    const fichier = join(dir, nom);
    writeFileSync(fichier, await enBuffer(wb));
    return runCli(['import', 'classeur', fichier, ...(applique ? [] : ['--dry-run'])], env());
  }

  it('with nothing else to apply: to fix before applying, in the annotated workbook', async () => {
    const r = await apercu('erreurs.xlsx');
    const annote = join(dir, 'erreurs.erreurs.xlsx');
    expect(r.stdout).toContain('0 nouvelle, 0 modifiée, 0 fermée, 1 inchangée, 1 en erreur.');
    expect(r.stdout).toContain('Aperçu : 1 ligne en erreur, à corriger avant d’appliquer.\n');
    expect(r.stdout).toContain(
      `Rien ne peut être appliqué en l’état : corrigez la ligne en erreur dans le classeur annoté (colonne « Erreurs ») : ${annote}, puis relancez la commande avec le classeur corrigé.\n`,
    );
    expect(r.stderr).toContain(`Classeur annoté (colonne « Erreurs ») : ${annote}`);
  });

  it('with valid changes too: the rows in error would be left out', async () => {
    const r = await apercu('mixte.xlsx', 'BTS MCO (apprentissage)');
    expect(r.stdout).toContain('0 nouvelle, 1 modifiée, 0 fermée, 0 inchangée, 1 en erreur.');
    expect(r.stdout).toContain('Aperçu : 1 ligne en erreur, laissée de côté à l’application.\n');
    expect(r.stdout).toContain(
      'Appliquer maintenant laisserait la ligne en erreur de côté ; pour la prendre en compte, corrigez-la dans le classeur annoté',
    );
  });

  it('applied: says the valid rows were saved and the rows in error were not (report of 04/12)', async () => {
    const r = await apercu('applique.xlsx', 'BTS MCO (apprentissage)', true);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      'Classeur appliqué — lignes : 0 nouvelle, 1 modifiée, 0 fermée, 0 inchangée, 1 en erreur.',
    );
    expect(r.stdout).toContain(
      '1 ligne en erreur n’a pas été appliquée (les autres sont enregistrées) : corrigez-la dans le classeur annoté',
    );
  });
});
