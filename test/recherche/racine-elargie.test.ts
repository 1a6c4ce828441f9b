import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// A fresh user (h-recherche4): « bts commerce » found nothing — no BTS says « commerce », the BTS MCO
// says « commercial », and French stemming keeps commerce (commerc) and commercial apart. When the
// words as typed find nothing, each is also searched as the start of its French stem (commerc…),
// said so; the ways on (fewer words) are counted so too. docs/recherche.md. Real HTTP, both engines.

let app: AppLancee;

const AUTRES: Fixture[] = [
  // Makes « commerce » a word of the list (not corrected, not a start): as on the demonstration.
  {
    cle: 'BACPRO-COMMERCE-NANTES',
    intitule: 'Bac pro Métiers du commerce et de la vente',
    lieux: [{ code_insee: '44109' }],
  },
  {
    cle: 'BTS-NDRC-BORDEAUX',
    intitule: 'BTS Négociation et digitalisation de la relation client',
    objectif: 'Former des commerciaux.',
    lieux: [{ code_insee: '33063' }],
  },
  // « vente » (stem « vent », 4 letters) must not reach it.
  { cle: 'CAP-VENTILATION-NANTES', intitule: 'CAP Monteur en ventilation', lieux: [{ code_insee: '44109' }] },
];
// Real commune (INSEE COG 2024 code and centroid).
const BORDEAUX: LigneCommune = ['33063', '33000', 'Bordeaux', '33', '75', 44.8378, -0.5792];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, AUTRES, [BORDEAUX]);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  racines_elargies?: { mot: string; racine: string }[];
  moins_de_mots?: { sans: string; q: string; total: number }[];
};
const cherche = async (params: Record<string, string>) => (await api(params)) as Reponse;

describe('words that find nothing are widened to their French stem', () => {
  it('« bts commerce » finds the BTS « commercial » and « commerciaux », said on page and API', async () => {
    const r = await cherche({ q: 'bts commerce' });
    expect(cles(r)).toEqual(new Set(['BTS-MCO-LYON', 'BTS-NDRC-BORDEAUX']));
    expect(r.racines_elargies).toEqual([{ mot: 'commerce', racine: 'commerc' }]);
    const page = texte(await (await get('/?q=bts+commerce')).text());
    expect(page).toContain(
      'Aucune formation pour « bts commerce ». Résultats pour les mots qui commencent par « commerc… »',
    );
    expect(page).not.toContain('Aucune formation ne correspond');
  });

  it('with a place among the words: « bts commerce bordeaux »', async () => {
    const r = await cherche({ q: 'bts commerce bordeaux' });
    expect(cles(r)).toEqual(new Set(['BTS-NDRC-BORDEAUX']));
  });

  it('« Rechercher avec moins de mots » keeps the key word (« bts commerce nantes »)', async () => {
    const r = await cherche({ q: 'bts commerce nantes' });
    expect(r.total).toBe(0);
    expect(r.moins_de_mots?.[0]).toEqual({ sans: 'nantes', q: 'bts commerce', total: 2 });
  });

  it('words that find something as typed are not widened', async () => {
    const r = await cherche({ q: 'commerce' });
    expect(cles(r)).toEqual(new Set(['BACPRO-COMMERCE-NANTES']));
    expect(r.racines_elargies).toBeUndefined();
    expect(cles(await cherche({ q: 'bts commercial' }))).toEqual(
      new Set(['BTS-MCO-LYON', 'BTS-NDRC-BORDEAUX']),
    );
  });

  it('a stem shorter than 5 letters is not widened (« cap vente »: not ventilation)', async () => {
    const r = await cherche({ q: 'cap vente' });
    expect(r.total).toBe(0);
    expect(r.racines_elargies).toBeUndefined();
  });
});
