import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';
import { publieeEtRevisee } from '../helpers/revision.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, OFFRE, ouvrir } from './classeur.helpers.ts';

// A fresh user's report (05/12/2026): `offre import classeur` refused a row of a formation whose
// organisme's revision is open (REVISION_EN_ATTENTE) naming it by the workbook's new title
// (« Intitulé modifié par classeur… »), a title Offre does not have: named by its stored one.

let d: TestDatabase;
let ctx: AppContext;
beforeAll(async () => {
  d = await testDatabase();
  ctx = testContext(d);
});
afterAll(() => d?.close());

describe('a validateur’s workbook row over an open revision', () => {
  it('names the formation by its stored title, the workbook’s beside it', async () => {
    const id = await publieeEtRevisee(ctx, OFFRE[0]!, { intitule: `${OFFRE[0]!.intitule} (révision)` });
    await ensureCampagne(ctx.db, 2027);
    const wb = await ouvrir(await exportClasseur({ ctx }));
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.intitule!).value = 'Intitulé modifié par classeur';
    ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
    const res = await importClasseur(ctx, SYSTEME('cli'), await enBuffer(wb), { dryRun: true });
    const erreur = res.rapport.lignes.flatMap((l) => l.erreurs).find((e) => e.code === 'REVISION_EN_ATTENTE');
    // Named by its stored title; the row's title only as the file's, never as the formation's name.
    expect(erreur?.message).toContain(
      `La formation ${id} « ${OFFRE[0]!.intitule} » (intitulé « Intitulé modifié par classeur » dans le fichier) a une révision`,
    );
    expect(erreur?.message).not.toContain(`${id} « Intitulé modifié par classeur »`);
  });
});
