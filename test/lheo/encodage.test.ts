import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, type TestApi, testApi } from '../api/helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { ENCODAGES_LARGES } from './encodages-larges.ts';

// Issue 15, defect 14: an ISO-8859-1 LHEO file was read with U+FFFD instead of its accents, with
// no warning — when its XML declaration arrived split over chunks (an HTTP body), or when it
// declared nothing. The declaration is now read whole; bytes that are not valid in the encoding
// in force refuse the file with the line, and nothing is stored.

const iso = readFileSync(new URL('../fixtures/lheo/offre-2.2.xml', import.meta.url));
// The same bytes without the declaration: Latin-1 accents in a file that says nothing, so UTF-8.
const sansDeclaration = iso.subarray(iso.indexOf('?>') + 2);
const CFA = 'CFA des métiers de Limoges';
// A UTF-8 file whose declaration says ISO-8859-1 (an exporter that writes the wrong one): read as
// declared, every « é » would be stored as « Ã© », and « Non renseignÃ© » would no longer mean
// « keep the old value ».
// Its numeros have an accent too: read as ISO-8859-1, « Fé-… » became « FÃ©-… », another key, and
// the import counted « 3 créée(s) » — duplicates — where they were updates.
const utf8 = Buffer.from(
  readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8').replaceAll(
    'numero="F-',
    'numero="Fé-',
  ),
);
const menteur = Buffer.from(utf8.toString('utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'));
const MENTEUR =
  /ligne 4 : le fichier déclare l’encodage ISO-8859-1, mais ses octets sont de l’UTF-8 \(« é » y serait lu « Ã© »\)\. Corrigez sa déclaration : <\?xml version="1\.0" encoding="UTF-8"\?>/;

let t: TestApi;
let base: string;
let dir: string;
beforeAll(async () => {
  t = await testApi();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  dir = mkdtempSync(join(tmpdir(), 'offre-encodage-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // The refused uploads' connections stay open while the client sends the rest of the body it
  // streamed (fetch keeps them alive): the server's close would wait for them (≈ 70 s).
  t?.app.server.closeAllConnections();
  await t?.close();
});

const raisonsSociales = async () =>
  (
    await t.ctx.db
      .selectFrom('organisme')
      .select('raison_sociale')
      .where('siret', '=', '19870000700018')
      .execute()
  ).map((o) => o.raison_sociale);

/** A request body sent in pieces of `taille` bytes, as a slow client or a proxy does. */
const enMorceaux = (b: Buffer, taille: number) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < b.length; i += taille) c.enqueue(new Uint8Array(b.subarray(i, i + taille)));
      c.close();
    },
  });

const poster = (corps: ReadableStream<Uint8Array>) =>
  fetch(`${base}/api/v1/imports/lheo?dry_run=false`, {
    method: 'POST',
    headers: { ...bearer(t.keys.admin), 'content-type': 'application/xml' },
    body: corps,
    duplex: 'half',
  } as RequestInit);

describe('LHEO encoding (issue 15, defect 14)', () => {
  it('API: a body whose ISO-8859-1 declaration arrives split over chunks keeps its accents', async () => {
    const r = await poster(enMorceaux(iso, 7));
    expect(r.status, await r.clone().text()).toBe(200);
    expect((await r.json()).formations.creees).toBe(2);
    expect(await raisonsSociales()).toEqual([CFA]);
    const intitules = await t.ctx.db
      .selectFrom('formation')
      .select('intitule')
      .where('cle_externe', 'like', '22-%')
      .execute();
    for (const f of intitules) expect(f.intitule).not.toContain('\uFFFD');
  });

  it('API: Latin-1 bytes in a file that declares no encoding are refused with the line, nothing stored', async () => {
    const avant = await t.ctx.db
      .selectFrom('formation')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await poster(enMorceaux(sansDeclaration, 4096));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const p = await r.json();
    expect(p).toMatchObject({ code: 'LHEO_ENCODAGE_INVALIDE', ligne: expect.any(Number) });
    expect(p.detail).toMatch(/octets invalides pour l’encodage UTF-8/);
    expect(p.detail).toContain('déclarez encoding="windows-1252" (ou ISO-8859-1)');
    const apres = await t.ctx.db
      .selectFrom('formation')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(apres.n).toBe(avant.n);
  });

  it('file read as the CLI reads it (a read stream, here in 16-byte pieces): same bytes, same result', async () => {
    const chemin = join(dir, 'sans-declaration.xml');
    writeFileSync(chemin, sansDeclaration);
    await expect(
      importLheo(t.ctx, SYSTEME('test'), createReadStream(chemin, { highWaterMark: 16 }), {
        fichier: chemin,
      }),
    ).rejects.toMatchObject({ code: 'LHEO_ENCODAGE_INVALIDE', details: { ligne: 7 } });
    const declare = join(dir, 'declare.xml');
    writeFileSync(declare, iso);
    const r = await importLheo(t.ctx, SYSTEME('test'), createReadStream(declare, { highWaterMark: 16 }), {
      fichier: declare,
    });
    expect(r.formations).toMatchObject({ rejetees: 0, creees: 0 });
    expect(await raisonsSociales()).toEqual([CFA]);
  });

  describe('a UTF-8 file declared ISO-8859-1: refused, nothing stored, the same on every channel', () => {
    const intitules = async () =>
      (
        await t.ctx.db
          .selectFrom('formation')
          .select(['cle_externe', 'intitule'])
          .orderBy('cle_externe')
          .execute()
      ).map((f) => `${f.cle_externe} ${f.intitule}`);

    it('API: 422 LHEO_ENCODAGE_DECLARE naming the declaration and the line; the stored texts keep their accents', async () => {
      const ok = await poster(enMorceaux(utf8, 4096));
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect((await ok.json()).formations.creees).toBe(3);
      const avant = await intitules();
      expect(avant.join()).toContain('Fé-BTS-MCO BTS Management commercial opérationnel');
      // In pieces of 3 bytes: an accent cut between two chunks is still judged.
      for (const taille of [65536, 3]) {
        const r = await poster(enMorceaux(menteur, taille));
        expect(r.status).toBe(422);
        const p = await r.json();
        expect(p).toMatchObject({ code: 'LHEO_ENCODAGE_DECLARE', ligne: 4, encodage: 'ISO-8859-1' });
        expect(p.detail).toMatch(MENTEUR);
      }
      expect(await intitules()).toEqual(avant);
    });

    it('CLI: exit code 1 and the same French message naming the file', async () => {
      const chemin = join(dir, 'menteur.xml');
      writeFileSync(chemin, menteur);
      const env =
        TEST_ENGINE === 'postgres'
          ? { DATABASE_URL: t.database.url!, OFFRE_DATA_DIR: undefined }
          : { DATABASE_URL: undefined, OFFRE_DATA_DIR: await testDataDir('offre-encodage-cli-') };
      try {
        const r = await runCli(['import', 'lheo', chemin], env);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`Erreur : ${chemin}, ligne 4 : le fichier déclare l’encodage ISO-8859-1`);
        expect(r.stderr).toMatch(MENTEUR);
        // The file and the line once, not again in a « (fichier …, ligne …) » tail.
        expect(r.stderr.split(chemin)).toHaveLength(2);
        expect(r.stderr).not.toContain('ligne 4)');
      } finally {
        if (env.OFFRE_DATA_DIR) rmSync(env.OFFRE_DATA_DIR, { recursive: true, force: true });
      }
    });
  });

  // Windows Notepad's « Unicode » save is UTF-16 LE with its mark: the page said « not an LHEO XML
  // document » while the API said « UTF-16 » — the same refusal by every channel now (and the
  // web side in test/web/imports-encodage.test.ts).
  describe('UTF-16 and UTF-32, with or without their mark: LHEO_ENCODAGE on the API and the CLI', () => {
    it.each(ENCODAGES_LARGES)('%s', async (nom, enc, octets) => {
      // inject: the refused streamed bodies above leave fetch's kept-alive connections reset.
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/lheo?dry_run=false',
        headers: { ...bearer(t.keys.admin), 'content-type': 'application/xml' },
        payload: octets,
      });
      expect(r.statusCode).toBe(422);
      const p = r.json();
      expect(p.code).toBe('LHEO_ENCODAGE');
      expect(p.detail).toContain(`encodé en ${enc}, non pris en charge`);
      expect(p.detail).toContain('enregistrez-le en UTF-8');
      const chemin = join(dir, nom);
      writeFileSync(chemin, octets);
      const env =
        TEST_ENGINE === 'postgres'
          ? { DATABASE_URL: t.database.url!, OFFRE_DATA_DIR: undefined }
          : { DATABASE_URL: undefined, OFFRE_DATA_DIR: await testDataDir('offre-encodage-cli-') };
      try {
        const c = await runCli(['import', 'lheo', chemin], env);
        expect(c.code).toBe(1);
        expect(c.stderr).toContain(`${chemin} : le fichier est encodé en ${enc}, non pris en charge`);
      } finally {
        if (env.OFFRE_DATA_DIR) rmSync(env.OFFRE_DATA_DIR, { recursive: true, force: true });
      }
    });
  });
});
