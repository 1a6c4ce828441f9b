import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PETITE_ECRITURE } from '../../src/db/long-write.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, type TestApi, testApi } from '../api/helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// On the embedded database every import first copied the whole base for the other requests
// (db/long-write.ts), seconds during which the whole site waited: even an empty body, refused
// after it, or a dry run of three formations. Now the start of the file is read first: a body
// refused, or a short file, never makes the copy; a long file still does. The copies are counted
// by the PGlite router itself (Database.copyStats), each a real dump and a new instance.

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
/** A file longer than PETITE_ECRITURE records: the fixture's formations and refused empty ones. */
const long = `${xml.slice(0, fin)}\n${Array.from(
  { length: PETITE_ECRITURE + 1 },
  (_, i) => `<formation numero="VIDE-${i}"></formation>`,
).join('\n')}${xml.slice(fin)}`;

let t: TestApi;
beforeAll(async () => {
  t = await testApi({ snapshotReads: true });
});
afterAll(async () => t?.close());

const copies = () => t.database.copyStats!.copies;
const post = (payload: string, dryRun: boolean) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/lheo${dryRun ? '?dry_run=true' : ''}`,
    headers: { ...bearer(t.keys.admin), 'content-type': 'application/xml' },
    payload,
  });

describe.skipIf(TEST_ENGINE !== 'pglite')('LHEO import on the embedded database: the read copy', () => {
  it('refuses an empty body without copying the base', async () => {
    const avant = copies();
    const r = await post('', true);
    expect(r.statusCode).toBe(400);
    expect(copies()).toBe(avant);
  });

  it('refuses a body that is not XML without copying the base', async () => {
    const avant = copies();
    const r = await post('pas du XML', false);
    // Refused before any parse: its first character is not « < » (LHEO_PAS_XML).
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'LHEO_PAS_XML' });
    expect(copies()).toBe(avant);
  });

  it('runs a short file, dry run or applied, without the copy', async () => {
    const avant = copies();
    const essai = await post(xml, true);
    expect(essai.statusCode).toBe(200);
    expect(essai.json()).toMatchObject({ formations: { creees: 3 } });
    const applique = await post(xml, false);
    expect(applique.statusCode).toBe(200);
    expect(applique.json()).toMatchObject({ formations: { creees: 3 } });
    expect(copies()).toBe(avant);
  });

  // A dry run is the import's writes rolled back (services/import-lheo.service.ts): as long a
  // transaction, run on a scratch copy of the base (db/brouillon.ts), no read copy: the live base
  // stays writable meanwhile (test/lheo/apercu-brouillon.test.ts).
  it('runs a long file’s dry run on a scratch copy, not the read copy, and writes nothing', async () => {
    const avant = copies();
    const brouillons = t.database.scratchStats!.copies;
    const r = await importLheo(t.ctx, SYSTEME('test'), [Buffer.from(long)], {
      fichier: 'long.xml',
      dryRun: true,
    });
    expect(r.formations).toMatchObject({ rejetees: PETITE_ECRITURE + 1 });
    expect(copies()).toBe(avant);
    expect(t.database.scratchStats!.copies).toBe(brouillons + 1);
  });

  it('still copies the base for a long file, and writes it all', async () => {
    const avant = copies();
    const r = await importLheo(t.ctx, SYSTEME('test'), [Buffer.from(long)], { fichier: 'long.xml' });
    expect(r.formations).toMatchObject({ rejetees: PETITE_ECRITURE + 1, inchangees: 3 });
    expect(copies()).toBe(avant + 1);
  });

  // A command `offre serve` runs for a CLI is cancelled by its caller's Ctrl-C (cli/hote.ts): once
  // the start of its file is read, it made the copy anyway, seconds before its first statement was
  // refused (test/cli/serveur-interruption.test.ts: « toujours en cours après 5 s »).
  for (const lecture of [undefined, 'fil'] as const)
    it(`makes no copy once the import is cancelled, read ${lecture ? 'in a worker' : 'in this thread'}`, async () => {
      const avant = copies();
      const annulation = new AbortController();
      const raison = new Error('Commande interrompue');
      // One formation per chunk; the caller leaves while the start of the file is read.
      const morceaux = long.split(/(?=<formation )/);
      async function* source() {
        for (const [i, m] of morceaux.entries()) {
          if (i === 60) annulation.abort(raison);
          yield Buffer.from(m);
        }
      }
      await expect(
        importLheo(t.ctx, SYSTEME('test'), source(), {
          fichier: 'long.xml',
          lecture,
          signal: annulation.signal,
        }),
      ).rejects.toBe(raison);
      expect(copies()).toBe(avant);
    });
});
