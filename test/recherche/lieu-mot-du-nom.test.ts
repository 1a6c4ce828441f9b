import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// A fresh user's report: « Où ? » with a distinctive word of a commune's name (« Haÿ » for
// L’Haÿ-les-Roses) answered « Aucune commune ne correspond à « Haÿ ». Vouliez-vous dire Hayes ? ».
// As a place field of a search product does, the communes whose name holds that word are now
// offered (never searched silently: which one is meant is the user's choice), before the names
// that are only near by letters (docs/recherche.md « Où ? »). Over HTTP (the page and the API).

let t: TestWeb;

beforeAll(async () => {
  t = await testWeb();
  // Real communes (COG 2024, populations 2021, rounded).
  await loadFixture(
    t.ctx,
    [],
    [
      ['94038', '94240', 'L’Haÿ-les-Roses', '94', '11', 48.78, 2.3374, 31_000],
      ['57303', '57530', 'Hayes', '57', '44', 49.0947, 6.3731, 300],
      ['97415', '97470', 'Saint-Benoît', '974', '04', -21.0339, 55.7128, 37_800],
      ['86214', '86280', 'Saint-Benoît', '86', '75', 46.5519, 0.3406, 7_500],
      ['45270', '45730', 'Saint-Benoît-sur-Loire', '45', '24', 47.8106, 2.2975, 2_000],
      ['76575', '76800', 'Saint-Étienne-du-Rouvray', '76', '28', 49.3775, 1.105, 28_600],
      ['21535', '21530', 'Rouvray', '21', '27', 47.4228, 4.1044, 170],
    ],
  );
});
afterAll(() => t.close());

const texte = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
/** The « Aucune commune… » alert of the search page for `ou`, as text, and its links. */
const alerte = async (ou: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/?${new URLSearchParams({ q: 'vendeur', ou })}` });
  expect(r.statusCode).toBe(200);
  const i = r.body.indexOf('id="lieu-inconnu"');
  expect(i, ou).toBeGreaterThan(0);
  const html = r.body.slice(i, r.body.indexOf('</div>', i));
  const liens = [...html.matchAll(/href="([^"]+)"/g)].map((m) =>
    new URLSearchParams(m[1]!.replace(/&amp;/g, '&').split('?')[1]).get('ou'),
  );
  return { texte: texte(html), liens };
};

describe('a word of a commune’s name in « Où ? »', () => {
  it('offers the communes whose name holds it, first, as links (« Haÿ »)', async () => {
    const a = await alerte('Haÿ');
    expect(a.texte).toContain(
      'Aucune commune ne correspond à « Haÿ ». Vouliez-vous dire L’Haÿ-les-Roses ou Hayes ?',
    );
    expect(a.liens).toEqual(['L’Haÿ-les-Roses', 'Hayes']);
  });

  it('offers each name once, the most populous first (« Benoît »)', async () => {
    const a = await alerte('Benoît');
    expect(a.texte).toContain(
      'Aucune commune ne correspond à « Benoît ». Vouliez-vous dire Saint-Benoît ou Saint-Benoît-sur-Loire ?',
    );
  });

  it('gives the API reader the same communes in lieux_proches, and no result', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/formations?q=vendeur&ou=Ha%C3%BF' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { data: unknown[]; lieux_proches: { code_insee: string }[] };
    expect(body.data).toEqual([]);
    expect(body.lieux_proches.map((l) => l.code_insee)).toEqual(['94038', '57303']);
  });

  it('leaves a commune’s exact name and a near name as they were', async () => {
    // « Rouvray » is a commune: searched, not Saint-Étienne-du-Rouvray.
    const r = await t.app.inject({ method: 'GET', url: '/?q=vendeur&ou=Rouvray' });
    expect(r.body).not.toContain('id="lieu-inconnu"');
    expect(texte(r.body)).toContain('Rouvray');
    // A misspelt name still gives the nearest by letters.
    expect((await alerte('Nants')).texte).toContain('Vouliez-vous dire Nantes ?');
  });
});
