import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { loadFixture } from './fixtures.ts';

// A name several communes share in « Où ? » (docs/recherche.md « Où ? »): the most populous is
// searched, the page names it and links the others, the API says which one in `lieu_retenu`;
// « Nom (code postal) » keeps its own. Suggestions put big towns before villages of the same
// closeness. Real HTTP, both engines.

// Real communes (INSEE COG 2024 codes and centroids, legal populations 2021 as the communes file
// gives them in `population_2021`).
const HOMONYMES = [
  ['11339', '11310', 'Saint-Denis', '11', '76', 43.2306, 2.1989, 498],
  ['30247', '30500', 'Saint-Denis', '30', '76', 44.2264, 4.2531, 293],
  ['93066', '93200', 'Saint-Denis', '93', '11', 48.9295, 2.3592, 113942],
  ['93066', '93210', 'Saint-Denis', '93', '11', 48.9295, 2.3592, 113942],
  ['97411', '97400', 'Saint-Denis', '974', '04', -20.9329, 55.4456, 154765],
  ['12168', '12230', 'Nant', '12', '76', 44.0206, 3.3025, 1008],
  ['01269', '01130', 'Nantua', '01', '84', 46.1536, 5.6078, 3449],
  // As the built-in communes list gives it: no coordinates until the communes file is imported.
  ['44003', '44150', 'Ancenis-Saint-Géréon', '44', '52', null, null, 11225],
  // One postal code, several communes: the most populous is the one searched (fresh user of this stop).
  ['15003', '15100', 'Alleuze', '15', '84', null, null, 185],
  ['15187', '15100', 'Saint-Flour', '15', '84', null, null, 6536],
] as const;

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  await app.ctx.db
    .insertInto('commune')
    .values(
      HOMONYMES.map(
        ([code_insee, code_postal, nom, code_departement, code_region, lat, lon, population]) => ({
          code_insee,
          code_postal,
          nom,
          code_departement,
          code_region,
          lat,
          lon,
          population,
        }),
      ),
    )
    .execute();
  // Nantes (search fixture) with its population.
  await app.ctx.db
    .updateTable('commune')
    .set({ population: 323204 })
    .where('code_insee', '=', '44109')
    .execute();
});
afterAll(() => app?.stop());

const get = async (chemin: string) => {
  const r = await fetch(`${app.base}${chemin}`);
  expect(r.status, chemin).toBe(200);
  return r;
};
const texte = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const api = async (chemin: string) => (await (await get(chemin)).json()) as Record<string, unknown>;

describe('a name several communes share in « Où ? »', () => {
  it('searches the most populous on the page, names it and links the others', async () => {
    const html = texte(await (await get('/?ou=Saint-Denis')).text());
    expect(html).toContain('Commune retenue : Saint-Denis (97400).');
    for (const autre of ['Saint-Denis (93200)', 'Saint-Denis (11310)', 'Saint-Denis (30500)'])
      expect(html).toContain(autre);
  });

  it('tells the API reader which commune it searched', async () => {
    const r = await api('/api/v1/formations?ou=Saint-Denis');
    expect(r.lieu_retenu).toEqual({ code_insee: '97411', nom: 'Saint-Denis', code_postal: '97400' });
    const nantes = await api('/api/v1/formations?q=boulanger&ou=Nantes&rayon_km=30');
    expect(nantes.lieu_retenu).toEqual({ code_insee: '44109', nom: 'Nantes', code_postal: '44000' });
    expect((nantes.data as unknown[]).length).toBe(2);
    // No place asked: no such field.
    expect((await api('/api/v1/formations?q=boulanger')).lieu_retenu).toBeUndefined();
  });

  it('keeps the commune of a name with its postal code, or of a postal code', async () => {
    expect(texte(await (await get('/?ou=Saint-Denis%20(93200)')).text())).toContain('près de Saint-Denis');
    expect((await api('/api/v1/formations?ou=Saint-Denis%20(93200)')).lieu_retenu).toEqual({
      code_insee: '93066',
      nom: 'Saint-Denis',
      code_postal: '93200',
    });
    expect((await api('/api/v1/formations?ou=Saint-Denis%20(11310)')).lieu_retenu).toMatchObject({
      code_insee: '11339',
    });
    expect((await api('/api/v1/formations?ou=30500')).lieu_retenu).toMatchObject({ code_insee: '30247' });
    // Several communes share 15100: the most populous, Saint-Flour, not the first INSEE code.
    expect((await api('/api/v1/formations?ou=15100')).lieu_retenu).toMatchObject({ code_insee: '15187' });
    expect(texte(await (await get('/?ou=Alleuze')).text())).toContain('Formations près d’Alleuze');
  });

  it('offers the big town first among names as close as each other (« Nants »)', async () => {
    const html = texte(await (await get('/?ou=Nants')).text());
    expect(html).toContain('Vouliez-vous dire Nantes ou Nant ou Nantua ?');
    const r = await api('/api/v1/formations?ou=Nants');
    expect((r.lieux_proches as { nom: string }[]).map((l) => l.nom)).toEqual(['Nantes', 'Nant', 'Nantua']);
  });

  it('completes a name with the exact one first, then the most populous of the same closeness', async () => {
    const noms = async (q: string) =>
      (
        (await (await get(`/api/v1/communes?q=${encodeURIComponent(q)}`)).json()) as {
          nom: string;
          code_postal: string;
        }[]
      ).map((c) => `${c.nom} (${c.code_postal})`);
    expect(await noms('Nant')).toEqual(['Nant (12230)', 'Nantes (44000)', 'Nantua (01130)']);
    expect((await noms('Saint-Den')).slice(0, 2)).toEqual(['Saint-Denis (97400)', 'Saint-Denis (93200)']);
  });

  // Fresh user of stop 23: a radius around a commune without coordinates was silently dropped.
  it('says when a radius could not be applied (commune without coordinates), page and API', async () => {
    const html = texte(await (await get('/?ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon=30')).text());
    expect(html).toContain(
      'La position d’Ancenis-Saint-Géréon n’est pas connue de ce site : le rayon de 30 km n’a pas été appliqué',
    );
    const r = await api('/api/v1/formations?ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon_km=30');
    expect(r.rayon_ignore).toBe(true);
    // Known coordinates, or no radius asked: no notice, no field.
    expect(texte(await (await get('/?ou=Nantes&rayon=30')).text())).not.toContain('n’a pas été appliqué');
    expect((await api('/api/v1/formations?ou=Nantes&rayon_km=30')).rayon_ignore).toBeUndefined();
    expect((await api('/api/v1/formations?ou=Ancenis-Saint-G%C3%A9r%C3%A9on')).rayon_ignore).toBeUndefined();
  });
});
