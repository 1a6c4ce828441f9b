import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { loadFixture } from './fixtures.ts';

// A misspelt place in « Où ? » (docs/recherche.md « Où ? »): the page says that no commune has
// that name and offers the nearest ones as links ("Vouliez-vous dire Nantes ?"), instead of
// searching silently somewhere else; the API gives them in `lieux_proches`. Real HTTP.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app.stop());

const get = async (chemin: string) => {
  const r = await fetch(`${app.base}${chemin}`);
  expect(r.status, chemin).toBe(200);
  return r;
};
const texte = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('a misspelt place in « Où ? »', () => {
  it('answers the page with the nearest commune as a link, and no result from elsewhere', async () => {
    const html = await (await get('/?q=boulanger&ou=Nants&rayon=50&niveau=3')).text();
    const alerte = html.slice(
      html.indexOf('id="lieu-inconnu"'),
      html.indexOf('</div>', html.indexOf('id="lieu-inconnu"')),
    );
    expect(texte(alerte)).toContain('Aucune commune ne correspond à « Nants ». Vouliez-vous dire Nantes ?');
    // The link keeps the words, the radius and the filters, and names the commune.
    const lien = /href="([^"]+)"/.exec(alerte)![1]!.replace(/&amp;/g, '&');
    const p = new URLSearchParams(lien.split('?')[1]);
    expect([p.get('q'), p.get('ou'), p.get('rayon'), p.get('niveau')]).toEqual([
      'boulanger',
      'Nantes',
      '50',
      '3',
    ]);
    expect(html).not.toContain('CAP Boulanger');

    // Following the link searches around Nantes.
    const suivi = texte(await (await get(lien)).text());
    expect(suivi).toContain('Formations pour « boulanger » près de Nantes');
    expect(suivi).toContain('CAP Boulanger');
    expect(suivi).not.toContain('Aucune commune');
  });

  it('names the whole city for a misspelt city with arrondissements', async () => {
    const html = texte(await (await get('/?ou=Lyom')).text());
    expect(html).toContain('Aucune commune ne correspond à « Lyom ». Vouliez-vous dire Lyon ?');
    expect(html).not.toContain('Arrondissement');
  });

  it('still says plainly that a name far from every commune is unknown', async () => {
    const html = texte(await (await get('/?ou=Xqzwv')).text());
    expect(html).toContain('Aucune commune ne s’appelle « Xqzwv » ni n’a ce code postal.');
    expect(html).not.toContain('Vouliez-vous dire');
  });

  it('gives the API reader the same result list (none) and the nearest communes', async () => {
    const r = (await (await get('/api/v1/formations?q=boulanger&ou=Nants')).json()) as Record<
      string,
      unknown
    >;
    expect(r.data).toEqual([]);
    expect(r.total).toBe(0);
    expect(r.lieux_proches).toEqual([{ code_insee: '44109', nom: 'Nantes', code_postal: '44000' }]);
    // A known place: no such field, the results as before.
    const connu = (await (
      await get('/api/v1/formations?q=boulanger&ou=Nantes&rayon_km=30')
    ).json()) as Record<string, unknown>;
    expect(connu.lieux_proches).toBeUndefined();
    expect((connu.data as unknown[]).length).toBe(2);
  });
});
