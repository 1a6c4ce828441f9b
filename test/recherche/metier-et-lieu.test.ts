import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { rechercher } from '../../src/services/recherche.service.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// A trade word that is also a town's name (« maçon », Mâcon) found the business school « de Mâcon »
// and nothing of masonry; « maçonnerie » was « corrected » to macon, « serveur » to services
// (h-recherche5). A word written otherwise than the commune (accents) is searched in the offers' own
// text only; a place or an organisme's name never outranks an offer's own text; a correction is a
// plausible typo, a derived word is searched for its stem in the offers' own text, another word is
// only suggested. docs/recherche.md « Fautes de frappe » and « Un mot qui est aussi une commune ».
// Real HTTP, both engines.

let app: AppLancee;

const ESC: Fixture = {
  cle: 'ESC-MACON',
  intitule: 'Titre Chargé de gestion commerciale',
  organisme: 'École supérieure de commerce de Mâcon',
  siret: '71000123100004',
  lieux: [{ code_insee: '58194' }],
};
const SIO: Fixture = {
  cle: 'BTS-SIO-NANTES',
  intitule: 'BTS Services informatiques aux organisations',
  lieux: [{ code_insee: '44109' }],
};
const MACON: Fixture = {
  cle: 'CAP-MACON-ANGERS',
  intitule: 'CAP Maçon',
  objectif: 'Construire des murs en maçonnerie.',
  lieux: [{ code_insee: '49007' }],
};

// Real commune (INSEE COG 2024 code and centroid, legal population 2021).
const COMMUNE_MACON: LigneCommune = ['71270', '71000', 'Mâcon', '71', '27', 46.3069, 4.8287, 33_000];
// A village whose name is an everyday word (communes.csv of ../shared/reference: 518 inhabitants).
const COMMUNE_BOIS: LigneCommune = ['17050', '17240', 'Bois', '17', '75', 45.4801, -0.61607, 518];

const demarrer = async (autres: Fixture[]) => {
  app = await startApp();
  await loadFixture(app.ctx, autres, [COMMUNE_MACON, COMMUNE_BOIS]);
};

const { get, api, cles, texte } = clientRecherche(() => app.base);
type MotCommune = { mot: string; commune: string; q: string };
type Reponse = ReponseRecherche & { corrigee?: boolean; mots_communes?: MotCommune[] };
const cherche = async (q: string) => (await api({ q })) as Reponse;
const liste = (r: ReponseRecherche) => r.data.map((f) => f.cle_externe);

describe('without any masonry offer', () => {
  beforeAll(() => demarrer([ESC, SIO]));
  afterAll(() => app?.stop());

  it('« maçon » is no town: nothing, not the business school of Mâcon', async () => {
    const r = await cherche('maçon');
    expect(liste(r)).toEqual([]);
    expect(r.suggestion).toBeNull();
    const page = texte(await (await get('/?q=ma%C3%A7on')).text());
    expect(page).not.toContain('gestion commerciale');
  });

  it('the town or the organisme as written (« Mâcon », « macon », « commerce Mâcon ») still finds it', async () => {
    for (const q of ['Mâcon', 'macon', 'MACON', 'commerce Mâcon', 'école supérieure de commerce'])
      expect(cles(await cherche(q)), q).toEqual(new Set(['ESC-MACON']));
  });

  it('« maçonnerie » is not corrected to the town: nothing', async () => {
    for (const q of ['maçonnerie', 'maconnerie']) {
      const r = await cherche(q);
      expect(liste(r), q).toEqual([]);
      expect(r.corrigee, q).toBeFalsy();
    }
  });

  it('« serveur » is not replaced by « services »: nothing, the other word only offered', async () => {
    const r = await cherche('serveur');
    expect(liste(r)).toEqual([]);
    expect(r.corrigee).toBeFalsy();
    const page = texte(await (await get('/?q=serveur')).text());
    expect(page).not.toContain('Services informatiques');
    expect(page).not.toContain('Résultats pour');
  });

  it.each([
    ['coiffeuse', ['CAP-COIFFURE-NEVERS']],
    ['vendeuse', ['TP-VENDEUR-LAVAL']],
    ['boulanjer', ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
    ['maintenace', ['BACPRO-MSPC-MARSEILLE', 'TECH-MAINT-PARIS']],
    ['comptable', ['BTS-CG-LAVAL']],
  ])('« %s » is still found by its correction or family', async (q, attendues) => {
    expect(cles(await cherche(q))).toEqual(new Set(attendues));
  });
});

describe('with a masonry offer', () => {
  beforeAll(() => demarrer([ESC, SIO, MACON]));
  afterAll(() => app?.stop());

  it('« maçon » finds it alone; « macon » finds it first, the town after', async () => {
    expect(liste(await cherche('maçon'))).toEqual(['CAP-MACON-ANGERS']);
    expect(liste(await cherche('macon'))).toEqual(['CAP-MACON-ANGERS', 'ESC-MACON']);
  });

  it('« maçonnerie » finds it (its description, and its stem in the intitulé), not the town', async () => {
    expect(liste(await cherche('maçonnerie'))).toEqual(['CAP-MACON-ANGERS']);
  });
});

// Fresh user: « macon » without any masonry offer listed the business school « de Mâcon », and
// nothing said the word was taken for the town. A word of q that is also a commune's name, typed
// so that it may mean it, is offered as the place (docs/recherche.md « Un mot qui est aussi une
// commune »): page and API, the word left out of q.
describe('a word of q that is also a commune', () => {
  // The business school where it is: in Mâcon.
  const ESC_A_MACON: Fixture = { ...ESC, lieux: [{ code_insee: '71270' }] };
  beforeAll(() => demarrer([ESC_A_MACON, SIO]));
  afterAll(() => app?.stop());

  it('« macon » may be the town: the page says so and links the search at Mâcon, the word left out', async () => {
    const brut = await (await get('/?q=macon&niveau=5&departement=44')).text();
    expect(texte(brut)).toContain('Mâcon est aussi une commune : voir les formations à Mâcon');
    // The place replaces the word and the area filters; the others stay.
    expect(brut).toContain('<a href="/?ou=M%C3%A2con&amp;niveau=5">voir les formations à Mâcon</a>');
    const mots = await (await get('/?q=commerce+%C3%A0+Macon')).text();
    expect(mots).toContain('<a href="/?q=commerce&amp;ou=M%C3%A2con">voir les formations à Mâcon</a>');
    // Followed: the formations around Mâcon, the commune said, nothing offered any more.
    const suivie = await (await get('/?q=commerce&ou=M%C3%A2con')).text();
    expect(texte(suivie)).toContain('Formations pour « commerce » près de Mâcon');
    expect(texte(suivie)).toContain('1 formation trouvée');
    expect(suivie).not.toContain('id="aussi-commune"');
  });

  it('says the same in the API (mots_communes), and not when a place is given', async () => {
    expect((await cherche('macon')).mots_communes).toEqual([{ mot: 'macon', commune: 'Mâcon', q: '' }]);
    expect((await cherche('Mâcon')).mots_communes).toEqual([{ mot: 'macon', commune: 'Mâcon', q: '' }]);
    expect((await cherche('BTS commerce de Mâcon')).mots_communes).toEqual([
      { mot: 'macon', commune: 'Mâcon', q: 'BTS commerce' },
    ]);
    const laval = (await api({ q: 'vendeuse laval' })) as Reponse;
    expect(laval.mots_communes).toEqual([{ mot: 'laval', commune: 'Laval', q: 'vendeuse' }]);
    expect(((await api({ q: 'macon', ou: 'Nantes' })) as Reponse).mots_communes).toBeUndefined();
    expect(((await api({ q: 'macon', departement: '71' })) as Reponse).mots_communes).toEqual([
      { mot: 'macon', commune: 'Mâcon', q: '' },
    ]);
    expect((await cherche('boulanger')).mots_communes).toBeUndefined();
    // A village's name that is an everyday word is not offered as the place (noise on « bois »).
    expect((await cherche('menuisier bois')).mots_communes).toBeUndefined();
    expect((await cherche('commerce macon bois')).mots_communes).toEqual([
      { mot: 'macon', commune: 'Mâcon', q: 'commerce bois' },
    ]);
    // q left empty: the search without it.
    const r = (await api({ ou: 'Mâcon' })) as Reponse;
    expect(r.mots_communes).toBeUndefined();
    expect(cles(r)).toEqual(new Set(['ESC-MACON']));
  });

  // h-recherche5: a bare « Aucune formation » was a dead end; when the trade finds nothing, the town
  // is offered (never searched in its place).
  it('keeps « maçon » the trade: nothing found, the town offered as a way on', async () => {
    const r = await cherche('maçon');
    expect(liste(r)).toEqual([]);
    expect(r.mots_communes).toEqual([{ mot: 'macon', commune: 'Mâcon', q: '' }]);
    expect(await (await get('/?q=ma%C3%A7on')).text()).toContain('id="aussi-commune"');
  });

  it('costs no statement more: the commune rides the words’ lookup', async () => {
    const compteur = compteurRequetes();
    const db = app.ctx.db.withPlugin(compteur);
    const requetes = async (q: string) => {
      compteur.reset();
      const r = await rechercher(db, { kind: 'anonyme' }, { q, taille: 20, aujourdhui: '2026-09-01' });
      return { n: compteur.n, mots: r.motsCommunes.length };
    };
    // One word each, the same one formation found: a commune offered, or not.
    const commerce = await requetes('commerce');
    const macon = await requetes('macon');
    expect(macon.mots).toBe(1);
    expect(commerce.mots).toBe(0);
    expect(macon.n, compteur.sqls.join('\n')).toBe(commerce.n);
  });
});
