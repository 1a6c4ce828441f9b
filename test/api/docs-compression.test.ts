import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestApi } from './helpers.ts';

// /api/docs (Swagger UI) was outside both compression scopes (the API's, the pages'): its page,
// its document and its 1.4 MB script went uncompressed. Same module, same negotiation now; and
// what Offre controls on that page (its title, a way back to the site) is French.

const t = useTestApi();
const inflate = { gzip: gunzipSync, br: brotliDecompressSync } as const;

describe('/api/docs', () => {
  for (const url of ['/api/docs/', '/api/docs/json', '/api/docs/static/swagger-ui-bundle.js'])
    it(`${url}: compressed as negotiated, decompressing to the uncompressed body`, async () => {
      const brut = await t.app.inject({ url });
      expect(brut.statusCode).toBe(200);
      expect(brut.headers['content-encoding']).toBeUndefined();
      for (const encodage of ['gzip', 'br'] as const) {
        const res = await t.app.inject({ url, headers: { 'accept-encoding': `${encodage}, identity` } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-encoding'], url).toBe(encodage);
        expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
        expect(inflate[encodage](res.rawPayload).equals(brut.rawPayload)).toBe(true);
      }
      const prefere = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(prefere.headers['content-encoding']).toBe('br');
    });

  it('has a French title and a French way back to the site and to the French reference', async () => {
    const page = (await t.app.inject({ url: '/api/docs/' })).body;
    expect(page).toMatch(/<title>Offre — API, documentation interactive[^<]*<\/title>/);
    expect(page).toMatch(/<a href="\/"[^>]*>[^<]*Retour à Offre<\/a>/);
    expect(page).toContain('href="/api/reference"');
    expect(page).toMatch(/<nav lang="fr"/);
  });
});
