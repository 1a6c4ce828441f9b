import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// A parent's searches on a phone (h-recherche6): « cap cuisine » around Paris 16e listed Cergy
// (24 km) before Boulogne (3 km), all titled « CAP Cuisine »: at (nearly) equal relevance, the
// nearest comes first (docs/recherche.md « Filtres, tri et pages »); the sort by distance is exact,
// not by the tenth of km shown; « près de moi » in « Où ? » gets a helpful message, not
// « Vouliez-vous dire Val-des-Prés ». Real HTTP, page and API, both engines.

let app: AppLancee;

// Real communes (INSEE COG 2024 codes, WGS84 centroids).
const COMMUNES: readonly LigneCommune[] = [
  ['75116', '75016', 'Paris 16e Arrondissement', '75', '11', 48.8604, 2.262],
  ['75056', '75016', 'Paris', '75', '11', null, null],
  ['95127', '95000', 'Cergy', '95', '11', 49.0364, 2.0761],
  ['93008', '93000', 'Bobigny', '93', '11', 48.9077, 2.4397],
  ['93048', '93100', 'Montreuil', '93', '11', 48.8634, 2.4484],
  ['92012', '92100', 'Boulogne-Billancourt', '92', '11', 48.8365, 2.2399],
  ['92044', '92300', 'Levallois-Perret', '92', '11', 48.895, 2.2872],
  ['05177', '05120', 'Val-des-Prés', '05', '93', 44.9454, 6.6806],
];

// Written far first: their identifiers (time-ordered) then rank the far ones first at equal rank.
// The far ones say « cuisine » once more (objectif, organisme): a slightly higher rank, same offer.
const cuisine = (cle: string, code_insee: string, extra: Partial<Fixture> = {}): Fixture => ({
  cle,
  intitule: 'CAP Cuisine',
  siret: '13002526500013',
  organisme: 'Lycée des métiers',
  lieux: [{ code_insee }],
  ...extra,
});
const FORMATIONS: Fixture[] = [
  cuisine('CUISINE-CERGY', '95127', { objectif: 'Préparer le CAP Cuisine en deux ans.' }),
  cuisine('CUISINE-BOBIGNY', '93008', { organisme: 'Lycée hôtelier de cuisine' }),
  cuisine('CUISINE-MONTREUIL', '93048'),
  cuisine('CUISINE-LEVALLOIS', '92044'),
  cuisine('CUISINE-BOULOGNE', '92012'),
  // Near, but less relevant (« cap » only in its objectif): after every « CAP Cuisine ».
  {
    cle: 'COMMIS-BOULOGNE',
    intitule: 'Commis de cuisine',
    objectif: 'Une année pour entrer en cuisine, sans CAP.',
    siret: '13002526500013',
    organisme: 'Lycée des métiers',
    lieux: [{ code_insee: '92012' }],
  },
];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, FORMATIONS, COMMUNES);
});
afterAll(() => app?.stop());

const { get, api, texte } = clientRecherche(() => app.base);
const ordreApi = async (params: Record<string, string>) =>
  (await api({ limit: '20', ...params })).data.map((f) => f.cle_externe);
/** The formations' keys in the order of a result page (cards link to /formations/{id}). */
const ordrePage = async (chemin: string) => {
  const html = await (await get(chemin)).text();
  const ids = [...html.matchAll(/href="\/formations\/([^"?#]+)"/g)].map((m) => m[1]!);
  const cles = new Map(
    (await app.ctx.db.selectFrom('formation').select(['id', 'cle_externe']).execute()).map((f) => [
      f.id,
      f.cle_externe,
    ]),
  );
  return [...new Set(ids)].map((id) => cles.get(id));
};

const PROCHES_D_ABORD = [
  'CUISINE-BOULOGNE',
  'CUISINE-LEVALLOIS',
  'CUISINE-MONTREUIL',
  'CUISINE-BOBIGNY',
  'CUISINE-CERGY',
  'COMMIS-BOULOGNE',
];

describe('at (nearly) equal relevance, the nearest comes first', () => {
  it('on the page: « cap cuisine » around Paris 16e, Boulogne before Cergy, the less relevant last', async () => {
    expect(await ordrePage('/?q=cap+cuisine&ou=Paris+16e')).toEqual(PROCHES_D_ABORD);
    // The distance of each result is shown.
    const t = texte(await (await get('/?q=cap+cuisine&ou=Paris+16e')).text());
    expect(t).toMatch(/Boulogne-Billancourt — à 3,1 km/);
  });

  it('in the API, the same ranking', async () => {
    expect(await ordreApi({ q: 'cap cuisine', ou: 'Paris 16e', rayon_km: '30' })).toEqual(PROCHES_D_ABORD);
  });

  it('the sort by distance is exact, not by the tenth of km shown', async () => {
    // From this point, Boulogne is at 3.878 km and Levallois at 3.900 km: both « 3,9 km ».
    const ordre = await ordreApi({
      q: 'cap cuisine',
      lat: '48.8604',
      lon: '2.2785',
      rayon_km: '5',
      tri: 'distance',
    });
    expect(ordre.filter((c) => c === 'CUISINE-BOULOGNE' || c === 'CUISINE-LEVALLOIS')).toEqual([
      'CUISINE-BOULOGNE',
      'CUISINE-LEVALLOIS',
    ]);
  });
});

describe('« près de moi » in « Où ? »', () => {
  it.each(['près de moi', 'autour de moi', 'Ici', 'à proximité', 'pres de chez moi'])(
    '« %s »: the site does not locate you; a commune, a postal code or a département, no suggestion',
    async (ou) => {
      const t = texte(await (await get(`/?q=cap+cuisine&ou=${encodeURIComponent(ou)}`)).text());
      expect(t).toContain(
        `« ${ou} » : ce site ne connaît pas votre position. Saisissez une commune, un code postal ou un département (par exemple « Nantes », « 44000 » ou « 44 »).`,
      );
      expect(t).not.toContain('Vouliez-vous dire');
      expect(t).not.toContain('Val-des-Prés');
      const r = await fetch(`${app.base}/api/v1/formations?${new URLSearchParams({ q: 'cap cuisine', ou })}`);
      expect(r.status).toBe(400);
      const p = (await r.json()) as { code: string; detail: string };
      expect(p.code).toBe('COMMUNE_INTROUVABLE');
      expect(p.detail).toContain('ce site ne connaît pas votre position. Donnez une commune');
    },
  );
});
