import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { exportClasseur, NOW, OFFRE, ouvrir } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// A fresh user's report: `offre export classeur` then `offre import classeur --dry-run` on the
// untouched file refused the rows of a place without a 2027 session (its two dates exported empty)
// with CLASSEUR_DATE_MANQUANTE. Export → import unchanged: every row « inchangée », nothing written.

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

describe('offre export classeur, then offre import classeur of the untouched file', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let siretDemo = '';
  let pg: Database | undefined;
  beforeAll(async () => {
    dir = await testDataDir('offre-classeur-inchange-');
    let database: Database;
    if (TEST_ENGINE === 'postgres') {
      pg = await testDatabase();
      database = pg;
      env = { DATABASE_URL: (pg as { url?: string }).url! };
    } else {
      database = await openDatabase({ dataDir: dir });
      env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
    }
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => NOW };
    try {
      await loadDemo(ctx, { formations: 300, seed: 42, chunk: 100 });
      await ctx.db.transaction().execute(async (trx) => {
        for (const f of OFFRE) await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW });
      });
      await ensureCampagne(ctx.db, 2027);
      // A demo organisme whose workbook has rows without a 2027 session.
      const { rows } = await sql<{ siret: string }>`
        select responsable_siret as siret from formation where responsable_siret <> ${SIRET_A}
        and statut not in ('archivee', 'supprimee')
        group by responsable_siret order by count(*) desc, responsable_siret`.execute(ctx.db);
      for (const { siret } of rows) {
        const ws = (await ouvrir(await exportClasseur({ ctx }, 2027, siret))).getWorksheet('Offre')!;
        let vides = 0;
        for (let r = 2; r <= ws.rowCount; r++)
          if (
            ws.getRow(r).getCell(COL.debut!).value === null &&
            ws.getRow(r).getCell(COL.fin!).value === null
          )
            vides++;
        if (vides > 0) {
          siretDemo = siret;
          break;
        }
      }
    } finally {
      if (!pg) await database.close();
    }
  });
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the fixture', () => SIRET_A],
    ['the demo data', () => siretDemo],
  ])('%s: --dry-run then applied, every row « inchangée », no error', async (_, siret) => {
    expect(siret()).toMatch(/^\d{14}$/);
    const fichier = join(dir, `offre-${siret()}.xlsx`);
    const ex = await runCli(
      ['export', 'classeur', '--siret', siret(), '--campagne', '2027', '--out', fichier],
      env,
    );
    expect(ex.code, ex.stderr).toBe(0);
    const lignes = (await ouvrir(readFileSync(fichier))).getWorksheet('Offre')!.actualRowCount - 1;
    expect(lignes).toBeGreaterThan(0);
    for (const args of [['--dry-run', '--json'], ['--json']]) {
      const r = await runCli(['import', 'classeur', fichier, ...args], env);
      expect(r.code, r.stderr).toBe(0);
      const rapport = JSON.parse(r.stdout) as RapportClasseur;
      expect(rapport.lignes.filter((l) => l.verdict !== 'inchangee' || l.erreurs.length > 0)).toEqual([]);
      expect(rapport.totaux).toEqual({ nouvelle: 0, modifiee: 0, fermee: 0, inchangee: lignes, erreur: 0 });
    }
  });
});
