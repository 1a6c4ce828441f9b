import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communesDuClasseur } from '../../src/services/import-classeur.lieux.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { ajouterCommunes, type LigneCommune, loadFixture } from './fixtures.ts';

// A fresh user typed « Île-d'Yeu » in « Où ? » and found no commune: the official name is
// « L'Île-d'Yeu » (and « Les Sables-d'Olonne », « Le Mans », « La Rochelle »), which people, LHEO
// files and workbooks write with or without the article. Without it, the name finds the commune
// as with it; a name that, without its article, is several communes' (« Vernet »: Vernet, 31, and
// four « Le Vernet ») is treated as homonyms are (docs/recherche.md « Où ? »): the most populous is
// searched and the page says so, the others are offered; the session form and the workbook ask
// which (LIEU_A_PRECISER). Real HTTP, both engines.

// Real communes (INSEE COG 2024, WGS84 centroids, legal populations 2021: shared/reference communes.csv).
const COMMUNES: readonly LigneCommune[] = [
  ['85113', '85350', 'L’Île-d’Yeu', '85', '52', 46.71001, -2.34137, 4877],
  ['85194', '85100', 'Les Sables-d’Olonne', '85', '52', 46.52647, -1.76117, 48402],
  ['72181', '72000', 'Le Mans', '72', '52', 47.9819, 0.1957, 145004],
  ['17300', '17000', 'La Rochelle', '17', '75', 46.16205, -1.17647, 78535],
  ['70450', '70120', 'La Rochelle', '70', '27', 47.75152, 5.72582, 43],
  ['31574', '31810', 'Vernet', '31', '76', 43.42715, 1.41934, 3207],
  ['03306', '03200', 'Le Vernet', '03', '84', 46.10638, 3.47654, 1913],
  ['04237', '04140', 'Le Vernet', '04', '93', 44.27622, 6.41532, 125],
  // « Réunion » stays the département (974): no commune is written so, La Réunion (47) has its article.
  ['47222', '47700', 'La Réunion', '47', '75', 44.28426, 0.11632, 506],
];

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
  await ajouterCommunes(app.ctx, COMMUNES);
});
afterAll(() => app?.stop());

const { get } = clientRecherche(() => app.base);
const api = async (chemin: string) => (await (await get(chemin)).json()) as Record<string, unknown>;
const retenue = async (ou: string) => {
  const r = await api(`/api/v1/formations?ou=${encodeURIComponent(ou)}`);
  const l = r.lieu_retenu as { code_insee: string; pourquoi: string } | undefined;
  const autres = (r.autres_lieux as { code_insee: string }[] | undefined)?.map((a) => a.code_insee) ?? [];
  return {
    code: l?.code_insee ?? null,
    pourquoi: l?.pourquoi ?? null,
    autres,
    departement: r.departement_retenu,
  };
};

describe('a commune name typed without its article', () => {
  it('finds the commune in « Où ? », as with its article', async () => {
    for (const [ou, code] of [
      ['Île-d’Yeu', '85113'],
      ["ile d'yeu", '85113'],
      ['L’Île-d’Yeu', '85113'],
      ['Sables-d’Olonne', '85194'],
      ['Les Sables-d’Olonne', '85194'],
      ['Mans', '72181'],
      ['Le Mans', '72181'],
      // With its postal code: the commune of the code that bears the name, not « two different communes ».
      ['Île-d’Yeu (85350)', '85113'],
      ['Mans 72000', '72181'],
    ] as const)
      expect((await retenue(ou)).code, ou).toBe(code);
    expect(await retenue('Île-d’Yeu')).toMatchObject({ pourquoi: 'seule', autres: [] });
  });

  it('treats the communes a name without its article designates as homonyms, never one silently', async () => {
    // La Rochelle (17) and La Rochelle (70): the most populous, the other offered.
    expect(await retenue('Rochelle')).toMatchObject({
      code: '17300',
      pourquoi: 'homonymes',
      autres: ['70450'],
    });
    // Vernet (31) and Le Vernet (03, 04): the most populous of the three, the others offered.
    expect(await retenue('Vernet')).toMatchObject({
      code: '31574',
      pourquoi: 'homonymes',
      autres: ['03306', '04237'],
    });
    // With its article, the name is only the communes that bear it.
    expect(await retenue('Le Vernet')).toMatchObject({ code: '03306', autres: ['04237'] });
    // A département's name that a commune bears only with its article stays the département.
    expect((await retenue('Réunion')).departement).toMatchObject({ code_departement: '974' });
  });

  it('proposes the commune to the communes autocompletion', async () => {
    const noms = async (q: string) =>
      ((await (await get(`/api/v1/communes?q=${encodeURIComponent(q)}`)).json()) as { nom: string }[]).map(
        (c) => c.nom,
      );
    expect(await noms('Île-d’Y')).toContain('L’Île-d’Yeu');
    expect(await noms('sables d')).toContain('Les Sables-d’Olonne');
  });

  it('finds the commune of a workbook place written without its article (no postal code), asks among homonyms', async () => {
    const communeDe = await communesDuClasseur(app.ctx.db, {
      annee: 2026,
      lignes: ['Île-d’Yeu', 'Vernet', 'Mans'].map((commune) => ({ valeurs: { commune } })),
    } as never);
    expect(communeDe(null, 'Île-d’Yeu')).toMatchObject({ commune: { code_insee: '85113' } });
    expect(communeDe(null, 'Mans')).toMatchObject({ commune: { code_insee: '72181' } });
    const vernet = communeDe(null, 'Vernet');
    expect(vernet).toMatchObject({ code: 'LIEU_A_PRECISER' });
    expect(
      (vernet as { readonly communes: readonly { code_insee: string }[] }).communes
        .map((c) => c.code_insee)
        .sort(),
    ).toEqual(['03306', '04237', '31574']);
  });
});
