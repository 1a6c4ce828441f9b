import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// The search form sent without JavaScript sends every field, empty or not (`/?q=&ou=&rayon=30`):
// the page answers with a redirection to the same address without the empty parameters, the
// address a reader would write and share; the page it leads to searches as before. Real HTTP.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app?.stop());

const { texte } = clientRecherche(() => app.base);
const sans = (chemin: string) => fetch(`${app.base}${chemin}`, { redirect: 'manual' });
const liens = (html: string) => new Set([...html.matchAll(/href="\/formations\/([^"]+)"/g)].map((m) => m[1]));

describe('empty parameters of the search address', () => {
  it.each([
    ['/?q=&ou=&rayon=30', '/'],
    ['/?q=boulanger&ou=&rayon=30', '/?q=boulanger'],
    ['/?q=&ou=Nantes&rayon=10&niveau=&tri=pertinence', '/?ou=Nantes&rayon=10&tri=pertinence'],
    ['/?q=boulanger&ou=&rayon=50', '/?q=boulanger&rayon=50'],
  ])('%s redirects (303) to %s', async (de, vers) => {
    const r = await sans(de);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(vers);
  });

  it('serves an address without empty parameters as before (no redirection)', async () => {
    const r = await sans('/?q=boulanger&ou=Nantes');
    expect(r.status).toBe(200);
    expect((await sans('/')).status).toBe(200);
  });

  it('leads, without JavaScript, to the same search as the form asked', async () => {
    const suivie = await fetch(`${app.base}/?q=boulanger&ou=&rayon=30&niveau=`);
    expect(suivie.status).toBe(200);
    expect(suivie.url).toBe(`${app.base}/?q=boulanger`);
    const html = await suivie.text();
    expect(texte(html)).toContain('Formations pour « boulanger »');
    // The form's own radius beside an empty « Où ? » is not warned, before or after.
    expect(html).not.toContain('rayon-sans-lieu');
    expect(liens(html)).toEqual(liens(await (await fetch(`${app.base}/?q=boulanger`)).text()));
    expect(liens(html).size).toBeGreaterThan(0);
    // The shortcut /recherche too, with nothing typed.
    const r = await sans('/recherche?q=');
    expect(r.headers.get('location')).toBe('/');
  });
});
