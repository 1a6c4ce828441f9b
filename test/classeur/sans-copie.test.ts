import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { enBuffer, exportClasseur, loadOffre, NOW, ouvrir, peindre } from './classeur.helpers.ts';

// « Appliquer » on a one-formation change took 15 s on the embedded database: the apply first
// copied the whole base for the other requests (db/long-write.ts). A short workbook is now applied
// without the copy, counted by the PGlite router itself (Database.copyStats).

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

describe.skipIf(TEST_ENGINE !== 'pglite')('workbook apply on the embedded database: the read copy', () => {
  let api: TestApi;
  let ids: string[];
  beforeAll(async () => {
    api = await testApi({ now: () => NOW, snapshotReads: true });
    ids = await loadOffre(api);
  });
  afterAll(() => api?.close());

  it('applies a short workbook without copying the base', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    let r = 2;
    while (!String(ws.getRow(r).getCell(1).value).startsWith(`${ids[0]}/`)) r++;
    const cell = ws.getRow(r).getCell(COL.intitule!);
    cell.value = 'BTS Management commercial opérationnel (MCO)';
    peindre(cell, { font: { color: { argb: 'FFFF0000' } } });
    const avant = api.database.copyStats!.copies;
    const res = await importClasseur(api.ctx, SYSTEME('test'), await enBuffer(wb), { dryRun: false });
    expect(res.applique).toBe(true);
    expect(res.rapport.totaux.modifiee).toBe(1);
    expect(api.database.copyStats!.copies).toBe(avant);
  });
});
