import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// `offre import classeur --dry-run` of a row emptying a mandatory field of an offer waiting for
// validation: the preview names the row and the field, and the import leaves that row aside (the
// others applied) with the same error, as the page and the API do.
// (A mandatory column emptied is the row's own error; the store's check covers the rest: the
// fixture's only contact is its référent handicap, whose name emptied leaves it without a contact.)

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

describe.skipIf(TEST_ENGINE !== 'pglite')(
  'offre import classeur --dry-run, an offer waiting for validation',
  () => {
    let dir: string;
    let fichier: string;
    const env = () => ({ OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
    beforeAll(async () => {
      dir = await testDataDir('offre-classeur-en-attente-');
      const database = await openDatabase({ dataDir: dir });
      const ctx: AppContext = { db: database.db, engine: database.engine, now: () => NOW };
      try {
        const { id } = await ctx.db
          .transaction()
          .execute((trx) => saveFormationTx(trx, SYSTEME('test'), OFFRE[0]!, { now: NOW }));
        // Sent for validation by its organisme (the statut alone matters here).
        await ctx.db
          .updateTable('formation')
          .set({ statut: 'en_attente_validation' })
          .where('id', '=', id)
          .execute();
        await ensureCampagne(ctx.db, 2027);
        const wb = await ouvrir(await exportClasseur({ ctx }, 2027, SIRET_A));
        wb.getWorksheet('Offre')!.eachRow((row, r) => {
          if (r > 1 && String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`)) {
            row.getCell(COL.handicapNom!).value = null;
            row.getCell(COL.handicapCourriel!).value = null;
          }
        });
        fichier = join(dir, 'offre.xlsx');
        writeFileSync(fichier, await enBuffer(wb));
      } finally {
        await database.close();
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints the row in error with the field, as the applied import does', async () => {
      const apercu = await runCli(['import', 'classeur', fichier, '--dry-run'], env());
      expect(apercu.stdout + apercu.stderr).toContain('1 en erreur');
      expect(apercu.stdout + apercu.stderr).toContain(
        'Champ obligatoire non renseigné : un contact (nom et téléphone ou courriel).',
      );
      const applique = await runCli(['import', 'classeur', fichier], env());
      // Applied: the row in error is not applied, the file is (exit code 1: a row in error).
      expect(applique.code).toBe(1);
      const sortie = applique.stdout + applique.stderr;
      expect(sortie).toContain('Classeur appliqué');
      expect(sortie).toContain('1 en erreur');
      expect(sortie).toContain(
        'Champ obligatoire non renseigné : un contact (nom et téléphone ou courriel).',
      );
      expect(sortie).toContain('1 ligne en erreur n’a pas été appliquée (aucune ligne n’a été enregistrée)');
      expect(sortie).not.toContain('Aucune ligne du classeur n’a été appliquée');
    });
  },
);
