import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { type Criteres, rechercher } from '../../src/services/recherche.service.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// « Où ? » as people type a wider place (h-recherche4, docs/recherche.md « Où ? »): a département by
// its number (`75`, `2A`, `971`) or its name when no commune has it (« Rhône »), searched whole as
// the page's Département filter does, said on the page and in the API (`departement_retenu`); and an
// arrondissement whose position is unknown (the built-in communes list, « Paris 16e ») searched
// within the radius around its city's centre, said so, the way-out links kept. Real HTTP, both engines.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  await app.ctx.db
    .insertInto('commune')
    .values([
      // As the built-in communes list gives it: no coordinates until the communes file is imported.
      {
        code_insee: '75116',
        code_postal: '75016',
        nom: 'Paris 16e Arrondissement',
        code_departement: '75',
        code_region: '11',
        lat: null,
        lon: null,
      },
      // A commune named as a département (the Vienne, 86): the commune is searched.
      {
        code_insee: '38544',
        code_postal: '38200',
        nom: 'Vienne',
        code_departement: '38',
        code_region: '84',
        lat: 45.52208,
        lon: 4.88033,
      },
    ])
    .execute();
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
interface Reponse {
  total: number;
  lieu_retenu?: Record<string, unknown>;
  autres_lieux?: unknown[];
  departement_retenu?: { code_departement: string; nom: string; pourquoi: string };
  rayon_ignore?: true;
}
const apiBrut = async (params: Record<string, string>) =>
  (await api(params)) as unknown as Reponse & Awaited<ReturnType<typeof api>>;
/** The formation pages a search page links to. */
const liens = (html: string) => new Set([...html.matchAll(/href="\/formations\/([^"]+)"/g)].map((m) => m[1]));

describe('a département in « Où ? »', () => {
  it.each([
    ['75', '75', 'Paris'],
    ['44', '44', 'Loire-Atlantique'],
    ['69', '69', 'Rhône'],
    [' 2a ', '2A', 'Corse-du-Sud'],
    ['971', '971', 'Guadeloupe'],
    ['Rhône', '69', 'Rhône'],
    ['rhone', '69', 'Rhône'],
    ['Loire-Atlantique', '44', 'Loire-Atlantique'],
    ['Seine-Saint-Denis', '93', 'Seine-Saint-Denis'],
  ])('« %s » searches the whole département %s (API: departement_retenu)', async (ou, code, nom) => {
    const r = await apiBrut({ ou });
    const pourquoi = /\d/.test(ou) || ou.trim() === '2a' ? 'numero' : 'nom';
    expect(r.departement_retenu).toEqual({ code_departement: code, nom, pourquoi });
    expect(r.lieu_retenu).toBeUndefined();
    expect(r.autres_lieux).toBeUndefined();
    // The same formations as the département filter.
    const filtre = await api({ departement: code });
    expect(cles(r)).toEqual(cles(filtre));
  });

  it('finds the same formations as the département filter, with words too', async () => {
    const r = await api({ ou: '44', q: 'boulanger' });
    expect(cles(r)).toEqual(new Set(['CAP-BOUL-NANTES', 'MC-BOUL-REZE']));
    expect(cles(await api({ ou: 'Rhône' }))).toEqual(new Set(['BTS-MCO-LYON', 'CAP-PATISSIER-LYON']));
    expect(cles(await api({ ou: '75' }))).toEqual(new Set(['TECH-MAINT-PARIS']));
    // No radius for a département: rayon_km changes nothing.
    expect(cles(await api({ ou: '44', q: 'boulanger', rayon_km: '10' }))).toEqual(cles(r));
  });

  it('says so on the page, with the same formations as the Département filter', async () => {
    const html = await (await get('/?ou=75')).text();
    expect(texte(html)).toContain('Formations dans le département 75 — Paris');
    expect(texte(html)).toContain(
      'Département retenu : 75 — Paris : la recherche porte sur tout le département, le rayon ne s’y applique pas.',
    );
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(liens(html)).toEqual(liens(await (await get('/?departement=75')).text()));
    const mots = await (await get('/?q=boulanger&ou=44&rayon=30')).text();
    expect(texte(mots)).toContain('Formations pour « boulanger » dans le département 44 — Loire-Atlantique');
    expect(liens(mots)).toEqual(liens(await (await get('/?q=boulanger&departement=44')).text()));
    expect(liens(mots).size).toBe(2);
    // A name: why no commune was searched.
    expect(texte(await (await get('/?ou=Rh%C3%B4ne')).text())).toContain(
      'Département retenu : 69 — Rhône (aucune commune ne s’appelle « Rhône ») : la recherche porte sur tout le département',
    );
  });

  it('costs no query more than the search without a place: a number is read, not looked up', async () => {
    const compteur = compteurRequetes();
    const db = app.ctx.db.withPlugin(compteur);
    const requetes = async (c: Partial<Criteres>) => {
      compteur.reset();
      await rechercher(db, { kind: 'anonyme' }, { taille: 20, aujourdhui: '2026-09-01', ...c });
      return compteur.n;
    };
    // Without a place, or in a département typed by its number: the same statements.
    const sansLieu = await requetes({ q: 'boulanger' });
    expect(await requetes({ q: 'boulanger', ou: '44' }), compteur.sqls.join('\n')).toBe(sansLieu);
    // A name: the communes of that name are looked up first (as for any commune: the name, then
    // glued without its spaces), nothing more.
    const parNumero = await requetes({ q: 'boulanger', ou: '69' });
    expect(await requetes({ q: 'boulanger', ou: 'Rhône' }), compteur.sqls.join('\n')).toBe(parNumero + 2);
  });

  it('keeps a commune of that exact name, and a postal code its commune', async () => {
    const vienne = await apiBrut({ ou: 'Vienne' });
    expect(vienne.lieu_retenu).toMatchObject({ code_insee: '38544' });
    expect(vienne.departement_retenu).toBeUndefined();
    // The page offers the département of that name, one link away.
    const page = await (await get('/?q=boulanger&ou=Vienne')).text();
    expect(texte(page)).toContain('Vous cherchiez le département ? Tout le département 86 — Vienne');
    expect(page).toContain('<a href="/?q=boulanger&amp;ou=86">Tout le département 86 — Vienne</a>');
    expect(texte(await (await get('/?ou=Nantes')).text())).not.toContain('Vous cherchiez le département');
    // The city of Paris is Paris (its arrondissements), not the département.
    expect((await apiBrut({ ou: 'Paris' })).lieu_retenu).toMatchObject({ code_insee: '75056' });
    expect((await apiBrut({ ou: '44000' })).lieu_retenu).toMatchObject({ code_insee: '44109' });
    expect((await apiBrut({ ou: '44000' })).departement_retenu).toBeUndefined();
  });
});

describe('an arrondissement whose position is unknown', () => {
  it('searches within the radius around its city’s centre, and says so in the API', async () => {
    const r = await apiBrut({ ou: 'Paris 16', rayon_km: '30' });
    expect(r.lieu_retenu).toEqual({
      code_insee: '75116',
      nom: 'Paris 16e Arrondissement',
      code_postal: '75016',
      code_departement: '75',
      pourquoi: 'arrondissement',
      rayon_km: 30,
      centre_ville: { code_insee: '75056', nom: 'Paris' },
    });
    expect(r.rayon_ignore).toBeUndefined();
    // Paris 11e is 4 km from the mean centre of the arrondissements that have one.
    expect(cles(r)).toEqual(new Set(['TECH-MAINT-PARIS']));
    // Without a radius the arrondissement alone: no position needed, nothing said.
    const seul = await apiBrut({ ou: 'Paris 16' });
    expect(seul.lieu_retenu).toMatchObject({ code_insee: '75116', rayon_km: null });
    expect(seul.lieu_retenu?.centre_ville).toBeUndefined();
    expect(seul.total).toBe(0);
    // An arrondissement with its own position: its own centre.
    expect((await apiBrut({ ou: 'Paris 15', rayon_km: '30' })).lieu_retenu?.centre_ville).toBeUndefined();
  });

  it('says so plainly on the page, with the formations around and the way-out links', async () => {
    const html = await (await get('/?ou=Paris%2016e&rayon=30')).text();
    expect(texte(html)).toContain(
      'La position de Paris 16e Arrondissement n’est pas connue de ce site : le rayon de 30 km est compté depuis le centre de Paris. Pour chercher autrement : Paris (toute la ville) ou tout le département 75 — Paris.',
    );
    expect(html).not.toContain('id="rayon-ignore"');
    expect(texte(html)).toContain('1 formation trouvée');
    expect(html).toContain('<a href="/?ou=Paris">Paris (toute la ville)</a>');
    expect(html).toContain('<a href="/?departement=75">tout le département 75 — Paris</a>');
  });
});
