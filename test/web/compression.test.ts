import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { precompresserStatiques } from '../../src/http/web/statiques.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from '../recherche/fixtures.ts';
import { envoyer, texte } from './imports.helpers.ts';

// The pages and their static assets are sent compressed to a client that asks (Accept-Encoding
// br or gzip), as the API's answers are (src/http/compression.ts); the static assets from the
// compressed copies made once (src/http/web/statiques.ts), not compressed again on each request.

const DSFR = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');
const inflate = { gzip: gunzipSync, br: brotliDecompressSync } as const;

let t: TestWeb;
let cache: string;
let avecCache: FastifyInstance;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadFixture(t.ctx);
  // The compressed copies of our own scripts only (the whole DSFR takes ≈ 15 s of CPU).
  cache = mkdtempSync(join(tmpdir(), 'offre-statiques-'));
  await precompresserStatiques(cache, { prefixes: ['/scripts/'] });
  avecCache = await buildApp(t.ctx, { statiquesCompresses: cache });
});
afterAll(async () => {
  await avecCache?.close();
  await t?.close();
  rmSync(cache, { recursive: true, force: true });
});

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('compressed pages', () => {
  // `/`: the anonymous search page, from its cache the second time; the others computed each time.
  for (const url of ['/', '/?q=cuisine', '/accessibilite', '/api/reference', '/sitemap.xml'])
    it(`${url}: br and gzip decompress to exactly the page sent as is`, async () => {
      const brut = await get(t.app, url);
      expect(brut.statusCode).toBe(200);
      expect(brut.headers['content-encoding']).toBeUndefined();
      expect(brut.rawPayload.length).toBeGreaterThan(1024);
      for (const encodage of ['br', 'gzip'] as const)
        for (let i = 0; i < 2; i++) {
          const res = await get(t.app, url, { 'accept-encoding': encodage });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-encoding']).toBe(encodage);
          expect(String(res.headers.vary)).toMatch(/accept-encoding/);
          expect(res.headers['content-type']).toBe(brut.headers['content-type']);
          expect(res.headers['content-security-policy']).toBe(brut.headers['content-security-policy']);
          expect(res.rawPayload.length).toBeLessThan(brut.rawPayload.length / 2);
          expect(inflate[encodage](res.rawPayload).equals(brut.rawPayload)).toBe(true);
        }
    });

  it('prefers brotli, and sends as is for identity or an unknown encoding', async () => {
    expect(
      (await get(t.app, '/accessibilite', { 'accept-encoding': 'gzip, deflate, br' })).headers,
    ).toMatchObject({ 'content-encoding': 'br' });
    for (const e of ['identity', 'zstd', 'br;q=0, gzip;q=0'])
      expect(
        (await get(t.app, '/accessibilite', { 'accept-encoding': e })).headers['content-encoding'],
      ).toBeUndefined();
  });

  it('says the anonymous search page varies with Accept-Encoding even when sent as is', async () => {
    await get(t.app, '/?q=vary');
    const hit = await get(t.app, '/?q=vary');
    expect(hit.headers['x-offre-cache']).toBe('hit');
    expect(hit.headers['content-encoding']).toBeUndefined();
    expect(String(hit.headers.vary)).toMatch(/accept-encoding/);
  });

  it('an upload through the Imports page still works, its answer compressed', async () => {
    const u = await compte(t, { email: 'gz@cfa-a.test', role: 'organisme', siren: SIREN_A });
    const a = new Navigateur(t.app, '10.8.7.6');
    await a.seConnecter(u.email, u.motDePasse);
    const lheo = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url));
    const post = await envoyer(a, 'lheo', 'offre-2.3.xml', lheo);
    expect(post.statusCode).toBe(303);
    const job = await a.get(post.headers.location as string, { 'accept-encoding': 'gzip' });
    expect(job.statusCode).toBe(200);
    expect(job.headers['content-encoding']).toBe('gzip');
    expect(texte(gunzipSync(job.rawPayload).toString())).toContain('offre-2.3.xml');
    // A refused file: its page (422) compressed too, nothing kept.
    const refus = await envoyer(a, 'classeur', 'offre.xml', lheo);
    expect(refus.statusCode).toBe(422);
  });
});

describe('compressed static assets', () => {
  for (const [nom, app] of [
    ['compressed on request', () => t.app],
    ['compressed copies', () => avecCache],
  ] as const)
    for (const [url, fichier] of [
      ['/dsfr/dsfr.min.css', join(DSFR, 'dsfr.min.css')],
      ['/scripts/autocompletion.js', 'src/http/web/scripts/autocompletion.js'],
    ] as const)
      it(`${url} (${nom}): br and gzip decompress to the file; one ETag, 304 across encodings`, async () => {
        const octets = readFileSync(fichier);
        const brut = await get(app(), url);
        expect(brut.statusCode).toBe(200);
        expect(brut.headers['content-encoding']).toBeUndefined();
        expect(brut.rawPayload.equals(octets)).toBe(true);
        const etags = new Set([brut.headers.etag]);
        for (const encodage of ['br', 'gzip'] as const) {
          const res = await get(app(), url, { 'accept-encoding': encodage });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-encoding']).toBe(encodage);
          expect(String(res.headers.vary)).toMatch(/accept-encoding/);
          expect(res.headers['content-type']).toBe(brut.headers['content-type']);
          expect(res.headers['cache-control']).toBe(brut.headers['cache-control']);
          expect(res.rawPayload.length).toBeLessThan(octets.length / 2);
          expect(inflate[encodage](res.rawPayload).equals(octets)).toBe(true);
          const etag = res.headers.etag as string;
          expect(etag).toBeTruthy();
          etags.add(etag);
          const nonModifie = await get(app(), url, { 'accept-encoding': encodage, 'if-none-match': etag });
          expect(nonModifie.statusCode).toBe(304);
          expect(nonModifie.rawPayload.length).toBe(0);
        }
        // One validator for the file, whatever its encoding (a weak ETag): a copy taken in one
        // encoding revalidates in another (a 304, not the whole file again).
        expect(etags.size).toBe(1);
        for (const [avant, apres] of [
          ['br', 'gzip'],
          ['gzip', 'br'],
          ['br', 'identity'],
        ] as const) {
          const etag = (await get(app(), url, { 'accept-encoding': avant })).headers.etag as string;
          const r = await get(app(), url, { 'accept-encoding': apres, 'if-none-match': etag });
          expect(r.statusCode, `${avant} → ${apres}`).toBe(304);
          expect(r.headers.etag).toBe(etag);
        }
      });

  it('the copies are what is sent, made once: a second run writes nothing', async () => {
    const dossier = readdirSync(cache).filter((d) => d.startsWith('scripts-'));
    expect(dossier).toEqual([expect.stringMatching(/^scripts-[0-9a-f]{12}$/)]);
    const br = join(cache, dossier[0]!, 'autocompletion.js.br');
    const res = await get(avecCache, '/scripts/autocompletion.js', { 'accept-encoding': 'br' });
    expect(res.rawPayload.equals(readFileSync(br))).toBe(true);
    const avant = statSync(br).mtimeMs;
    expect((await precompresserStatiques(cache, { prefixes: ['/scripts/'] })).ecrits).toBe(0);
    expect(statSync(br).mtimeMs).toBe(avant);
  });

  it('HEAD, ranges and files already compressed', async () => {
    const head = await avecCache.inject({
      method: 'HEAD',
      url: '/scripts/autocompletion.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.rawPayload.length).toBe(0);
    const morceau = await get(t.app, '/dsfr/dsfr.min.css', { range: 'bytes=0-99' });
    expect(morceau.statusCode).toBe(206);
    expect(morceau.rawPayload.equals(readFileSync(join(DSFR, 'dsfr.min.css')).subarray(0, 100))).toBe(true);
    const police = await get(t.app, '/dsfr/fonts/Marianne-Regular.woff2', { 'accept-encoding': 'br, gzip' });
    expect(police.statusCode).toBe(200);
    expect(police.headers['content-encoding']).toBeUndefined();
  });

  it('nothing compressed without Accept-Encoding', async () => {
    for (const url of ['/dsfr/utility/utility.min.css', '/scripts/ou.js', '/accessibilite'])
      expect((await get(avecCache, url)).headers['content-encoding']).toBeUndefined();
  });
});
