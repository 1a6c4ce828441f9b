import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { ajouterCommunes, type Fixture, fixerPopulations, loadFixture } from './fixtures.ts';

// A fresh user's cities and « near me » (h-recherche5): « marseille 17e », « lyon 10e » (no such
// arrondissement) searched « 17e » as a word, 0 results; « cap cuisine dans ma ville » matched an
// organisme « Villeneuve »; « Où ? » put Marseille 1er 7th for « marseille 1 » and « Paris (75011) »
// first for « 750 »; the page named Paris whole « Paris (Paris) ». docs/recherche.md « Ce qu’on peut
// taper », « Où ? ». Real HTTP, page and API, both engines.

let app: AppLancee;

const SIRET_VILLENEUVE = '73282932000074';
const FORMATIONS: Fixture[] = [
  { cle: 'CUISINE-MARSEILLE-1', intitule: 'CAP Cuisine', lieux: [{ code_insee: '13201' }] },
  { cle: 'CUISINE-LYON-3', intitule: 'CAP Cuisine', lieux: [{ code_insee: '69383' }] },
  { cle: 'CUISINE-PARIS-15', intitule: 'CAP Cuisine', lieux: [{ code_insee: '75115' }] },
  {
    cle: 'CUISINE-VILLENEUVE',
    intitule: 'CAP Cuisine',
    siret: SIRET_VILLENEUVE,
    organisme: 'Lycée hôtelier Villeneuve',
    lieux: [{ code_insee: '44109' }],
  },
  {
    cle: 'METIERS-VILLE',
    intitule: 'Titre professionnel Agent des métiers de la ville',
    lieux: [{ code_insee: '44109' }],
  },
];
const CUISINE = new Set(['CUISINE-MARSEILLE-1', 'CUISINE-LYON-3', 'CUISINE-PARIS-15', 'CUISINE-VILLENEUVE']);

// Marseille's 10e to 16e (INSEE COG; legal populations 2021, rounded): each more populous than its 1er.
const MARSEILLE: [string, string, number][] = [
  ['13210', '10e', 56000],
  ['13211', '11e', 58000],
  ['13212', '12e', 63000],
  ['13213', '13e', 92000],
  ['13214', '14e', 62000],
  ['13215', '15e', 80000],
  ['13216', '16e', 17000],
];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, FORMATIONS);
  await ajouterCommunes(
    app.ctx,
    MARSEILLE.map(([code, n, population]) => [
      code,
      `130${code.slice(3)}`,
      `Marseille ${n} Arrondissement`,
      '13',
      '93',
      null,
      null,
      population,
    ]),
  );
  await fixerPopulations(app.ctx, [
    ['13201', 39000],
    ['13055', 873000],
    ['75056', 2133000],
    ['75111', 142000],
    ['75115', 230000],
  ]);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  mots_communes?: { mot: string; commune: string; q: string; arrondissement_inexistant?: unknown }[];
  moins_de_mots?: unknown[];
  pres_de_moi_dans_q?: { terme: string; q: string };
};
const cherche = async (params: Record<string, string>) => (await api(params)) as Reponse;
const page = async (chemin: string) => texte(await (await get(chemin)).text());
const suggestions = async (q: string) =>
  (await (await get(`/api/v1/communes?q=${encodeURIComponent(q)}`)).json()) as {
    code_insee: string;
    nom: string;
    code_postal: string;
  }[];

describe('an arrondissement a city has not, as an ordinal (« marseille 17e »): the whole city, the number said', () => {
  it.each([
    ['cap cuisine marseille 17e', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine marseille17e', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine Marseille 17ème', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine marseille 17eme', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine marseille 17è', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine marseille17è', 'marseille', 'Marseille', 17, 16, 'CUISINE-MARSEILLE-1'],
    ['cap cuisine lyon 10e', 'lyon', 'Lyon', 10, 9, 'CUISINE-LYON-3'],
    ['cap cuisine Paris 21e', 'paris', 'Paris', 21, 20, 'CUISINE-PARIS-15'],
  ])('API « %s »: the city’s formations, « %s » offered whole', async (q, mot, commune, numero, n, cle) => {
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(new Set([cle]));
    expect(r.moins_de_mots, q).toBeUndefined();
    expect(r.termes_ignores, q).toBeUndefined();
    expect(r.mots_communes, q).toEqual([
      { mot, commune, q: 'cap cuisine', arrondissement_inexistant: { numero, arrondissements: n } },
    ]);
  });

  it('on the page: found, said, the whole city one link away', async () => {
    for (const [q, phrase] of [
      ['cap cuisine marseille 17e', 'Marseille n’a pas de 17e arrondissement (elle en a 16).'],
      ['cap cuisine lyon 10ème', 'Lyon n’a pas de 10e arrondissement (elle en a 9).'],
    ] as const) {
      const t = await page(`/?q=${encodeURIComponent(q)}`);
      expect(t, q).toContain('1 formation trouvée');
      expect(t, q).toContain(phrase);
    }
  });
});

describe('« near me » as a French user types it: the site does not know where, and says so', () => {
  it.each([
    ['cap cuisine à proximité', 'à proximité'],
    ['cap cuisine a proximite', 'a proximite'],
    ['cap cuisine autour de moi', 'autour de moi'],
    ['cap cuisine près de chez moi', 'près de chez moi'],
    ['cap cuisine dans mon coin', 'dans mon coin'],
    ['cap cuisine dans ma ville', 'dans ma ville'],
    ['cap cuisine dans ma région', 'dans ma région'],
    ['cap cuisine dans ma region', 'dans ma region'],
    ['cap cuisine aux alentours', 'aux alentours'],
    ['dans ma ville cap cuisine', 'dans ma ville'],
  ])('API « %s »: the words searched everywhere, « %s » in pres_de_moi_dans_q', async (q, terme) => {
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(CUISINE);
    expect(r.pres_de_moi_dans_q, q).toEqual({ terme, q: 'cap cuisine' });
    expect(r.moins_de_mots, q).toBeUndefined();
  });

  it('on the page: the words searched, the ask for « Où ? »', async () => {
    const t = await page('/?q=cap+cuisine+dans+ma+ville');
    expect(t).toContain('4 formations trouvées');
    expect(t).toContain(
      '« dans ma ville » : ce site ne connaît pas votre position, la recherche porte sur toute la France.',
    );
  });

  it('typed in « Où ? »: no commune looked for (no Villeneuve), what to type said', async () => {
    for (const ou of ['dans ma ville', 'dans ma région', 'dans mon coin']) {
      expect(await page(`/?q=cap+cuisine&ou=${encodeURIComponent(ou)}`), ou).toContain(
        `« ${ou} » : ce site ne connaît pas votre position.`,
      );
    }
  });

  it('a real title with « ville », « à proximité » before a place, « proche aidant »: no « near me »', async () => {
    const r = await cherche({ q: 'métiers de la ville' });
    expect(cles(r)).toEqual(new Set(['METIERS-VILLE']));
    expect(r.pres_de_moi_dans_q).toBeUndefined();
    for (const q of ['cap cuisine à proximité de Lyon', 'proche aidant', 'cap cuisine à proximité Lyon'])
      expect((await cherche({ q })).pres_de_moi_dans_q, q).toBeUndefined();
  });
});

describe('« Où ? » suggestions for a city with arrondissements', () => {
  it('« marseille 1 »: the 1er first, then the 10e… 16e', async () => {
    const s = await suggestions('marseille 1');
    expect(s[0]).toEqual({ code_insee: '13201', nom: 'Marseille 1er Arrondissement', code_postal: '13001' });
    expect(s.map((c) => c.code_insee).sort()).toEqual(['13201', ...MARSEILLE.map(([c]) => c)].sort());
  });

  it('« 750 »: Paris whole first, once, then its arrondissements', async () => {
    const s = await suggestions('750');
    expect(s[0]).toEqual({ code_insee: '75056', nom: 'Paris', code_postal: '' });
    expect(s.filter((c) => c.code_insee === '75056')).toHaveLength(1);
    expect(s.slice(1).map((c) => c.code_insee)).toEqual(['75115', '75111']);
    // A whole postal code is one arrondissement's: as before.
    expect((await suggestions('75015')).some((c) => c.code_insee === '75115')).toBe(true);
  });
});

describe('« Où ? » = « 750 » submitted without choosing a suggestion', () => {
  it('is no dead end: « Vouliez-vous dire Paris ? » on the page, Paris first in lieux_proches', async () => {
    const t = await page('/?q=cap+cuisine&ou=750');
    expect(t).toContain('Vouliez-vous dire Paris');
    expect(t).not.toContain('Paris (Paris)');
    const r = (await cherche({ q: 'cap cuisine', ou: '750' })) as Reponse & {
      lieux_proches?: { code_insee: string; nom: string }[];
    };
    expect(r.lieux_proches?.[0]).toMatchObject({ code_insee: '75056', nom: 'Paris' });
  });
});

describe('a city with arrondissements whole is named by its name alone on the page', () => {
  it('« paris 75 »: « Paris », never « Paris (Paris) »', async () => {
    const t = await page('/?q=cap+cuisine&ou=paris+75');
    expect(t).not.toContain('Paris (Paris)');
    expect(t).toContain('Formations pour « cap cuisine » près de Paris');
    expect(t).toContain('Commune retenue : Paris');
  });
});
