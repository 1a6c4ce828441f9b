import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, diffuseeParApi, useTestApi } from './helpers.ts';

// Conditional reads of the exports (src/http/api/etag-export.ts): a partner polling the whole
// file gets 304 while the diffused offer has not changed, a full file again once it has; an
// organisation's export (its own drafts included) never gets an ETag.

const t = useTestApi();
beforeAll(() => diffuseeParApi(t, 'EXPORT-ETAG-1'));

const FORMATS = ['lheo', 'csv', 'xlsx'] as const;
const lire = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

describe('exports: ETag and If-None-Match', () => {
  for (const format of FORMATS)
    it(`/exports/${format}: 304 with the same ETag, anonymous and read key; 200 once the diffused offer changed`, async () => {
      const url = `/api/v1/exports/${format}`;
      for (const headers of [{}, bearer(t.keys.read)]) {
        const premier = await lire(url, headers);
        expect(premier.statusCode).toBe(200);
        const etag = premier.headers.etag as string;
        expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
        const encore = await lire(url, { ...headers, 'if-none-match': etag });
        expect(encore.statusCode).toBe(304);
        expect(encore.body).toBe('');
        expect(encore.headers.etag).toBe(etag);
        // Another filter is another file: its own tag.
        const filtre = await lire(`${url}?region=84`, { ...headers, 'if-none-match': etag });
        expect(filtre.statusCode).toBe(200);
        expect(filtre.headers.etag).not.toBe(etag);
      }
      const avant = (await lire(url)).headers.etag as string;
      await diffuseeParApi(t, `EXPORT-ETAG-${format}`);
      const apres = await lire(url, { 'if-none-match': avant });
      expect(apres.statusCode).toBe(200);
      expect(apres.headers.etag).not.toBe(avant);
      if (format !== 'xlsx') expect(apres.body).toContain(`EXPORT-ETAG-${format}`);
    });

  it('an organisation’s and an administrator’s exports carry no ETag and never answer 304', async () => {
    for (const cle of [t.keys.writeA, t.keys.admin]) {
      const r = await lire('/api/v1/exports/lheo', { ...bearer(cle), 'if-none-match': '*' });
      expect(r.statusCode).toBe(200);
      expect(r.headers.etag).toBeUndefined();
    }
  });

  it('a filter that selects nothing is 404 AUCUNE_FORMATION even with If-None-Match: *', async () => {
    for (const format of FORMATS) {
      const r = await lire(`/api/v1/exports/${format}?siret=99999999999999`, { 'if-none-match': '*' });
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('AUCUNE_FORMATION');
      expect(r.headers.etag).toBeUndefined();
    }
  });
});
