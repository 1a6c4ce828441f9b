import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { rechercher } from '../../src/services/recherche.service.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, loadFixture } from './fixtures.ts';

// Fresh users (h-recherche8): « cuisinier » did not find « CAP Cuisine » — the word is in the index
// (« Cuisinier en desserts de restaurant »), so nothing widened it, and French stemming leaves
// cuisinier and cuisine apart. Someone searching a trade expects the diplomas of its activity: the
// activity words the trade is formed on (domain/metier-activite.ts) are searched with it, ranked
// after the offers of the trade itself, and nothing else (« cuisine » does not find « cuir »).
// docs/recherche.md « Du métier au diplôme ». Real HTTP, both engines.

let app: AppLancee;

const AUTRES: Fixture[] = [
  { cle: 'CAP-CUISINE-NANTES', intitule: 'CAP Cuisine', lieux: [{ code_insee: '44109' }] },
  {
    cle: 'CUISINIER-DESSERTS-LYON',
    intitule: 'Cuisinier en desserts de restaurant',
    lieux: [{ code_insee: '69383' }],
  },
  {
    cle: 'CAP-MAROQUINERIE-NANTES',
    intitule: 'CAP Maroquinerie',
    objectif: 'Travailler le cuir.',
    lieux: [{ code_insee: '44109' }],
  },
  { cle: 'CAP-COIFFURE-LAVAL', intitule: 'CAP Métiers de la coiffure', lieux: [{ code_insee: '53130' }] },
  {
    cle: 'BACPRO-MV-NANTES',
    // The word list holds the titles (not the objectives): the activity is read there.
    intitule: 'Titre pro Mécanique et maintenance des véhicules',
    lieux: [{ code_insee: '44109' }],
  },
];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, AUTRES);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
const liste = (r: ReponseRecherche) => r.data.map((f) => f.cle_externe);

describe('from a trade to the diplomas of its activity', () => {
  it('« cuisinier » finds CAP Cuisine, after the offer named after the trade', async () => {
    const r = await api({ q: 'cuisinier' });
    expect(liste(r)).toEqual(['CUISINIER-DESSERTS-LYON', 'CAP-CUISINE-NANTES']);
    // Also around a place nearer to the CAP: the trade's own offer first (a lower relevance band).
    expect(liste(await api({ q: 'cuisinier', ou: 'Nantes', rayon_km: '1000' }))).toEqual([
      'CUISINIER-DESSERTS-LYON',
      'CAP-CUISINE-NANTES',
    ]);
    // The feminine: the same trade (its stem), the same activity.
    expect(liste(await api({ q: 'Cuisinière' }))).toEqual(['CUISINIER-DESSERTS-LYON', 'CAP-CUISINE-NANTES']);
  });

  it.each([
    ['coiffeur', ['CAP-COIFFURE-NEVERS', 'CAP-COIFFURE-LAVAL']],
    ['coiffeuse', ['CAP-COIFFURE-NEVERS', 'CAP-COIFFURE-LAVAL']],
    ['boulanger', ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
    ['mécanicien', ['BACPRO-MV-NANTES']],
    ['cap cuisinier', ['CAP-CUISINE-NANTES']],
  ])('« %s » finds the diplomas of its activity', async (q, attendues) => {
    expect(cles(await api({ q }))).toEqual(new Set(attendues));
  });

  it('does not flood: an activity word widens to nothing, a trade to its own activity only', async () => {
    expect(cles(await api({ q: 'cuisine' }))).toEqual(new Set(['CAP-CUISINE-NANTES']));
    expect(cles(await api({ q: 'cuisinier' })).has('CAP-MAROQUINERIE-NANTES')).toBe(false);
    expect(cles(await api({ q: 'cuir' }))).toEqual(new Set(['CAP-MAROQUINERIE-NANTES']));
    expect(cles(await api({ q: 'coiffure' }))).toEqual(
      new Set(['CAP-COIFFURE-NEVERS', 'CAP-COIFFURE-LAVAL']),
    );
    expect(cles(await api({ q: 'vendeur' }))).toEqual(new Set(['TP-VENDEUR-LAVAL']));
  });

  it('the page lists them too, without a suggestion', async () => {
    const html = await (await get('/?q=cuisinier')).text();
    expect(texte(html)).toContain('CAP Cuisine');
    expect(texte(html)).not.toContain('Maroquinerie');
    expect(html).not.toContain('Vouliez-vous dire');
  });

  it('costs no statement more: the activity words ride the words’ lookup', async () => {
    const compteur = compteurRequetes();
    const db = app.ctx.db.withPlugin(compteur);
    const requetes = async (q: string) => {
      compteur.reset();
      const r = await rechercher(db, { kind: 'anonyme' }, { q, taille: 20, aujourdhui: '2026-09-01' });
      return { n: compteur.n, total: r.total };
    };
    const cuisine = await requetes('cuisine');
    const cuisinier = await requetes('cuisinier');
    expect(cuisinier.total).toBe(2);
    expect(cuisinier.n, compteur.sqls.join('\n')).toBe(cuisine.n);
  });
});
