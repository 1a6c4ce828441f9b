import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { OffreError } from '../../src/domain/errors.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';

// Issue 15, defect 7 on PGlite: under `offre serve` (a folder, snapshot reads) an LHEO import runs
// in a worker thread on the folder, so that it no longer waits behind every page on the main
// thread. The main thread reads the copy meanwhile; the report, the errors (the same French
// OffreError) and the progress come back as from importLheo itself; the new state is read after.
// PGlite only: on PostgreSQL an import is a transaction like any other (no worker thread).

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const debut = xml.indexOf('<formation ');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
/** 200 records make the import write its first batch: 3 real formations and 197 refused ones. */
const REMPLISSAGE = Array.from({ length: 197 }, (_, i) => `<formation numero="VIDE-${i}"></formation>`).join(
  '\n',
);

const formations = async (db: Database['db']) =>
  (await sql<{ n: number }>`select count(*)::int as n from formation`.execute(db)).rows[0]!.n;

// Each import boots a read copy, a worker thread and its instance, then the live instance again:
// seconds of CPU, minutes on a loaded machine.
const LONG = 300_000;

describe.skipIf(TEST_ENGINE !== 'pglite')(
  'PGlite: an LHEO import in a worker thread',
  { timeout: LONG },
  () => {
    let dir: string;
    let database: Database;
    let ctx: AppContext;
    beforeAll(async () => {
      dir = await testDataDir('offre-import-fil-');
      database = await openDatabase({ dataDir: dir, snapshotReads: true });
      ctx = { db: database.db, engine: database.engine, now: () => new Date() };
    });
    afterAll(async () => {
      await database?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('writes from the worker while this thread reads the state before; the new state after', async () => {
      let reprendre!: () => void;
      const suite = new Promise<void>((r) => {
        reprendre = r;
      });
      let lotEcrit!: () => void;
      const ecrit = new Promise<void>((r) => {
        lotEcrit = r;
      });
      const progres: number[] = [];
      // The file's first batch (written in the worker's transaction), a pause until the reads below
      // have answered, then 3 more formations.
      async function* source() {
        yield `${xml.slice(0, fin)}\n${REMPLISSAGE}\n<formation numero="VIDE-fin"></formation>\n`;
        await suite;
        yield `${xml.slice(debut, fin).replaceAll('<formation numero="F-', '<formation numero="G-')}${xml.slice(fin)}`;
      }
      const importation = importLheo(ctx, SYSTEME('test'), source(), {
        fichier: 'long.xml',
        onProgress: (n) => {
          progres.push(n);
          if (n >= 200) lotEcrit();
        },
      });
      await ecrit;
      // This thread's live instance is closed: the worker holds the folder.
      expect(database.copyStats).toMatchObject({ detached: 1 });
      expect(await formations(database.db)).toBe(0);
      const refus = await sql`insert into organisme (siret, siren) values ('12345678900011', '123456789')`
        .execute(database.db)
        .catch((e) => e);
      expect(refus).toMatchObject({ code: 'BASE_OCCUPEE', status: 503 });

      reprendre();
      const rapport = await importation;
      expect(rapport.formations).toEqual({ creees: 6, mises_a_jour: 0, inchangees: 0, rejetees: 198 });
      expect(progres).toEqual([200, 204]);
      // The live instance again, with the worker's commit, and writable.
      expect(await formations(database.db)).toBe(6);
      const cles = await database.db
        .selectFrom('formation')
        .select('cle_externe')
        .orderBy('cle_externe')
        .execute();
      expect(cles.map((c) => c.cle_externe)).toEqual([
        'F-BTS-MCO',
        'F-CAP-CUISINE',
        'F-TP-SECRETAIRE',
        'G-BTS-MCO',
        'G-CAP-CUISINE',
        'G-TP-SECRETAIRE',
      ]);
      await sql`update formation set intitule = intitule where cle_externe = 'G-BTS-MCO'`.execute(
        database.db,
      );
    });

    it('hands back the same French error, nothing stored, and the base as before', async () => {
      const avant = await formations(database.db);
      const trop = await importLheo(
        ctx,
        SYSTEME('test'),
        [xml.replaceAll('<formation numero="F-', '<formation numero="H-')],
        { fichier: 'gros.xml', maxFormations: 2 },
      ).catch((e) => e);
      expect(trop).toBeInstanceOf(OffreError);
      expect(trop).toMatchObject({ code: 'LHEO_TROP_DE_FORMATIONS', status: 413, details: { limite: 2 } });
      expect(trop.message).toMatch(/^Le fichier contient plus de 2 formations.*Rien n’a été enregistré\.$/);
      // Bytes that are not UTF-8: the reader's refusal, with the file and the line.
      const latin = Buffer.from(xml, 'latin1');
      const encodage = await importLheo(ctx, SYSTEME('test'), [latin], { fichier: 'latin.xml' }).catch(
        (e) => e,
      );
      expect(encodage).toMatchObject({ code: 'LHEO_ENCODAGE_INVALIDE', details: { fichier: 'latin.xml' } });
      expect(await formations(database.db)).toBe(avant);
      expect(database.copyStats).toMatchObject({ detached: 3 });
    });

    it('rethrows the source’s own error when reading the file fails here (the bound of a request)', async () => {
      const avant = await formations(database.db);
      const panne = new Error('corps de requête trop gros');
      async function* source() {
        yield `${xml.slice(0, fin).replaceAll('<formation numero="F-', '<formation numero="K-')}\n`;
        throw panne;
      }
      await expect(importLheo(ctx, SYSTEME('test'), source(), { fichier: 'coupe.xml' })).rejects.toBe(panne);
      expect(await formations(database.db)).toBe(avant);
    });

    it('reads a file stream and simulates without storing (dry run)', async () => {
      const avant = await formations(database.db);
      const rapport = await importLheo(
        ctx,
        SYSTEME('test'),
        createReadStream(new URL('../fixtures/lheo/offre-2.2.xml', import.meta.url)),
        { fichier: 'offre-2.2.xml', dryRun: true },
      );
      expect(rapport.formations.creees + rapport.formations.mises_a_jour).toBeGreaterThan(0);
      expect(await formations(database.db)).toBe(avant);
    });
  },
);
