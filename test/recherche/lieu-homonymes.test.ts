import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { ajouterCommunes, fixerPopulations, type LigneCommune, loadFixture } from './fixtures.ts';

// A name several communes share in « Où ? » (docs/recherche.md « Où ? »): the most populous is
// searched, the page names it and links the others, the API says which one in `lieu_retenu`;
// « Nom (code postal) » keeps its own. Suggestions put big towns before villages of the same
// closeness. Real HTTP, both engines.

// Real communes (INSEE COG 2024 codes and centroids, legal populations 2021 as the communes file
// gives them in `population_2021`).
const HOMONYMES: readonly LigneCommune[] = [
  ['11339', '11310', 'Saint-Denis', '11', '76', 43.2306, 2.1989, 498],
  ['30247', '30500', 'Saint-Denis', '30', '76', 44.2264, 4.2531, 293],
  ['93066', '93200', 'Saint-Denis', '93', '11', 48.9295, 2.3592, 113942],
  ['93066', '93210', 'Saint-Denis', '93', '11', 48.9295, 2.3592, 113942],
  ['97411', '97400', 'Saint-Denis', '974', '04', -20.9329, 55.4456, 154765],
  ['12168', '12230', 'Nant', '12', '76', 44.0206, 3.3025, 1008],
  ['01269', '01130', 'Nantua', '01', '84', 46.1536, 5.6078, 3449],
  // As the built-in communes list gives it: no coordinates until the communes file is imported.
  ['44003', '44150', 'Ancenis-Saint-Géréon', '44', '52', null, null, 11225],
  // One postal code, several communes: the most populous is the one searched (fresh user of this stop).
  ['15003', '15100', 'Alleuze', '15', '84', null, null, 185],
  ['15187', '15100', 'Saint-Flour', '15', '84', null, null, 6536],
  // « Évry »: a village of the Yonne, and the name the prefecture of the Essonne kept as the head of
  // its commune nouvelle (Évry-Courcouronnes, 2019) — what most readers mean (fresh tester).
  ['89162', '89140', 'Évry', '89', '27', 48.2681, 3.26107, 391],
  ['91228', '91000', 'Évry-Courcouronnes', '91', '11', 48.6287, 2.43133, 66177],
  ['91228', '91080', 'Évry-Courcouronnes', '91', '11', 48.6287, 2.43133, 66177],
  ['77175', '77166', 'Évry-Grégy-sur-Yerre', '77', '11', 48.65314, 2.64101, 3150],
  // 89140 is shared by 18 communes, Évry the 13th by population: its « Évry (89140) » link must find it.
  ['89309', '89140', 'Pont-sur-Yonne', '89', '27', 48.28072, 3.18847, 3333],
  ['89480', '89140', 'Vinneuf', '89', '27', 48.35297, 3.14399, 1583],
  ['89391', '89140', 'Sergines', '89', '27', 48.34589, 3.24973, 1248],
  ['89124', '89140', 'Courlon-sur-Yonne', '89', '27', 48.34358, 3.17871, 1177],
  ['89255', '89140', 'Michery', '89', '27', 48.31428, 3.24415, 1086],
  ['89136', '89140', 'Cuy', '89', '27', 48.25621, 3.26664, 853],
  ['89467', '89140', 'Villethierry', '89', '27', 48.26538, 3.07361, 800],
  ['89390', '89140', 'Serbonnes', '89', '27', 48.33036, 3.20578, 670],
  ['89456', '89140', 'Villemanoche', '89', '27', 48.29752, 3.1655, 667],
  ['89369', '89140', 'Saint-Sérotin', '89', '27', 48.24856, 3.16203, 582],
  ['89189', '89140', 'Gisy-les-Nobles', '89', '27', 48.28626, 3.25427, 566],
  ['89229', '89140', 'Lixy', '89', '27', 48.24799, 3.11041, 479],
];

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  await ajouterCommunes(app.ctx, HOMONYMES);
  // Nantes (search fixture) with its population.
  await fixerPopulations(app.ctx, [['44109', 323204]]);
});
afterAll(() => app?.stop());

const { get, texte } = clientRecherche(() => app.base);
const api = async (chemin: string) => (await (await get(chemin)).json()) as Record<string, unknown>;

describe('a name several communes share in « Où ? »', () => {
  it('searches the most populous on the page, names it and links the others', async () => {
    const brut = await (await get('/?ou=Saint-Denis')).text();
    const html = texte(brut);
    // Fresh user: the choice must say why and tell the homonyms apart by their département.
    expect(html).toContain(
      'Commune retenue : Saint-Denis (97400, La Réunion), la plus peuplée des communes qui s’appellent « Saint-Denis ».',
    );
    for (const autre of [
      'Saint-Denis (93200, Seine-Saint-Denis)',
      'Saint-Denis (11310, Aude)',
      'Saint-Denis (30500, Gard)',
    ])
      expect(html).toContain(autre);
    // Each one a link (no JavaScript needed) that searches it by « Nom (code postal) ».
    expect(brut).toMatch(
      /<a href="\/\?ou=Saint-Denis\+%2893200%29">Saint-Denis \(93200, Seine-Saint-Denis\)<\/a>/,
    );
  });

  it('tells the API reader which commune it searched', async () => {
    const r = await api('/api/v1/formations?ou=Saint-Denis');
    expect(r.lieu_retenu).toEqual({
      code_insee: '97411',
      nom: 'Saint-Denis',
      code_postal: '97400',
      code_departement: '974',
      pourquoi: 'homonymes',
      rayon_km: null,
    });
    // The homonyms not searched, each with its département.
    expect(r.autres_lieux).toEqual([
      { code_insee: '93066', nom: 'Saint-Denis', code_postal: '93200', code_departement: '93' },
      { code_insee: '11339', nom: 'Saint-Denis', code_postal: '11310', code_departement: '11' },
      { code_insee: '30247', nom: 'Saint-Denis', code_postal: '30500', code_departement: '30' },
    ]);
    const nantes = await api('/api/v1/formations?q=boulanger&ou=Nantes&rayon_km=30');
    expect(nantes.lieu_retenu).toEqual({
      code_insee: '44109',
      nom: 'Nantes',
      code_postal: '44000',
      code_departement: '44',
      pourquoi: 'seule',
      rayon_km: 30,
    });
    // One commune of that name: no other offered.
    expect(nantes.autres_lieux).toBeUndefined();
    expect((nantes.data as unknown[]).length).toBe(2);
    // No place asked: no such field.
    const sansLieu = await api('/api/v1/formations?q=boulanger');
    expect(sansLieu.lieu_retenu).toBeUndefined();
    expect(sansLieu.autres_lieux).toBeUndefined();
  });

  it('keeps the commune of a name with its postal code, or of a postal code', async () => {
    expect(texte(await (await get('/?ou=Saint-Denis%20(93200)')).text())).toContain('près de Saint-Denis');
    expect((await api('/api/v1/formations?ou=Saint-Denis%20(93200)')).lieu_retenu).toEqual({
      code_insee: '93066',
      nom: 'Saint-Denis',
      code_postal: '93200',
      code_departement: '93',
      pourquoi: 'code_postal',
      rayon_km: null,
    });
    expect((await api('/api/v1/formations?ou=Saint-Denis%20(11310)')).lieu_retenu).toMatchObject({
      code_insee: '11339',
    });
    expect((await api('/api/v1/formations?ou=30500')).lieu_retenu).toMatchObject({ code_insee: '30247' });
    // Several communes share 15100: the most populous, Saint-Flour, not the first INSEE code.
    expect((await api('/api/v1/formations?ou=15100')).lieu_retenu).toMatchObject({ code_insee: '15187' });
    expect(texte(await (await get('/?ou=Alleuze')).text())).toContain('Formations près d’Alleuze');
  });

  // Fresh tester: « Évry » silently searched the village of the Yonne (0 results) and offered nothing.
  // (Tried on 05/12, not kept: « the exact name first » made « Aix », « Neuilly », « Évry » villages.)
  it('counts the communes whose name starts with the typed one as homonyms (« Évry »)', async () => {
    const html = texte(await (await get('/?ou=%C3%89vry')).text());
    expect(html).toContain(
      'Commune retenue : Évry-Courcouronnes (91000, Essonne), la plus peuplée des communes qui répondent à « Évry ».',
    );
    // The exact name first among the others, then the other names that start with it.
    expect(html).toMatch(
      /Vous pensiez à une autre commune \? Évry \(89140, Yonne\), Évry-Grégy-sur-Yerre \(77166, Seine-et-Marne\)/,
    );
    const r = await api('/api/v1/formations?ou=Evry&rayon_km=10');
    expect(r.lieu_retenu).toEqual({
      code_insee: '91228',
      nom: 'Évry-Courcouronnes',
      code_postal: '91000',
      code_departement: '91',
      pourquoi: 'debut_du_nom',
      rayon_km: 10,
    });
    expect((r.autres_lieux as { code_insee: string }[]).map((l) => l.code_insee)).toEqual(['89162', '77175']);
    // The village stays reachable by « Nom (code postal) », though its code is shared by more
    // communes than the 10 once read.
    expect((await api('/api/v1/formations?ou=%C3%89vry%20(89140)')).lieu_retenu).toMatchObject({
      code_insee: '89162',
    });
    expect(texte(await (await get('/?ou=%C3%89vry%20(89140)')).text())).toContain('Formations près d’Évry');
    // No commune of the exact name: the most populous of those that start with it.
    expect((await api('/api/v1/formations?ou=Ancenis')).lieu_retenu).toMatchObject({ code_insee: '44003' });
    // The code alone: its most populous commune, 10 others offered at most.
    const parCode = texte(await (await get('/?ou=89140')).text());
    expect(parCode).toContain(
      'Commune retenue : Pont-sur-Yonne (89140, Yonne), la plus peuplée des communes de ce code postal.',
    );
  });

  // Fresh tester: the API without rayon_km searched the commune alone (unlike the page's 30 km),
  // and said nothing of it.
  it('says in lieu_retenu which zone the API searched: the radius, or null for the commune alone', async () => {
    expect((await api('/api/v1/formations?ou=Nantes')).lieu_retenu).toMatchObject({ rayon_km: null });
    expect((await api('/api/v1/formations?ou=Nantes&rayon_km=50')).lieu_retenu).toMatchObject({
      rayon_km: 50,
    });
    // A radius that could not be applied (no coordinates): the commune alone, said twice.
    const r = await api('/api/v1/formations?ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon_km=30');
    expect(r.lieu_retenu).toMatchObject({ rayon_km: null });
    expect(r.rayon_ignore).toBe(true);
  });

  it('offers the big town first among names as close as each other (« Nants »)', async () => {
    const html = texte(await (await get('/?ou=Nants')).text());
    expect(html).toContain('Vouliez-vous dire Nantes ou Nant ou Nantua ?');
    const r = await api('/api/v1/formations?ou=Nants');
    expect((r.lieux_proches as { nom: string }[]).map((l) => l.nom)).toEqual(['Nantes', 'Nant', 'Nantua']);
  });

  // Since 07/12/2026 (h-recherche-lieu) the most populous first, as people type (« nan » is Nantes):
  // the exact name stays in the list.
  it('completes a name with the most populous first, the exact one kept', async () => {
    const noms = async (q: string) =>
      (
        (await (await get(`/api/v1/communes?q=${encodeURIComponent(q)}`)).json()) as {
          nom: string;
          code_postal: string;
        }[]
      ).map((c) => `${c.nom} (${c.code_postal})`);
    expect(await noms('Nant')).toEqual(['Nantes (44000)', 'Nantua (01130)', 'Nant (12230)']);
    expect((await noms('Saint-Den')).slice(0, 2)).toEqual(['Saint-Denis (97400)', 'Saint-Denis (93200)']);
  });

  // Fresh user: a commune without coordinates (built-in list, before the communes file) gave
  // « Aucune formation » and no way out; the notice now links its whole département.
  it('offers the whole département when the radius could not be applied', async () => {
    const brut = await (await get('/?q=boulanger&ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon=50')).text();
    expect(texte(brut)).toContain(
      'les formations affichées sont celles de la commune seule. Pour chercher plus large : tout le département 44 — Loire-Atlantique.',
    );
    expect(brut).toContain(
      '<a href="/?q=boulanger&amp;departement=44">tout le département 44 — Loire-Atlantique</a>',
    );
  });

  // Fresh user of stop 23: a radius around a commune without coordinates was silently dropped.
  it('says when a radius could not be applied (commune without coordinates), page and API', async () => {
    const html = texte(await (await get('/?ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon=30')).text());
    expect(html).toContain(
      'La position d’Ancenis-Saint-Géréon n’est pas connue de ce site : le rayon de 30 km n’a pas été appliqué',
    );
    const r = await api('/api/v1/formations?ou=Ancenis-Saint-G%C3%A9r%C3%A9on&rayon_km=30');
    expect(r.rayon_ignore).toBe(true);
    // Known coordinates, or no radius asked: no notice, no field.
    expect(texte(await (await get('/?ou=Nantes&rayon=30')).text())).not.toContain('n’a pas été appliqué');
    expect((await api('/api/v1/formations?ou=Nantes&rayon_km=30')).rayon_ignore).toBeUndefined();
    expect((await api('/api/v1/formations?ou=Ancenis-Saint-G%C3%A9r%C3%A9on')).rayon_ignore).toBeUndefined();
  });
});
