import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// A fresh user's findings on the public search (h-recherche3): the result card of a search by place
// announces the formation's next start like every other search mode and the formation page.

let t: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-12-01T10:00:00Z') });
  ids = await loadFixture(t.ctx, [
    {
      // Found near Paris through a session that has started; its next start is in Lyon.
      cle: 'ECOLE-COMMERCE-PARIS-LYON',
      intitule: 'Bachelor commerce et distribution',
      lieux: [
        { code_insee: '75111', debut: '2025-09-08' },
        { code_insee: '69383', debut: '2027-09-09' },
      ],
    },
  ]);
});
afterAll(() => t.close());

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  expect(r.statusCode, url).toBe(200);
  return r.body;
};
/** The card of the formation `cle` in a result page, tags removed. */
const carte = (html: string, cle: string) => {
  const i = html.indexOf(`href="/formations/${ids.get(cle)}"`);
  expect(i, cle).toBeGreaterThan(0);
  const fin = html.indexOf('fr-card__detail', i);
  return html.slice(i, html.indexOf('</p>', fin)).replace(/<[^>]+>/g, '');
};

describe('the result card announces the formation’s next start in every search mode', () => {
  it.each([
    ['/?ou=Paris&rayon=10'],
    ['/?ou=Paris'],
    ['/?ou=75011&rayon=10&tri=debut'],
    ['/?q=bachelor%20commerce'],
    ['/?q=bachelor&ou=Paris&rayon=30'],
  ])('%s', async (url) => {
    const c = carte(await get(url), 'ECOLE-COMMERCE-PARIS-LYON');
    expect(c).toContain('Prochaine session le 9 septembre 2027');
    expect(c).not.toContain('Prochaine date à venir');
  });

  it('as the formation page does', async () => {
    const html = await get(`/formations/${ids.get('ECOLE-COMMERCE-PARIS-LYON')}`);
    expect(html).toContain('Prochaine rentrée : 9 septembre 2027.');
  });
});
