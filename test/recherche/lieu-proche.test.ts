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
  // A real commune (COG 2024) whose name shares « ville » with a name that is none: pg_trgm's own
  // threshold (0.3) would offer it for « Nulleparteville » (similarity 0.35).
  await app.ctx.db
    .insertInto('commune')
    .values({
      code_insee: '76467',
      code_postal: '76460',
      nom: 'Néville',
      code_departement: '76',
      code_region: '28',
      lat: 49.82794,
      lon: 0.71078,
    })
    .execute();
  await app.ctx.db
    .insertInto('commune')
    .values({
      code_insee: '94038',
      code_postal: '94240',
      nom: 'L’Haÿ-les-Roses',
      code_departement: '94',
      code_region: '11',
      lat: 48.78,
      lon: 2.3374,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
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
    expect(html).toContain(
      'Commune introuvable : aucune commune ne s’appelle « Xqzwv » ni n’a ce code postal.',
    );
    expect(html).not.toContain('Vouliez-vous dire');
  });

  it('offers no commune that only shares an ending with the name (similarity below 0.4)', async () => {
    const html = texte(await (await get('/?q=boulanger&ou=Nulleparteville')).text());
    expect(html).toContain(
      'Commune introuvable : aucune commune ne s’appelle « Nulleparteville » ni n’a ce code postal.',
    );
    expect(html).not.toContain('Vouliez-vous dire');
    expect(html).not.toContain('Néville');
    expect(html).not.toContain('CAP Boulanger');
    // A close enough name is still offered, the new commune included.
    expect(texte(await (await get('/?ou=Nevill')).text())).toContain('Vouliez-vous dire Néville ?');
  });

  it('finds a commune whose elided article is typed without its apostrophe', async () => {
    for (const ou of ['lhay les roses', 'LHaÿ-les-Roses', 'l hay les roses', 'L’Haÿ-les-Roses']) {
      const r = (await (await get(`/api/v1/formations?ou=${encodeURIComponent(ou)}`)).json()) as Record<
        string,
        unknown
      >;
      expect(r.lieu_retenu, ou).toEqual({
        code_insee: '94038',
        nom: 'L’Haÿ-les-Roses',
        code_postal: '94240',
        code_departement: '94',
        pourquoi: 'seule',
        rayon_km: null,
      });
    }
    const html = texte(await (await get('/?ou=lhay+les+roses')).text());
    expect(html).not.toContain('Vouliez-vous dire');
    expect(html).not.toContain('Commune introuvable');
    // Too short to be read that way: three letters glued are not looked up without spaces.
    expect(texte(await (await get('/?ou=lhy')).text())).not.toContain('L’Haÿ-les-Roses ·');
  });

  // Was: pointed to the Département filter with a link (h-recherche4: searched at once instead,
  // ou-departement.test.ts); what stays protected: never « Commune introuvable », the words kept.
  it('searches the département a number names, keeping the words, page and API', async () => {
    for (const [ou, dep, nom] of [
      ['44', '44', 'Loire-Atlantique'],
      ['971', '971', 'Guadeloupe'],
      [' 2a ', '2A', 'Corse-du-Sud'],
    ] as const) {
      const html = texte(await (await get(`/?q=boulanger&ou=${encodeURIComponent(ou)}`)).text());
      expect(html, ou).toContain(`Formations pour « boulanger » dans le département ${dep} — ${nom}`);
      expect(html, ou).not.toContain('Commune introuvable');
    }
    expect(texte(await (await get('/?q=boulanger&ou=44')).text())).toContain('CAP Boulanger');
    const r = await fetch(`${app.base}/api/v1/formations?q=boulanger&ou=44`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as Record<string, unknown>).departement_retenu).toEqual({
      code_departement: '44',
      nom: 'Loire-Atlantique',
      pourquoi: 'numero',
    });
  });

  it('answers the API reader a problem details when no commune is near the name', async () => {
    for (const ou of ['Nulleparteville', 'Xqzwv', '99999']) {
      const r = await fetch(`${app.base}/api/v1/formations?q=boulanger&ou=${ou}`);
      expect(r.status, ou).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const p = (await r.json()) as Record<string, unknown>;
      expect(p).toMatchObject({
        status: 400,
        code: 'COMMUNE_INTROUVABLE',
        title: 'Commune introuvable',
        champ: 'ou',
      });
      expect(p.detail).toBe(
        `Commune introuvable : aucune commune ne s’appelle « ${ou} » ni n’a ce code postal. Vérifiez l’orthographe ou donnez le code postal.`,
      );
    }
  });

  it('gives the API reader the same result list (none) and the nearest communes', async () => {
    const r = (await (await get('/api/v1/formations?q=boulanger&ou=Nants')).json()) as Record<
      string,
      unknown
    >;
    expect(r.data).toEqual([]);
    expect(r.total).toBe(0);
    expect(r.lieux_proches).toEqual([
      { code_insee: '44109', nom: 'Nantes', code_postal: '44000', code_departement: '44' },
    ]);
    // A known place: no such field, the results as before.
    const connu = (await (
      await get('/api/v1/formations?q=boulanger&ou=Nantes&rayon_km=30')
    ).json()) as Record<string, unknown>;
    expect(connu.lieux_proches).toBeUndefined();
    expect((connu.data as unknown[]).length).toBe(2);
  });
});
