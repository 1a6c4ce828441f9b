import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// Issue 15, defect 7: on PGlite an LHEO import froze the public pages for its whole length. Now
// (as `offre serve` opens it) the pages and the API's reads answer during the import, from the
// state before it; the new state once it has ended. Proven by events: the import is held in the
// middle of its file (formations already written in its transaction) until the reads answered.

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const debut = xml.indexOf('<formation ');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
/** 200 records make the import write its first batch: 3 real formations and 197 refused ones. */
const REMPLISSAGE = Array.from({ length: 197 }, (_, i) => `<formation numero="VIDE-${i}"></formation>`).join(
  '\n',
);

let t: TestApi;
beforeAll(async () => {
  t = await testApi({ snapshotReads: true });
});
afterAll(async () => t?.close());

const total = async () => {
  // The administrator's view: every formation, published or not (the imported ones are drafts).
  const r = await t.app.inject({
    method: 'GET',
    url: '/api/v1/formations?limit=100',
    headers: bearer(t.keys.admin),
  });
  expect(r.statusCode).toBe(200);
  return (r.json() as { data: unknown[] }).data.length;
};

describe('public pages during an LHEO import', () => {
  it('answer before the import ends, with the state before; the new state after', async () => {
    expect(await total()).toBe(0);
    const events: string[] = [];
    let reprendre!: () => void;
    const suite = new Promise<void>((r) => {
      reprendre = r;
    });
    let lotEcrit!: () => void;
    const ecrit = new Promise<void>((r) => {
      lotEcrit = r;
    });
    // The file: its 3 formations and 197 refused records (one batch, written), then a pause that
    // lasts until the reads below have answered, then 2 more formations.
    async function* source() {
      yield `${xml.slice(0, fin)}\n${REMPLISSAGE}\n<formation numero="VIDE-fin"></formation>\n`;
      await suite;
      yield `${xml.slice(debut, fin).replaceAll('<formation numero="F-', '<formation numero="G-')}${xml.slice(fin)}`;
    }
    const importation = importLheo(t.ctx, SYSTEME('test'), source(), {
      fichier: 'long.xml',
      onProgress: (n) => {
        if (n >= 200) lotEcrit();
      },
    }).then((r) => {
      events.push('import fini');
      return r;
    });
    await ecrit;

    // The public search page and the API answer meanwhile, with the state before the import.
    const page = await t.app.inject({ method: 'GET', url: '/?q=cuisine' });
    expect(page.statusCode).toBe(200);
    expect(await total()).toBe(0);
    events.push('pages servies');

    // A write from elsewhere meanwhile: refused on PGlite (503, Retry-After, French), never lost
    // in the copy. (On PostgreSQL it would wait for the import's row locks on the organisme.)
    if (TEST_ENGINE === 'pglite') {
      const ecriture = await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: bearer(t.keys.writeA),
        payload: formationFixture({ cle_externe: 'PENDANT' }),
      });
      expect(ecriture.statusCode).toBe(503);
      expect(ecriture.headers['retry-after']).toBe('30');
      expect(ecriture.json()).toMatchObject({ code: 'BASE_OCCUPEE' });
    }

    reprendre();
    const rapport = await importation;
    expect(events).toEqual(['pages servies', 'import fini']);
    expect(rapport.formations.creees).toBe(6);
    expect((await t.app.inject({ method: 'GET', url: '/?q=cuisine' })).statusCode).toBe(200);
    expect(await total()).toBe(6);
  });
});
