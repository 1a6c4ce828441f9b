import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { ajouterCertifications, loadFixture } from './fixtures.ts';

// The « Type de diplôme » filter as a fresh user's pass found it (h-recherche2): raw codes and
// near-duplicates (« MC4 » beside « MC5 », « LIC PRO » beside « Licence Professionnelle »,
// « TITRE » beside « TP »). Each diploma is one entry with its label, and choosing it filters on
// every code of its group, with or without a place (the index's tokens or the candidates).
// docs/recherche.md « Filtres ». Real HTTP, both engines.

let app: AppLancee;
let ids: Map<string, string>;

// The codes as each source writes them (BCN LIBELLE_COURT, RNCP Abrégé, kit apprentissage).
const CERTIFICATIONS = [
  ['rncp', 'RNCP90001', 'Joaillerie A', '4', 'MC4'],
  ['rncp', 'RNCP90002', 'Joaillerie B', '3', 'MC5'],
  ['cfd', '25090001', 'Joaillerie C', '6', 'LIC PRO'],
  ['rncp', 'RNCP90003', 'Joaillerie D', '6', 'Licence Professionnelle'],
  ['rncp', 'RNCP90004', 'Joaillerie E', '4', 'TP'],
  ['rncp', 'RNCP90005', 'Joaillerie F', '5', 'TITRE'],
] as const;

beforeAll(async () => {
  app = await startApp();
  await ajouterCertifications(app.ctx, CERTIFICATIONS);
  ids = await loadFixture(
    app.ctx,
    CERTIFICATIONS.map(([type, code, intitule]) => ({
      cle: intitule.toUpperCase().replace(' ', '-'),
      intitule: `Joaillerie ${intitule.slice(-1)}`,
      ...(type === 'cfd' ? { cfd: code } : { rncp: code }),
      lieux: [{ code_insee: '44109' }],
    })),
  );
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);

const GROUPES = [
  { valeur: 'LP', libelle: 'Licence professionnelle', nombre: 2 },
  { valeur: 'MC', libelle: 'Mention complémentaire', nombre: 2 },
  { valeur: 'TITRE', libelle: 'Titre inscrit au RNCP', nombre: 1 },
  { valeur: 'TP', libelle: 'Titre professionnel', nombre: 1 },
];

describe('the diploma types, grouped and named', () => {
  it.each([
    ['without a place (the index’s tokens)', {}],
    ['around a place (the candidates)', { ou: 'Nantes', rayon_km: '30' }],
  ])('%s: one entry per diploma, by label', async (_, lieu) => {
    expect((await api({ q: 'joaillerie', ...lieu })).facettes.type_diplome).toEqual(GROUPES);
  });

  it.each([
    ['MC', ['JOAILLERIE-A', 'JOAILLERIE-B']],
    ['MC4', ['JOAILLERIE-A', 'JOAILLERIE-B']],
    ['mc5', ['JOAILLERIE-A', 'JOAILLERIE-B']],
    ['LP', ['JOAILLERIE-C', 'JOAILLERIE-D']],
    ['LIC PRO', ['JOAILLERIE-C', 'JOAILLERIE-D']],
    ['TP', ['JOAILLERIE-E']],
    ['TITRE', ['JOAILLERIE-F']],
  ])('type_diplome=%s filters on every code of its group', async (type_diplome, attendues) => {
    const lieux: Record<string, string>[] = [{}, { ou: 'Nantes', rayon_km: '30' }];
    for (const lieu of lieux) {
      const r = await api({ q: 'joaillerie', type_diplome, ...lieu });
      expect(cles(r), JSON.stringify(lieu)).toEqual(new Set(attendues));
      // The other types stay one click away.
      expect(r.facettes.type_diplome).toEqual(GROUPES);
    }
  });

  it('without words either (the home page’s filter)', async () => {
    const r = await api({ type_diplome: 'MC' });
    expect(cles(r)).toEqual(new Set(['JOAILLERIE-A', 'JOAILLERIE-B']));
  });

  it('on the page: labels, the group’s key as value, a code of before still filters', async () => {
    const html = await (await get('/?q=joaillerie')).text();
    expect(html).toContain('<option value="MC">Mention complémentaire (2)</option>');
    expect(html).toContain('<option value="LP">Licence professionnelle (2)</option>');
    expect(html).toContain('<option value="TP">Titre professionnel (1)</option>');
    expect(html).not.toMatch(/value="(MC4|MC5|LIC PRO|Licence Professionnelle)"/);
    for (const type of ['MC', 'MC4']) {
      const filtre = await (await get(`/?q=joaillerie&type=${type}`)).text();
      expect(filtre).toContain('<option value="MC" selected>Mention complémentaire (2)</option>');
      expect(filtre).toContain(`/formations/${ids.get('JOAILLERIE-A')}`);
      expect(filtre).toContain(`/formations/${ids.get('JOAILLERIE-B')}`);
      expect(filtre).not.toContain(`/formations/${ids.get('JOAILLERIE-C')}`);
      expect(texte(filtre)).not.toContain('inconnu');
    }
  });
});
