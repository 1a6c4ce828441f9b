import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { loadFixture } from './fixtures.ts';

// Fresh tester: « 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 » (mathematical letters) or « 👩‍🍳 » listed the whole catalogue, as if
// nothing had been typed. The query is read in NFKC (compatibility letters are letters), and a
// query with no letter nor digit is refused on its field, page and API (docs/recherche.md).
// Real HTTP, both engines.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app?.stop());

const texte = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const get = (chemin: string) => fetch(`${app.base}${chemin}`);

describe('a query of symbols, emoji or compatibility letters', () => {
  it('reads mathematical and full-width letters as the letters they stand for', async () => {
    const tapes = await get(`/api/v1/formations?q=${encodeURIComponent('𝔟𝔬𝔲𝔩𝔞𝔫𝔤𝔢𝔯')}`);
    expect(tapes.status).toBe(200);
    const ecrits = await (await get('/api/v1/formations?q=boulanger')).json();
    const r = await tapes.json();
    expect(r.total).toBeGreaterThan(0);
    expect(r.total).toBe(ecrits.total);
    // Full-width code letters and digits (IME input) are the code.
    const code = await (await get(`/api/v1/formations?q=${encodeURIComponent('ＲＮＣＰ３７５３７')}`)).json();
    expect(code.total).toBeGreaterThan(0);
  });

  it('refuses a query with no letter nor digit in the API, naming the parameter', async () => {
    const tout = await (await get('/api/v1/formations?ou=Nantes')).json();
    expect(tout.total).toBeGreaterThan(0);
    for (const q of ['👩‍🍳', '★ ✓ …', '--']) {
      const r = await get(`/api/v1/formations?q=${encodeURIComponent(q)}&ou=Nantes`);
      expect(r.status, q).toBe(400);
      const p = await r.json();
      expect(p.code).toBe('AUCUN_MOT_RECONNU');
      expect(p.champ).toBe('q');
      expect(p.detail).toContain(`Aucun mot reconnu dans « ${q} »`);
    }
  });

  it('says so on the page, on the field, and lists nothing', async () => {
    const r = await get(`/?q=${encodeURIComponent('👩‍🍳')}`);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(texte(html)).toContain('Aucun mot reconnu dans « 👩‍🍳 »');
    expect(html).toContain('fr-input-group--error');
    expect(html).not.toContain('/formations/');
    // The same letters as words are searched as usual.
    expect((await get(`/?q=${encodeURIComponent('𝔟𝔬𝔲𝔩𝔞𝔫𝔤𝔢𝔯')}`)).status).toBe(200);
  });
});
