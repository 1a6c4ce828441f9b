import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, loadFixture } from './fixtures.ts';

// A fresh user's places among the words (h-recherche3): « cap cuisine près de moi » searched all France
// silently; « près nantes », « cap cuisine pres nantes » found nothing (« près » searched); « coiffure
// nantes »; « paris 21 » searched the Côte-d’Or; « paris15 » was one word; the « Où ? » suggestions
// and the place retained named Paris by a postal code no commune has (75000) or by its 1er's (75001).
// docs/recherche.md « Ce qu’on peut taper », « Où ? ». Real HTTP, page and API, both engines.

let app: AppLancee;

// A Luhn-valid SIRET of its own: an organisme named after Nantes whose coiffure is taught in Angers.
const SIRET_NANTES = '73282932000074';
const AUTRES: Fixture[] = [
  { cle: 'CUISINE-NANTES', intitule: 'CAP Cuisine', lieux: [{ code_insee: '44109' }] },
  { cle: 'CUISINE-PARIS-15', intitule: 'CAP Cuisine', lieux: [{ code_insee: '75115' }] },
  { cle: 'CUISINE-LYON-3', intitule: 'CAP Cuisine', lieux: [{ code_insee: '69383' }] },
  { cle: 'COIFFURE-NANTES', intitule: 'CAP Métiers de la coiffure', lieux: [{ code_insee: '44109' }] },
  {
    cle: 'COIFFURE-ECOLE-NANTES-ANGERS',
    intitule: 'CAP Métiers de la coiffure',
    siret: SIRET_NANTES,
    organisme: 'École de coiffure de Nantes',
    lieux: [{ code_insee: '49007' }],
  },
];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, AUTRES);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  departement_retenu?: unknown;
  lieu_dans_q?: unknown;
  autres_lieux?: { code_insee: string; nom: string; code_postal: string }[];
  mots_communes?: {
    mot: string;
    commune: string;
    q: string;
    arrondissement_inexistant?: { numero: number; arrondissements: number };
  }[];
  moins_de_mots?: unknown[];
  pres_de_moi_dans_q?: { terme: string; q: string };
};
const cherche = async (params: Record<string, string>) => (await api(params)) as Reponse;
const page = async (chemin: string) => (await get(chemin)).text();
const CUISINE = new Set(['CUISINE-NANTES', 'CUISINE-PARIS-15', 'CUISINE-LYON-3']);

describe('« près de moi » among the words: the site does not know where « moi » is, and says so', () => {
  it.each([
    ['cap cuisine près de moi', 'près de moi'],
    ['cap cuisine autour de chez moi', 'autour de chez moi'],
    ['cap cuisine pres moi', 'pres moi'],
  ])('API « %s »: the words searched everywhere, the phrase in pres_de_moi_dans_q', async (q, terme) => {
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(CUISINE);
    expect(r.pres_de_moi_dans_q, q).toEqual({ terme, q: 'cap cuisine' });
    expect(r.termes_ignores, q).toBeUndefined();
  });

  it('with « ou », the place given is searched and the phrase is still no word', async () => {
    const r = await cherche({ q: 'cap cuisine près de moi', ou: 'Nantes', rayon_km: '30' });
    expect(cles(r)).toEqual(new Set(['CUISINE-NANTES']));
    expect(r.pres_de_moi_dans_q).toEqual({ terme: 'près de moi', q: 'cap cuisine' });
  });

  it('on the page: the words searched, the ask for « Où ? » linked to the field', async () => {
    const brut = await page('/?q=cap+cuisine+pr%C3%A8s+de+moi');
    const t = texte(brut);
    expect(t).toContain('Formations pour « cap cuisine »');
    expect(t).toContain('3 formations trouvées');
    expect(t).toContain(
      '« près de moi » : ce site ne connaît pas votre position, la recherche porte sur toute la France.',
    );
    expect(brut).toContain(
      '<a href="#ou">Indiquez votre commune, votre code postal ou votre département dans « Où ? »</a>',
    );
    expect(brut).toMatch(/id="ou"[^>]*aria-describedby="pres-de-moi-dans-q"/);
    expect(brut).toContain('name="q" value="cap cuisine"');
    // A place given: nothing to ask.
    expect(await page('/?q=cap+cuisine+pr%C3%A8s+de+moi&ou=Nantes')).not.toContain('id="pres-de-moi-dans-q"');
  });
});

describe('« près », « proche », « autour », « à côté » before a place, with or without « de »', () => {
  it.each([
    'cap cuisine près nantes',
    'cap cuisine pres nantes',
    'cap cuisine proche nantes',
    'cap cuisine autour nantes',
    'cap cuisine a cote nantes',
    'cap cuisine à côté de nantes',
    'cap cuisine près de nantes',
  ])('« %s » finds the CAP Cuisine of Nantes and offers Nantes without the preposition', async (q) => {
    const r = await cherche({ q });
    expect(cles(r), q).toEqual(new Set(['CUISINE-NANTES']));
    expect(r.moins_de_mots, q).toBeUndefined();
    expect(r.mots_communes, q).toEqual([{ mot: 'nantes', commune: 'Nantes', q: 'cap cuisine' }]);
  });

  it('« près nantes » alone: the formations of Nantes', async () => {
    const r = await cherche({ q: 'près nantes' });
    expect(cles(r).has('CUISINE-NANTES')).toBe(true);
    expect(r.total).toBe((await cherche({ q: 'nantes' })).total);
    expect(texte(await page('/?q=cap+cuisine+pres+nantes'))).toContain('1 formation trouvée');
  });
});

describe('« coiffure nantes »: a word of an organisme’s name does not displace the commune', () => {
  it('finds the coiffure of Nantes, and that of the school named after Nantes; Nantes is offered', async () => {
    const r = await cherche({ q: 'coiffure nantes' });
    expect(cles(r)).toEqual(new Set(['COIFFURE-NANTES', 'COIFFURE-ECOLE-NANTES-ANGERS']));
    expect(r.mots_communes).toEqual([{ mot: 'nantes', commune: 'Nantes', q: 'coiffure' }]);
    // The commune's reading, one link away: the coiffure taught in Nantes only.
    expect(cles(await cherche({ q: 'coiffure', ou: 'Nantes', rayon_km: '30' }))).toEqual(
      new Set(['COIFFURE-NANTES']),
    );
    const brut = await page('/?q=coiffure+nantes');
    expect(brut).toContain('href="/?q=coiffure&amp;ou=Nantes"');
  });
});

describe('« paris 21 »: Paris has 20 arrondissements, 21 is no département', () => {
  it('API: no Côte-d’Or; Paris whole offered, the number said', async () => {
    const r = await cherche({ q: 'cap cuisine paris 21' });
    expect(r.departement_retenu).toBeUndefined();
    expect(r.lieu_dans_q).toBeUndefined();
    expect(r.termes_ignores).toBeUndefined();
    expect(r.mots_communes).toEqual([
      {
        mot: 'paris',
        commune: 'Paris',
        q: 'cap cuisine',
        arrondissement_inexistant: { numero: 21, arrondissements: 20 },
      },
    ]);
  });

  it('on the page: said, with the whole city one link away', async () => {
    const brut = await page('/?q=cap+cuisine+paris+21');
    const t = texte(brut);
    expect(t).not.toContain('Côte-d’Or');
    expect(t).toContain('Paris n’a pas de 21e arrondissement (elle en a 20). Paris est aussi une commune');
    expect(brut).toContain('href="/?q=cap+cuisine&amp;ou=Paris"');
  });
});

describe('« paris15 », « lyon3 » glued: the arrondissement', () => {
  it.each([
    ['cap cuisine paris15', 'Paris 15e', 'CUISINE-PARIS-15'],
    ['cap cuisine Lyon3', 'Lyon 3e', 'CUISINE-LYON-3'],
  ])('« %s » is « %s »', async (q, commune, cle) => {
    const r = await cherche({ q });
    expect(r.total, q).toBeGreaterThan(0);
    expect(r.mots_communes, q).toEqual([
      { mot: commune.split(' ')[0]!.toLowerCase(), commune, q: 'cap cuisine' },
    ]);
    expect(r.termes_ignores, q).toBeUndefined();
    expect(cles(await cherche({ q: 'cap cuisine', ou: commune })), q).toEqual(new Set([cle]));
    expect(texte(await page(`/?q=${encodeURIComponent(q)}`)), q).toContain(
      `est aussi une commune : voir les formations à ${commune}`,
    );
  });
});

describe('Paris whole is named « Paris », never by a postal code no commune has', () => {
  it('the « Où ? » suggestions give it without a postal code', async () => {
    const communes = (await (await get('/api/v1/communes?q=paris')).json()) as {
      code_insee: string;
      nom: string;
      code_postal: string;
    }[];
    expect(communes[0]).toEqual({ code_insee: '75056', nom: 'Paris', code_postal: '' });
  });

  it('the place retained, whole, has no postal code (not its 1er’s, not 75000)', async () => {
    for (const ou of ['Paris', '75000', 'Paris (75000)']) {
      const r = await cherche({ q: 'cap cuisine', ou });
      expect(r.lieu_retenu, ou).toMatchObject({ code_insee: '75056', nom: 'Paris', code_postal: '' });
    }
    const r = await cherche({ q: 'cap cuisine', ou: 'Paris 15e' });
    expect(r.autres_lieux).toContainEqual({
      code_insee: '75056',
      nom: 'Paris',
      code_postal: '',
      code_departement: '75',
    });
    const brut = await page('/?q=cap+cuisine&ou=Paris+15e');
    expect(brut).not.toMatch(/Paris \((?:75000|75011|75015)\b/);
    expect(brut).not.toContain('ou=Paris+%2875');
  });
});
