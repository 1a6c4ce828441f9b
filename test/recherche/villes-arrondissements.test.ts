import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// Paris, Lyon and Marseille as a fresh user's pass typed them (h-recherche2): the city's
// « general » postal code that no commune has (75000, 13000, 69000) and the city with its
// département number (« Lyon 69 »), which read as the whole city rather than a CEDEX code; and a
// session stored under the city's INSEE code (75056) with its arrondissement's postal code (75015),
// found by an arrondissement search without a radius. docs/recherche.md « Où ? ». Real HTTP, both engines.

let app: AppLancee;
let ids: Map<string, string>;

beforeAll(async () => {
  app = await startApp();
  ids = await loadFixture(app.ctx, [
    { cle: 'HORLO-PARIS-15', intitule: 'CAP Horlogerie', lieux: [{ code_insee: '75115' }] },
    {
      cle: 'HORLO-PARIS-VILLE-15',
      intitule: 'BMA Horlogerie',
      lieux: [{ code_insee: '75056', code_postal: '75015', coords: false }],
    },
    {
      cle: 'HORLO-PARIS-VILLE',
      intitule: 'MC Horlogerie',
      lieux: [{ code_insee: '75056', code_postal: null, coords: false }],
    },
    { cle: 'HORLO-PARIS-11', intitule: 'DMA Horlogerie', lieux: [{ code_insee: '75111' }] },
    {
      cle: 'HORLO-LYON-VILLE-3',
      intitule: 'CAP Horlogerie Lyon',
      lieux: [{ code_insee: '69123', code_postal: '69003', coords: false }],
    },
    {
      cle: 'HORLO-COTE-AZUR',
      intitule: 'CAP Horlogerie',
      objectif: 'Les métiers de l’horlogerie sur la Côte d’Azur.',
      lieux: [{ code_insee: '13201' }],
    },
    {
      cle: 'HORLO-MARSEILLE-VILLE-1',
      intitule: 'CAP Horlogerie Marseille',
      lieux: [{ code_insee: '13055', code_postal: '13001', coords: false }],
    },
  ]);
  // The communes file writes the elided article with a straight apostrophe (INSEE COG).
  await app.ctx.db
    .insertInto('commune')
    .values({
      code_insee: '93039',
      code_postal: '93450',
      nom: "L'Île-Saint-Denis",
      code_departement: '93',
      code_region: '11',
      lat: 48.9356,
      lon: 2.3376,
    })
    .execute();
  for (const [code, population] of [
    ['75056', 2133111],
    ['69123', 522250],
    ['13055', 873076],
    ['44109', 323204],
  ] as const)
    await app.ctx.db.updateTable('commune').set({ population }).where('code_insee', '=', code).execute();
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);

const PARIS = ['HORLO-PARIS-15', 'HORLO-PARIS-VILLE-15', 'HORLO-PARIS-VILLE', 'HORLO-PARIS-11'];

describe('a city’s « general » postal code or its département number', () => {
  it.each([
    ['75000', '75056', 'Paris'],
    ['Paris 75000', '75056', 'Paris'],
    ['Paris (75000)', '75056', 'Paris'],
    ['75000 Paris', '75056', 'Paris'],
    ['75000 PARIS', '75056', 'Paris'],
    ['Paris 75', '75056', 'Paris'],
    ['13000', '13055', 'Marseille'],
    ['13000 Marseille', '13055', 'Marseille'],
    ['69000', '69123', 'Lyon'],
    ['Lyon 69000', '69123', 'Lyon'],
    ['Lyon 69', '69123', 'Lyon'],
    ['Nantes 44', '44109', 'Nantes'],
  ])('« %s » is %s (%s, the whole city)', async (ou, code_insee, nom) => {
    const r = await api({ ou });
    expect(r.lieu_retenu).toMatchObject({ code_insee, nom, rayon_km: null });
  });

  it('finds the whole city’s sessions', async () => {
    expect(cles(await api({ ou: '75000', q: 'horlogerie' }))).toEqual(new Set(PARIS));
    expect(cles(await api({ ou: '69000', q: 'horlogerie' }))).toEqual(new Set(['HORLO-LYON-VILLE-3']));
  });

  it('on the page: no CEDEX explanation, the city searched', async () => {
    const html = await (await get('/?ou=75000&q=horlogerie')).text();
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(texte(html)).not.toContain('CEDEX');
    for (const cle of PARIS) expect(html).toContain(`/formations/${ids.get(cle)}`);
  });

  it('a name that is not the city of the code stays discordant (« Nantes 75000 »)', async () => {
    const r = await api({ ou: 'Nantes 75000' });
    expect(r.lieu_retenu).toBeUndefined();
    expect(r.total).toBe(0);
  });
});

describe('a session stored under the city’s INSEE code', () => {
  it.each([['Paris 15'], ['Paris 15e'], ['75015']])(
    '« %s » finds it by its arrondissement’s postal code, without a radius',
    async (ou) => {
      const r = await api({ ou, q: 'horlogerie' });
      expect(r.lieu_retenu).toMatchObject({ code_insee: '75115', rayon_km: null });
      expect(cles(r)).toEqual(new Set(['HORLO-PARIS-15', 'HORLO-PARIS-VILLE-15']));
    },
  );

  it('Lyon and Marseille too', async () => {
    expect(cles(await api({ ou: 'Lyon 3', q: 'horlogerie' }))).toEqual(new Set(['HORLO-LYON-VILLE-3']));
    expect(cles(await api({ ou: 'Marseille 1er', q: 'horlogerie' }))).toEqual(
      new Set(['HORLO-MARSEILLE-VILLE-1', 'HORLO-COTE-AZUR']),
    );
  });

  it('the API’s code_insee of the arrondissement too, with or without words', async () => {
    expect(cles(await api({ code_insee: '75115', q: 'horlogerie' }))).toEqual(
      new Set(['HORLO-PARIS-15', 'HORLO-PARIS-VILLE-15']),
    );
    const liste = cles(await api({ code_insee: '75115' }));
    expect(liste.has('HORLO-PARIS-VILLE-15')).toBe(true);
    expect(liste.has('HORLO-PARIS-VILLE')).toBe(false);
  });

  it('without a usable postal code, only the whole city finds it', async () => {
    expect(cles(await api({ ou: 'Paris', q: 'horlogerie' }))).toEqual(new Set(PARIS));
    expect(cles(await api({ ou: 'Paris 11', q: 'horlogerie' }))).toEqual(new Set(['HORLO-PARIS-11']));
  });

  it('with a radius, at its arrondissement’s centre, or the city’s without a postal code', async () => {
    // Neither has coordinates, and the city's own line has none (the communes file lists only
    // its arrondissements): the 15th's centre, or the mean of the arrondissements'.
    const autour = cles(await api({ ou: 'Paris 15', q: 'horlogerie', rayon_km: '10' }));
    expect(autour.has('HORLO-PARIS-VILLE-15')).toBe(true);
    expect(autour.has('HORLO-PARIS-VILLE')).toBe(true);
    expect(cles(await api({ ou: 'Nantes', q: 'horlogerie', rayon_km: '100' })).size).toBe(0);
  });

  it('on the page (30 km by default)', async () => {
    const html = await (await get('/?ou=Paris%2015&q=horlogerie')).text();
    expect(html).toContain(`/formations/${ids.get('HORLO-PARIS-VILLE-15')}`);
    const ville = await (await get('/?ou=Paris&q=horlogerie')).text();
    for (const cle of PARIS) expect(ville).toContain(`/formations/${ids.get(cle)}`);
  });
});

describe('names with an apostrophe', () => {
  it('the région filter says « Provence-Alpes-Côte d’Azur » with the typographic apostrophe', async () => {
    const html = await (await get('/?q=horlogerie')).text();
    expect(html).toContain('<option value="93">Provence-Alpes-Côte d’Azur (2)</option>');
    expect(html).not.toContain('Côte d&#x27;Azur');
    expect(html).not.toContain("Côte d'Azur");
  });

  it.each([['Côte d’Azur'], ["Côte d'Azur"]])(
    'the words typed with either apostrophe search the same (« %s »)',
    async (mots) => {
      const r = await api({ q: `horlogerie ${mots}` });
      expect(cles(r)).toEqual(new Set(['HORLO-COTE-AZUR']));
    },
  );

  // A fresh user's report (05/12): « L'Île-Saint-Denis », « Laval-d'Aix » shown with the COG's
  // straight apostrophe. The pages show referential names with ’; the API keeps the official text.
  it('shows a commune of the referential with the typographic apostrophe, the API the official name', async () => {
    const html = await (await get('/?ou=lile%20saint%20denis&q=horlogerie')).text();
    expect(html).toContain('L’Île-Saint-Denis');
    expect(html).not.toMatch(/L(&#x27;|')Île-Saint-Denis(?![^<]*")/);
    expect((await api({ ou: 'lile saint denis' })).lieu_retenu).toMatchObject({ nom: "L'Île-Saint-Denis" });
  });

  it.each([['L’Île-Saint-Denis'], ["L'Île-Saint-Denis"], ['lile saint denis']])(
    '« Où ? » reads a commune typed with either apostrophe (« %s »)',
    async (ou) => {
      expect((await api({ ou })).lieu_retenu).toMatchObject({ code_insee: '93039' });
    },
  );
});

// A fresh user's pass (07/12): a place typed among the words took the city alone (« coiffure Paris
// 15e » offered « Paris » and left « 15e » in the words; « cap cuisine Lyon 3e » ignored « 3e »).
describe('an arrondissement typed among the words', () => {
  type MotCommune = { mot: string; commune: string; q: string };
  const motsCommunes = async (q: string) =>
    (await api({ q })) as { mots_communes?: MotCommune[]; termes_ignores?: string[] };

  it.each([
    ['horlogerie Paris 15e', 'Paris 15e'],
    ['horlogerie paris XVe', 'Paris 15e'],
    ['horlogerie à Lyon 3e', 'Lyon 3e'],
    ['horlogerie Marseille 1er', 'Marseille 1er'],
  ])('« %s » offers « %s », the words without the place', async (q, commune) => {
    const r = await motsCommunes(q);
    expect(r.mots_communes).toEqual([
      { mot: commune.split(' ')[0]!.toLowerCase(), commune, q: 'horlogerie' },
    ]);
    expect(r.termes_ignores ?? []).toEqual([]);
  });

  it('a number that is no arrondissement of the city stays out of it (« Lyon 12 »)', async () => {
    const r = await motsCommunes('horlogerie Lyon 12');
    expect(JSON.stringify(r.mots_communes ?? [])).not.toContain('Lyon 12');
  });

  it('on the page: the link searches the arrondissement', async () => {
    const html = await (await get('/?q=horlogerie+Paris+15e')).text();
    expect(html).toContain('href="/?q=horlogerie&amp;ou=Paris+15e"');
  });
});
