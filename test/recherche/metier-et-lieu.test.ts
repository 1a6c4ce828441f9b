import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { ajouterCommunes, type Fixture, loadFixture } from './fixtures.ts';

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

const demarrer = async (autres: Fixture[]) => {
  app = await startApp();
  await ajouterCommunes(app.ctx, [['71270', '71000', 'Mâcon', '71', '27', 46.3069, 4.8287, 33_000]]);
  await loadFixture(app.ctx, autres);
};

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & { corrigee?: boolean };
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
