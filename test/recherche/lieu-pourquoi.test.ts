import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { ajouterCommunes, fixerPopulations, type LigneCommune, loadFixture } from './fixtures.ts';

// Why « Où ? » retained what it retained (docs/recherche.md « Où ? »): each case's sentence on the
// page, word for word, and the same reason in the API. Real HTTP, both engines.

// Real communes (INSEE COG 2024 codes and centroids, legal populations 2021).
const COMMUNES: readonly LigneCommune[] = [
  ['11339', '11310', 'Saint-Denis', '11', '76', 43.2306, 2.1989, 498],
  ['93066', '93200', 'Saint-Denis', '93', '11', 48.9295, 2.3592, 113942],
  ['97411', '97400', 'Saint-Denis', '974', '04', -20.9329, 55.4456, 154765],
  ['89162', '89140', 'Évry', '89', '27', 48.2681, 3.26107, 391],
  ['91228', '91000', 'Évry-Courcouronnes', '91', '11', 48.6287, 2.43133, 66177],
  ['89309', '89140', 'Pont-sur-Yonne', '89', '27', 48.28072, 3.18847, 3333],
  // A commune named as a département (the Vienne, 86), and one whose name starts with it.
  ['38544', '38200', 'Vienne', '38', '84', 45.52208, 4.88033, 30092],
  ['95656', '95510', 'Vienne-en-Arthies', '95', '11', 49.0656, 1.7306, 441],
  // Homonyms told apart by their département's number (« Saint-Pierre 974 »).
  ['97416', '97410', 'Saint-Pierre', '974', '04', -21.3123, 55.4936, 84961],
  ['97225', '97250', 'Saint-Pierre', '972', '02', 14.7427, -61.1749, 4081],
  // Villages that bear a département's exact name (h-public): the département is meant.
  ['47222', '47700', 'La Réunion', '47', '75', 44.28426, 0.11632, 506],
  ['25588', '25310', 'Vaucluse', '25', '27', 47.2614, 6.6946, 120],
  // A town of at least 10 000 inhabitants that bears a département's name: the town is meant.
  ['53147', '53100', 'Mayenne', '53', '52', 48.3031, -0.6137, 12900],
];

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  await ajouterCommunes(app.ctx, COMMUNES);
  await fixerPopulations(app.ctx, [['44109', 323204]]);
});
afterAll(() => app?.stop());

const { get, api, texte } = clientRecherche(() => app.base);

/** The visible text of the element of that id on the search page for `ou`, or null. */
const phrase = async (ou: string, id: string) => {
  const html = await (await get(`/?${new URLSearchParams({ ou })}`)).text();
  const m = new RegExp(`<p[^>]*id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return m ? texte(m[1]!).trim() : null;
};

describe('why « Où ? » retained a commune', () => {
  it.each([
    [
      'Saint-Denis',
      'homonymes',
      'Commune retenue : Saint-Denis (97400, La Réunion), la plus peuplée des communes qui s’appellent « Saint-Denis ». Vous pensiez à une autre commune ? Saint-Denis (93200, Seine-Saint-Denis), Saint-Denis (11310, Aude)',
    ],
    [
      'Évry',
      'debut_du_nom',
      'Commune retenue : Évry-Courcouronnes (91000, Essonne), la plus peuplée des communes qui répondent à « Évry ». Vous pensiez à une autre commune ? Évry (89140, Yonne)',
    ],
    [
      '89140',
      'code_postal',
      'Commune retenue : Pont-sur-Yonne (89140, Yonne), la plus peuplée des communes de ce code postal. Vous pensiez à une autre commune ? Évry (89140, Yonne)',
    ],
    [
      'Vienne',
      'seule',
      'Commune retenue : Vienne (38200, Isère), la seule commune qui s’appelle « Vienne ». Vous pensiez à une autre commune ? Vienne-en-Arthies (95510, Val-d’Oise)',
    ],
    [
      'Paris 15',
      'arrondissement',
      'Commune retenue : Paris 15e Arrondissement (75015, Paris). Vous pensiez à une autre commune ? Paris (toute la ville)',
    ],
    ['Nantes', 'seule', null],
  ])('« %s »: %s, said on the page', async (ou, pourquoi, attendue) => {
    expect(await phrase(ou, 'lieu-retenu')).toBe(attendue);
    const r = (await api({ ou })) as unknown as { lieu_retenu?: { pourquoi?: string } };
    expect(r.lieu_retenu?.pourquoi).toBe(pourquoi);
  });

  it('offers the département a commune’s name also names, page and API', async () => {
    expect(await phrase('Vienne', 'aussi-departement')).toBe(
      'Vous cherchiez le département ? Tout le département 86 — Vienne',
    );
    expect(await phrase('Nantes', 'aussi-departement')).toBeNull();
    expect(await phrase('Vienne (38200)', 'aussi-departement')).toBeNull();
    const r = (await api({ ou: 'vienne' })) as unknown as { aussi_departement?: unknown };
    expect(r.aussi_departement).toEqual({ code_departement: '86', nom: 'Vienne' });
    expect(
      ((await api({ ou: 'Nantes' })) as { aussi_departement?: unknown }).aussi_departement,
    ).toBeUndefined();
  });
});

describe('a commune named with its département’s number (h-recherche9)', () => {
  // The API said `nom_et_departement`; the page said nothing, its title « près de Saint-Denis » alone.
  it.each([
    [
      'Saint-Denis (974)',
      'Saint-Denis (La Réunion)',
      'Commune retenue : Saint-Denis (97400, La Réunion), la seule commune du département 974 — La Réunion qui répond à « Saint-Denis (974) ».',
    ],
    [
      'Saint-Denis 93',
      'Saint-Denis (Seine-Saint-Denis)',
      'Commune retenue : Saint-Denis (93200, Seine-Saint-Denis), la seule commune du département 93 — Seine-Saint-Denis qui répond à « Saint-Denis 93 ».',
    ],
    [
      'Saint-Pierre 974',
      'Saint-Pierre (La Réunion)',
      'Commune retenue : Saint-Pierre (97410, La Réunion), la seule commune du département 974 — La Réunion qui répond à « Saint-Pierre 974 ».',
    ],
  ])('« %s »: said on the page, the département in its title', async (ou, titre, attendue) => {
    expect(await phrase(ou, 'lieu-retenu')).toBe(attendue);
    const html = await (await get(`/?${new URLSearchParams({ ou })}`)).text();
    expect(texte(/<h1>([\s\S]*?)<\/h1>/.exec(html)![1]!)).toBe(`Formations près de ${titre}`);
    const r = (await api({ ou })) as unknown as { lieu_retenu?: { pourquoi?: string } };
    expect(r.lieu_retenu?.pourquoi).toBe('nom_et_departement');
  });

  it('keeps the other homonyms out of a name told by its département', async () => {
    expect(await phrase('Saint-Pierre 972', 'lieu-retenu')).toBe(
      'Commune retenue : Saint-Pierre (97250, Martinique), la seule commune du département 972 — Martinique qui répond à « Saint-Pierre 972 ».',
    );
  });
});

describe('a département’s exact name borne by a village (h-public)', () => {
  // « La Réunion » searched the village of Lot-et-Garonne (0 results, the département a small link).
  it.each([
    ['La Réunion', '974', 'La Réunion (47700, Lot-et-Garonne)', 'La Réunion (47700)'],
    ['Vaucluse', '84', 'Vaucluse (25310, Doubs)', 'Vaucluse (25310)'],
  ])('« %s »: the département, the village one link away', async (ou, code, commune, lien) => {
    const r = (await api({ ou })) as unknown as {
      departement_retenu?: { code_departement: string; pourquoi: string };
      lieu_retenu?: unknown;
      aussi_communes?: { nom: string; code_postal: string }[];
    };
    expect(r.departement_retenu).toMatchObject({ code_departement: code, pourquoi: 'nom' });
    expect(r.lieu_retenu).toBeUndefined();
    expect(r.aussi_communes?.map((c) => `${c.nom} (${c.code_postal})`)).toEqual([lien]);
    expect(await phrase(ou, 'departement-retenu')).toMatch(
      /^Département retenu : .* \(le nom d’un département passe avant celui d’une commune de moins de 10 000 habitants\) : la recherche porte sur tout le département/,
    );
    expect(await phrase(ou, 'communes-du-nom')).toBe(`Vous cherchiez la commune ? ${commune}`);
    const html = await (await get(`/?${new URLSearchParams({ q: 'bts', ou })}`)).text();
    expect(html).toContain(
      `href="/?${new URLSearchParams({ q: 'bts', ou: lien }).toString().replace(/&/g, '&amp;')}"`,
    );
    // The link searches the village.
    expect((await api({ ou: lien })).lieu_retenu?.code_insee).toBe(lien.startsWith('La') ? '47222' : '25588');
  });

  it('keeps the village with its postal code or its département’s number, the town of 10 000', async () => {
    expect((await api({ ou: 'La Réunion (47)' })).lieu_retenu?.code_insee).toBe('47222');
    expect((await api({ ou: 'La Réunion 47700' })).lieu_retenu?.code_insee).toBe('47222');
    expect((await api({ ou: 'Réunion' })).lieu_retenu).toBeUndefined();
    const mayenne = (await api({ ou: 'Mayenne' })) as unknown as { aussi_departement?: unknown };
    expect((mayenne as { lieu_retenu?: { code_insee: string } }).lieu_retenu?.code_insee).toBe('53147');
    expect(mayenne.aussi_departement).toEqual({ code_departement: '53', nom: 'Mayenne' });
    expect(await phrase('Vienne', 'communes-du-nom')).toBeNull();
    expect(await phrase('rhone', 'communes-du-nom')).toBeNull();
  });
});

describe('why « Où ? » retained a département', () => {
  it.each([
    ['69', 'numero', 'Département retenu : 69 — Rhône : la recherche porte sur tout le département'],
    [' 2a ', 'numero', 'Département retenu : 2A — Corse-du-Sud : la recherche porte sur tout le département'],
    [
      'rhone',
      'nom',
      'Département retenu : 69 — Rhône (aucune commune ne s’appelle « rhone ») : la recherche porte sur tout le département',
    ],
  ])('« %s »: %s, said on the page', async (ou, pourquoi, debut) => {
    expect(await phrase(ou, 'departement-retenu')).toBe(
      `${debut}, le rayon ne s’y applique pas. Pour chercher autour d’une commune, saisissez son nom ou son code postal.`,
    );
    const r = (await api({ ou })) as unknown as { departement_retenu?: { pourquoi?: string } };
    expect(r.departement_retenu?.pourquoi).toBe(pourquoi);
  });
});
