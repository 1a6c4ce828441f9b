import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { type Criteres, rechercher } from '../../src/services/recherche.service.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// A région typed in « Où ? » (h-recherche8, docs/recherche.md « Où ? »): « Ile-de-France » offered
// Fort-de-France, « Bretagne » nothing — départements were read, régions not. Its name (accents and
// hyphens aside) or a common spelling (« PACA », « IDF ») searches the whole région, as the page's
// Région filter does, said on the page and in the API (`region_retenue`). Real HTTP, both engines.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  // The commune whose name « Ile-de-France » was nearest to.
  await app.ctx.db
    .insertInto('commune')
    .values({
      code_insee: '97209',
      code_postal: '97200',
      nom: 'Fort-de-France',
      code_departement: '972',
      code_region: '02',
      lat: 14.6161,
      lon: -61.0588,
    })
    .execute();
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
interface Reponse {
  lieu_retenu?: unknown;
  lieux_proches?: unknown[];
  departement_retenu?: unknown;
  region_retenue?: { code_region: string; nom: string };
}
const apiBrut = async (params: Record<string, string>) =>
  (await api(params)) as unknown as Reponse & Awaited<ReturnType<typeof api>>;
const liens = (html: string) => new Set([...html.matchAll(/href="\/formations\/([^"]+)"/g)].map((m) => m[1]));

describe('a région in « Où ? »', () => {
  it.each([
    ['Ile-de-France', '11', 'Île-de-France'],
    ['Île-de-France', '11', 'Île-de-France'],
    ['ile de france', '11', 'Île-de-France'],
    ['IDF', '11', 'Île-de-France'],
    ['Auvergne-Rhône-Alpes', '84', 'Auvergne-Rhône-Alpes'],
    ['auvergne rhone alpes', '84', 'Auvergne-Rhône-Alpes'],
    ['Pays de la Loire', '52', 'Pays de la Loire'],
    ['Bretagne', '53', 'Bretagne'],
    ['PACA', '93', 'Provence-Alpes-Côte d’Azur'],
  ])('« %s » searches the whole région %s (API: region_retenue)', async (ou, code, nom) => {
    const r = await apiBrut({ ou });
    expect(r.region_retenue).toEqual({ code_region: code, nom });
    expect(r.lieu_retenu).toBeUndefined();
    expect(r.lieux_proches).toBeUndefined();
    expect(r.departement_retenu).toBeUndefined();
    // The same formations as the région filter.
    expect(cles(r)).toEqual(cles(await api({ region: code })));
  });

  it('finds the région’s formations, with words too', async () => {
    expect(cles(await api({ ou: 'Pays de la Loire', q: 'boulanger' }))).toEqual(
      new Set(['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'CAP-BOUL-ANGERS']),
    );
    expect(cles(await api({ ou: 'Ile-de-France' }))).toEqual(new Set(['TECH-MAINT-PARIS']));
    // No radius for a région.
    expect(cles(await api({ ou: 'Pays de la Loire', q: 'boulanger', rayon_km: '10' }))).toEqual(
      new Set(['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'CAP-BOUL-ANGERS']),
    );
    expect((await api({ ou: 'Bretagne' })).total).toBe(0);
  });

  it('says so on the page, with the same formations as the Région filter', async () => {
    const html = await (await get('/?ou=Ile-de-France')).text();
    expect(texte(html)).toContain('Formations dans la région Île-de-France');
    expect(texte(html)).toContain(
      'Région retenue : Île-de-France : la recherche porte sur toute la région, le rayon ne s’y applique pas.',
    );
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(html).not.toContain('Fort-de-France');
    expect(liens(html)).toEqual(liens(await (await get('/?region=11')).text()));
    const mots = await (await get('/?q=boulanger&ou=pays+de+la+loire&rayon=30')).text();
    expect(texte(mots)).toContain('Formations pour « boulanger » dans la région Pays de la Loire');
    expect(liens(mots)).toEqual(liens(await (await get('/?q=boulanger&region=52')).text()));
    expect(liens(mots).size).toBe(3);
  });

  it('costs no statement more than the search without a place: a name is read, not looked up', async () => {
    const compteur = compteurRequetes();
    const db = app.ctx.db.withPlugin(compteur);
    const requetes = async (c: Partial<Criteres>) => {
      compteur.reset();
      await rechercher(db, { kind: 'anonyme' }, { taille: 20, aujourdhui: '2026-09-01', ...c });
      return compteur.n;
    };
    // Without a place, in a région: the same statements (formations found in both).
    const sansLieu = await requetes({ q: 'boulanger' });
    expect(await requetes({ q: 'boulanger', ou: 'Pays de la Loire' }), compteur.sqls.join('\n')).toBe(
      sansLieu,
    );
    expect(await requetes({ q: 'boulanger', ou: 'ile de france' })).toBeLessThanOrEqual(sansLieu);
  });
});
