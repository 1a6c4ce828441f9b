import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { formationLueFixture } from '../helpers/formations.ts';
import {
  formationFixture as apiFormation,
  bearer,
  SIREN_A,
  SIRET_A,
  type TestApi,
  testApi,
} from './helpers.ts';

// Issue 15, defect 13: two imports sent at the same time create the same new formations. The one
// that reaches the store second used to answer 500 (unique violation on the external key); it
// now finds the formations the other created and updates them — never a 500, never a duplicate.

const N = 20;
const lheo = (intitule: string, prefixe = 'CONC', ordre: (i: number) => number = (i) => i) =>
  LHEO_DEBUT +
  Array.from({ length: N }, (_, k) => {
    const i = ordre(k);
    return formationToLheo(
      formationLueFixture({ id: `f-${i}`, cle_externe: `${prefixe}-${i}`, intitule: `${intitule} ${i}` }),
      () => {},
    );
  }).join('') +
  LHEO_FIN;

let t: TestApi;
let base: string;
beforeAll(async () => {
  t = await testApi({ poolSize: 4 });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  // SIRET A known to the store (its workbook is asked for below).
  await saveFormation(t.ctx, SYSTEME('test'), apiFormation({ cle_externe: 'ANCRE' }));
});
afterAll(async () => t?.close());

const envoyer = (xml: string) =>
  fetch(`${base}/api/v1/imports/lheo`, {
    method: 'POST',
    headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
    body: xml,
  });

// PGlite has one connection: its transactions run one after the other, the race cannot happen there.
describe.skipIf(TEST_ENGINE !== 'postgres')(
  'concurrent imports creating the same new formations (issue 15, defect 13)',
  () => {
    it.each([
      ['in the same order', 'CONC', (i: number) => i],
      ['in opposite orders (each waits on the other)', 'INV', (i: number) => N - 1 - i],
    ])(
      '%s: both answer (200, or 409 with a French problem details), each formation exists once',
      async (_, prefixe, ordre) => {
        const reponses = await Promise.all([
          envoyer(lheo('Formation A', prefixe)),
          envoyer(lheo('Formation B', prefixe, ordre)),
        ]);
        const corps = await Promise.all(reponses.map((r) => r.json()));
        for (const [i, r] of reponses.entries()) {
          expect([200, 409], JSON.stringify(corps[i])).toContain(r.status);
          if (r.status === 409) {
            expect(r.headers.get('content-type')).toContain('application/problem+json');
            expect(corps[i]).toMatchObject({ status: 409, code: 'IMPORT_CONCURRENT' });
            expect(corps[i].detail).toMatch(/en même temps/);
          }
        }
        const ok = corps.filter((_, i) => reponses[i]!.status === 200);
        // Every formation was created exactly once, by one import or the other.
        expect(ok.reduce((n, c) => n + c.formations.creees, 0)).toBe(N);
        const rows = await t.ctx.db
          .selectFrom('formation')
          .select(['cle_externe', 'intitule'])
          .where('siren_proprietaire', '=', SIREN_A)
          .where('cle_externe', 'like', `${prefixe}-%`)
          .execute();
        expect(rows).toHaveLength(N);
        expect(new Set(rows.map((r) => r.cle_externe)).size).toBe(N);
        // Each formation holds the text of one of the two files, whole.
        for (const r of rows) expect(r.intitule).toMatch(/^Formation [AB] \d+$/);
      },
    );

    it('two campaign workbooks with the same new (blue) rows, sent together: no 500, each formation once', async () => {
      const annee = new Date().getUTCFullYear() + 1;
      const col = Object.fromEntries(colonnesClasseur(annee).map((c, i) => [c.cle, i + 1]));
      const classeur = async (capacite: number) => {
        const wb: ExcelJS.Workbook = await ouvrir(await exportClasseur(t, annee, SIRET_A));
        const ws = wb.getWorksheet('Offre')!;
        for (let r = 2; r <= ws.rowCount; r++) ws.spliceRows(r, 1);
        for (let i = 0; i < N; i++) {
          const row = ws.getRow(2 + i);
          const valeurs = nouvelleLigne({
            intitule: `Titre professionnel concurrent ${i}`,
            capacite,
            debut: `07/09/${annee}`,
            fin: `30/06/${annee + 1}`,
          });
          for (const [cle, v] of Object.entries(valeurs)) {
            row.getCell(col[cle]!).value = v as ExcelJS.CellValue;
            peindre(row.getCell(col[cle]!), { font: { color: { argb: 'FF0070C0' } } });
          }
        }
        return enBuffer(wb);
      };
      const [a, b] = await Promise.all([classeur(10), classeur(20)]);
      const sendClasseur = (fichier: Buffer) =>
        fetch(`${base}/api/v1/imports/classeur`, {
          method: 'POST',
          headers: {
            ...bearer(t.keys.writeA),
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
          body: new Uint8Array(fichier),
        });
      const reponses = await Promise.all([sendClasseur(a), sendClasseur(b)]);
      const corps = await Promise.all(reponses.map((r) => r.json()));
      for (const [i, r] of reponses.entries()) {
        expect([200, 409], JSON.stringify(corps[i]).slice(0, 500)).toContain(r.status);
        if (r.status === 409) expect(corps[i]).toMatchObject({ code: 'IMPORT_CONCURRENT' });
      }
      const rows = await t.ctx.db
        .selectFrom('formation')
        .select(['id', 'cle_externe'])
        .where('intitule', 'like', 'Titre professionnel concurrent %')
        .execute();
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.cle_externe)).size).toBe(N);
    });
  },
);
