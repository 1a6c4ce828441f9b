import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PETITE_ECRITURE } from '../../src/db/long-write.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { enBuffer, exportClasseur, ouvrir } from './classeur.helpers.ts';

// The workbook preview's only writes are the store's check of the offers waiting for validation
// (verifierEcritures: each write tried, then rolled back). Beyond PETITE_ECRITURE of them, on a
// base opened as `offre serve` opens it (PGlite, snapshot reads), that trial runs on a scratch
// copy of the base (db/brouillon.ts), as a long LHEO preview does (test/lheo/apercu-brouillon):
// the live base is not held meanwhile. Same verdicts as on the live base
// (test/classeur/apercu-en-attente.test.ts), nothing stored.

const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const N = PETITE_ECRITURE + 1;

describe.skipIf(TEST_ENGINE !== 'pglite')('a workbook preview checking many waiting offers', () => {
  let t: TestApi;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await testApi({ snapshotReads: true });
    const api = (url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });
    for (let i = 0; i < N; i++) {
      const { id } = (
        await api('/formations', formationFixture({ cle_externe: `BR-${i}`, siret: SIRET_A }))
      ).json();
      expect((await api(`/formations/${id}/publier`)).statusCode).toBe(200);
      ids.push(id);
    }
  }, 300_000);
  afterAll(() => t?.close());

  it('tries their writes on a scratch copy: every row said, nothing stored', async () => {
    // Each offer's référent handicap emptied: the store refuses it (PUBLICATION_INCOMPLETE).
    const wb = await ouvrir(await exportClasseur(t, ANNEE, SIRET_A));
    wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row, r) => {
      if (r > 1 && String(row.getCell(COL.reference!).value ?? '').startsWith('fo_')) {
        row.getCell(COL.handicapNom!).value = null;
        row.getCell(COL.handicapCourriel!).value = null;
      }
    });
    const copies = t.database.scratchStats!.copies;
    const { rapport } = await importClasseur(t.ctx, organismeDe(SIREN_A), await enBuffer(wb), {
      dryRun: true,
    });
    expect(t.database.scratchStats!.copies).toBe(copies + 1);
    expect(rapport.totaux.erreur).toBe(N);
    expect(new Set(rapport.lignes.flatMap((l) => l.erreurs.map((e) => e.code)))).toEqual(
      new Set(['PUBLICATION_INCOMPLETE']),
    );
    const f = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${ids[0]}`,
      headers: bearer(t.keys.writeA),
    });
    expect(f.json().contacts[0].nom).toBe('Camille Martin');
  });
});
