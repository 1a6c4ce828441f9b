import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// A fresh user's words in « Quoi ? » (h-recherche-mots): « cap cuisine paris 15 » searched the
// département 15 (Cantal); « apprentissage » was a word the titles had to contain (16 « cap cuisine »
// instead of 72 on the demonstration, every one an apprenticeship); « près de », « autour de »,
// « vers » were searched as words (« BTS SIO près de Nantes »: nothing). docs/recherche.md « Ce qu’on
// peut taper ». Real HTTP, page and API, both engines.

let app: AppLancee;

const AUTRES: Fixture[] = [
  { cle: 'CUISINE-PARIS-15', intitule: 'CAP Cuisine', lieux: [{ code_insee: '75115' }] },
  { cle: 'CUISINE-PARIS-11', intitule: 'CAP Cuisine', lieux: [{ code_insee: '75111' }] },
  { cle: 'CUISINE-AURILLAC', intitule: 'CAP Cuisine', lieux: [{ code_insee: '15014' }] },
  // Not an apprenticeship: a training course under no contract.
  {
    cle: 'CUISINE-NANTES-CONTINUE',
    intitule: 'CAP Cuisine',
    lieux: [{ code_insee: '44109' }],
    apprentissage: false,
  },
  {
    cle: 'BTS-SIO-NANTES',
    intitule: 'BTS Services informatiques aux organisations',
    lieux: [{ code_insee: '44109' }],
  },
  {
    cle: 'BTS-SIO-LAVAL',
    intitule: 'BTS Services informatiques aux organisations',
    lieux: [{ code_insee: '53130' }],
  },
];
// Real commune (INSEE COG 2024 code and centroid): the Cantal's prefecture, département 15.
const AURILLAC: LigneCommune = ['15014', '15000', 'Aurillac', '15', '84', 44.9264, 2.4397];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, AUTRES, [AURILLAC]);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  departement_retenu?: unknown;
  lieu_dans_q?: unknown;
  mots_communes?: { mot: string; commune: string; q: string }[];
  moins_de_mots?: unknown[];
  modalite_dans_q?: { terme: string; modalite: string; q: string };
};
const cherche = async (params: Record<string, string>) => (await api(params)) as Reponse;
const page = async (chemin: string) => (await get(chemin)).text();

describe('« paris 15 » among the words is the arrondissement, never the département', () => {
  it('« cap cuisine paris 15 » offers Paris 15e, not the Cantal', async () => {
    const r = await cherche({ q: 'cap cuisine paris 15' });
    expect(r.departement_retenu).toBeUndefined();
    expect(r.lieu_dans_q).toBeUndefined();
    expect(cles(r).has('CUISINE-AURILLAC')).toBe(false);
    expect(cles(r).has('CUISINE-PARIS-15')).toBe(true);
    expect(r.mots_communes).toEqual([{ mot: 'paris', commune: 'Paris 15e', q: 'cap cuisine' }]);
    expect(r.termes_ignores).toBeUndefined();
    expect((await cherche({ q: 'cap cuisine paris 16' })).departement_retenu).toBeUndefined();
    const brut = await page('/?q=cap+cuisine+paris+15');
    expect(texte(brut)).not.toContain('Cantal');
    expect(texte(brut)).toContain('est aussi une commune : voir les formations à Paris 15e');
    expect(brut).toContain('href="/?q=cap+cuisine&amp;ou=Paris+15e"');
    expect(cles(await cherche({ q: 'cap cuisine', ou: 'Paris 15e' }))).toEqual(new Set(['CUISINE-PARIS-15']));
  });

  it('a number alone stays the département (« cap cuisine 15 »)', async () => {
    const r = await cherche({ q: 'cap cuisine 15' });
    expect(cles(r)).toEqual(new Set(['CUISINE-AURILLAC']));
  });
});

describe('« apprentissage » among the words is the type of offer, not a word of the titles', () => {
  const apprentis = new Set(['CUISINE-PARIS-15', 'CUISINE-PARIS-11', 'CUISINE-AURILLAC']);

  it.each([
    ['cap cuisine apprentissage', 'apprentissage'],
    ['cap cuisine en apprentissage', 'en apprentissage'],
    ['cap cuisine par apprentissage', 'par apprentissage'],
    ['apprenti cap cuisine', 'apprenti'],
  ])('« %s »: the apprenticeship offers of « cap cuisine », said', async (q, terme) => {
    expect(cles(await cherche({ q: 'cap cuisine' })).size).toBe(4);
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(apprentis);
    expect(r.modalite_dans_q, q).toEqual({ terme, modalite: 'apprentissage', q: 'cap cuisine' });
    expect(r.termes_ignores, q).toBeUndefined();
  });

  it('the filter chosen says the same, or wins (conventionné: the word is searched)', async () => {
    const meme = await cherche({ q: 'cap cuisine apprentissage', modalite: 'apprentissage' });
    expect(cles(meme)).toEqual(apprentis);
    const autre = await cherche({ q: 'cap cuisine apprentissage', modalite: 'conventionne' });
    expect(autre.modalite_dans_q).toBeUndefined();
    expect(autre.total).toBe(0);
  });

  it('on the page: the words searched, the filter chosen, said with the way back', async () => {
    const brut = await page('/?q=cap+cuisine+en+apprentissage');
    const t = texte(brut);
    expect(t).toContain('Formations pour « cap cuisine »');
    expect(t).toContain('3 formations trouvées');
    expect(t).toContain('« en apprentissage » est lu comme le type d’offre : En apprentissage.');
    expect(brut).toContain('<a href="/?q=cap+cuisine">Chercher « cap cuisine » dans toutes les offres</a>');
    expect(brut).toMatch(/<option value="apprentissage" selected[^>]*>/);
    expect(brut).toContain('name="q" value="cap cuisine"');
  });
});

describe('« près de », « autour de », « vers » introduce the place, like « sur »', () => {
  it.each([
    'BTS SIO près de Nantes',
    'bts sio autour de nantes',
    'bts sio vers nantes',
    'bts sio à côté de Nantes',
    'bts sio sur nantes',
  ])('« %s » finds the BTS SIO of Nantes and offers Nantes without the preposition', async (q) => {
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(new Set(['BTS-SIO-NANTES']));
    expect(r.moins_de_mots, q).toBeUndefined();
    expect(r.mots_communes, q).toEqual([
      { mot: 'nantes', commune: 'Nantes', q: q.split(/ (?:près|autour|vers|à|sur) /)[0] },
    ]);
  });

  it('on the page', async () => {
    const t = texte(await page('/?q=BTS+SIO+pr%C3%A8s+de+Nantes'));
    expect(t).toContain('1 formation trouvée');
    expect(t).not.toContain('Aucune formation ne correspond');
  });
});
