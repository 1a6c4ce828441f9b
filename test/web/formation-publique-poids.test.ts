import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from '../recherche/fixtures.ts';

// The public formation page writes its sessions twice (formation.page.tsx Sessions): a table from
// the DSFR « md » breakpoint, a card each below it. Last session's review asked whether assistive
// tech meets them once, without JavaScript, and what it weighs for a formation of 40 sessions.
// Measured 07/12/2026 (branch h-relecture): see docs/mesures.md, « Page publique d’une formation
// de 40 sessions ».

const N = 40;
let t: TestWeb;
let html = '';

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => new Date('2027-01-15T10:00:00Z') });
  const ids = await loadFixture(t.ctx, [
    {
      cle: 'BTS-40-SESSIONS',
      intitule: 'BTS Quarante sessions',
      lieux: Array.from({ length: N }, (_, i) => ({
        code_insee: i % 2 ? '44109' : '58194',
        debut: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        fin: '2030-06-30',
        contact: `Contact ${i}`,
      })),
    },
  ]);
  const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get('BTS-40-SESSIONS')}` });
  expect(r.statusCode).toBe(200);
  html = r.body;
}, 120_000);
afterAll(() => t?.close());

describe(`the public page of a formation with ${N} sessions`, () => {
  it('writes each session once in the table and once in the cards, one of them hidden by CSS alone', () => {
    // display: none from DSFR's utilities (no script, and out of the accessibility tree): the table
    // below « md », the cards from it. Never aria-hidden on what is shown.
    expect(html).toContain('fr-hidden fr-unhidden-md');
    expect(html).toContain('class="fr-hidden-md fr-raw-list');
    expect(html).not.toContain('aria-hidden="true" class="fr-card');
    expect(html.match(/<li[^>]*class="fr-card /g) ?? []).toHaveLength(N);
    expect((html.match(/<tbody>[\s\S]*?<\/tbody>/g) ?? []).join('').match(/<tr/g) ?? []).toHaveLength(N);
  });

  // Measured: 72 406 bytes, 4 598 gzipped (docs/mesures.md).
  it('weighs what a page may: under 120 kB, under 10 kB compressed', () => {
    const octets = Buffer.byteLength(html);
    const gzip = gzipSync(html).length;
    const cartes = (html.match(/<ul class="fr-hidden-md[\s\S]*?<\/ul>/g) ?? []).join('');
    console.log(
      `page publique, ${N} sessions : ${octets} octets, ${gzip} compressés (gzip), dont cartes ${Buffer.byteLength(cartes)} octets`,
    );
    expect(octets).toBeLessThan(120_000);
    expect(gzip).toBeLessThan(10_000);
  });
});
