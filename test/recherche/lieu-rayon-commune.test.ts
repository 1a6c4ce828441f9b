import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libelleCommune } from '../../src/domain/communes-suggerees.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// Fresh users with the demo data (h-recherche-lieu): a session in Paris 16e without coordinates
// (the built-in communes list has none) vanished from « Paris 16e » as soon as a radius applied,
// though in the very commune searched; a place that excludes everything blamed the words
// (« cap cuisine » around Nantes: one at 80 km); the « Où ? » suggestions left big cities out
// (« mars », « bord », « paris »). docs/recherche.md « Où ? ». Real HTTP, page and API, both engines.

let app: AppLancee;

// Real communes (INSEE COG codes, WGS84 centroids, legal populations); the 16e as the built-in list
// gives it: no coordinates.
const COMMUNES: readonly LigneCommune[] = [
  ['75116', '75016', 'Paris 16e Arrondissement', '75', '11', null, null, 159386],
  ['75116', '75116', 'Paris 16e Arrondissement', '75', '11', null, null, 159386],
  ['75056', '75016', 'Paris', '75', '11', null, null],
  ['33063', '33000', 'Bordeaux', '33', '75', 44.8624, -0.5848, 261804],
  ['33063', '33100', 'Bordeaux', '33', '75', 44.8624, -0.5848, 261804],
  ['17052', '17290', 'Bords', '17', '75', 45.8972, -0.7947, 1453],
  ['12168', '12230', 'Nant', '12', '76', 44.0211, 3.3033, 1003],
  ['83087', '83860', 'Nans-les-Pins', '83', '93', 43.3706, 5.7833, 4586],
  ['07152', '07210', 'Mars', '07', '84', 44.9606, 4.4614, 330],
  ['42141', '42750', 'Mars', '42', '84', 46.1392, 4.2622, 414],
  ['13202', '13002', 'Marseille 2e Arrondissement', '13', '93', 43.3126, 5.3639, 25779],
  ['13055', '13002', 'Marseille', '13', '93', null, null],
];

const FORMATIONS: Fixture[] = [
  {
    cle: 'LUTHIER-PARIS-16',
    intitule: 'CAP Luthier',
    lieux: [{ code_insee: '75116', coords: false }],
  },
  {
    cle: 'LUTHIER-PARIS-VILLE-16',
    intitule: 'BMA Luthier',
    lieux: [{ code_insee: '75056', code_postal: '75016', coords: false }],
  },
  { cle: 'LUTHIER-PARIS-11', intitule: 'DMA Luthier', lieux: [{ code_insee: '75111' }] },
  { cle: 'CUISINE-ANGERS', intitule: 'CAP Cuisine', lieux: [{ code_insee: '49007' }] },
];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, FORMATIONS, COMMUNES);
  for (const [code, population] of [
    ['75056', 2103778],
    ['13055', 886040],
    ['44109', 323204],
  ] as const)
    await app.ctx.db.updateTable('commune').set({ population }).where('code_insee', '=', code).execute();
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
const page = async (qs: string) => (await get(`/?${qs}`)).text();

describe('a session in the very commune searched, without coordinates, within a radius', () => {
  it.each([['Paris 16e'], ['75016'], ['Paris']])('« %s » with a radius keeps it (API)', async (ou) => {
    const r = await api({ q: 'luthier', ou, rayon_km: '30' });
    expect(cles(r)).toEqual(new Set(['LUTHIER-PARIS-16', 'LUTHIER-PARIS-VILLE-16', 'LUTHIER-PARIS-11']));
    const d = new Map(
      (r.data as { cle_externe: string; distance_km?: number }[]).map((f) => [f.cle_externe, f.distance_km]),
    );
    expect(d.get('LUTHIER-PARIS-16')).toBe(0);
    expect(d.get('LUTHIER-PARIS-VILLE-16')).toBe(0);
  });

  it('the API says the same with and without a radius for the arrondissement alone', async () => {
    const seule = await api({ q: 'luthier', ou: 'Paris 16e' });
    const rayon = await api({ q: 'luthier', ou: 'Paris 16e', rayon_km: '10' });
    for (const c of cles(seule)) expect(cles(rayon)).toContain(c);
  });

  it('the page (30 km by default) lists it « dans la commune »', async () => {
    const html = await page('q=luthier&ou=Paris+16e');
    const t = texte(html);
    expect(t).toContain('3 formations trouvées');
    expect(t).toMatch(/CAP Luthier ?CFA de l’Ouest — Paris 16e Arrondissement — dans la commune/);
  });
});

describe('a place that excludes everything', () => {
  it('the API offers the radius that finds the nearest one', async () => {
    const r = (await api({ q: 'cap cuisine', ou: 'Nantes', rayon_km: '30' })) as unknown as {
      total: number;
      plus_loin?: { rayon_km: number | null; distance_km: number | null; total: number };
    };
    expect(r.total).toBe(0);
    expect(r.plus_loin).toEqual({ rayon_km: 100, distance_km: expect.closeTo(80, 0) as number, total: 1 });
  });

  it('the API offers the search everywhere when none is within the largest radius', async () => {
    const r = (await api({ q: 'cap cuisine', ou: 'Nevers', rayon_km: '30' })) as unknown as {
      plus_loin?: unknown;
    };
    expect(r.plus_loin).toEqual({ rayon_km: null, distance_km: null, total: 1 });
  });

  it('the page says the place, not the words, and links the radius that finds it first', async () => {
    const html = await page('q=cap+cuisine&ou=Nantes');
    const t = texte(html);
    expect(t).toContain('Aucune formation à moins de 30 km de Nantes');
    expect(t).toMatch(/La plus proche est à 8\d(,\d)? km/);
    expect(html).toContain('href="/?q=cap+cuisine&amp;ou=Nantes&amp;rayon=100"');
    expect(t).not.toContain('Aucune formation ne contient tous les mots de votre recherche');
    const lien = html.indexOf('id="plus-loin"');
    expect(lien).toBeGreaterThan(0);
    const moins = html.indexOf('id="moins-de-mots"');
    if (moins >= 0) expect(moins).toBeGreaterThan(lien);
  });

  it('the page offers the search everywhere beyond the largest radius', async () => {
    const html = await page('q=cap+cuisine&ou=Nevers&rayon=100');
    const t = texte(html);
    expect(t).toContain('Aucune formation à moins de 100 km de Nevers');
    expect(html).toContain('href="/?q=cap+cuisine"');
  });
});

describe('the « Où ? » suggestions as people type', () => {
  const noms = async (q: string) =>
    (await (await get(`/api/v1/communes?q=${encodeURIComponent(q)}`)).json()) as {
      code_insee: string;
      nom: string;
      code_postal: string;
    }[];

  it('puts the big city first', async () => {
    expect((await noms('bord')).map((c) => c.nom)).toEqual(['Bordeaux', 'Bordeaux', 'Bords']);
    expect((await noms('nan')).map((c) => c.nom)).toEqual(['Nantes', 'Nans-les-Pins', 'Nant']);
  });

  it('gives a city with arrondissements whole, first, then its arrondissements', async () => {
    expect((await noms('mars')).map(libelleCommune)).toEqual([
      'Marseille',
      'Marseille 2e Arrondissement (13002)',
      'Mars (42750)',
      'Mars (07210)',
      'Marseille 1er Arrondissement (13001)',
    ]);
    const paris = await noms('paris');
    expect(paris[0]).toEqual({ code_insee: '75056', nom: 'Paris', code_postal: '' });
    expect(paris.filter((c) => c.code_insee === '75056')).toHaveLength(1);
    expect(paris.map((c) => c.nom)).toContain('Paris 15e Arrondissement');
    expect((await noms('paris 15')).map((c) => c.code_postal)).toEqual(['75015']);
  });

  it('the whole city suggested is searched whole', async () => {
    const r = await api({ q: 'luthier', ou: 'Paris' });
    expect(r.lieu_retenu?.code_insee).toBe('75056');
    // « Paris (75000) », as suggested before, still reads so.
    expect((await api({ q: 'luthier', ou: 'Paris (75000)' })).lieu_retenu?.code_insee).toBe('75056');
  });
});
