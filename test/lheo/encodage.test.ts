import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, type TestApi, testApi } from '../api/helpers.ts';

// Issue 15, defect 14: an ISO-8859-1 LHEO file was read with U+FFFD instead of its accents, with
// no warning — when its XML declaration arrived split over chunks (an HTTP body), or when it
// declared nothing. The declaration is now read whole; bytes that are not valid in the encoding
// in force refuse the file with the line, and nothing is stored.

const iso = readFileSync(new URL('../fixtures/lheo/offre-2.2.xml', import.meta.url));
// The same bytes without the declaration: Latin-1 accents in a file that says nothing, so UTF-8.
const sansDeclaration = iso.subarray(iso.indexOf('?>') + 2);
const CFA = 'CFA des métiers de Limoges';

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
    expect(p.detail).toContain('encoding="ISO-8859-1"');
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
});
