import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { fixerPopulations, loadFixture } from './fixtures.ts';

// What a fresh user of the public search typed and did not get (h-recherche-mots): an
// arrondissement as people write it (« Paris 15 », « Lyon 3 », « Paris XVe »), a CEDEX label
// (« Nantes Cedex 1 »), and a diploma by its long name or its abbreviation (« brevet pro coiffure »
// for « BP coiffure »). docs/recherche.md « Ce qu’on peut taper » and « Où ? ». Real HTTP, both engines.

let app: AppLancee;
let ids: Map<string, string>;

beforeAll(async () => {
  app = await startApp();
  ids = await loadFixture(app.ctx, [
    { cle: 'CUISINE-PARIS-15', intitule: 'CAP Cuisine', lieux: [{ code_insee: '75115' }] },
    { cle: 'BP-COIFFURE-LAVAL', intitule: 'Brevet professionnel Coiffure', lieux: [{ code_insee: '53130' }] },
    { cle: 'CAP-COIFFURE-ANGERS', intitule: 'CAP Métiers de la coiffure', lieux: [{ code_insee: '49007' }] },
    { cle: 'MC-TRAITEUR-NANTES', intitule: 'MC Employé traiteur', lieux: [{ code_insee: '44109' }] },
    {
      cle: 'BTSA-AGRONOMIE-ANGERS',
      intitule: 'BTSA Agronomie et cultures durables',
      lieux: [{ code_insee: '49007' }],
    },
    {
      cle: 'BUT-GEA-LAVAL',
      intitule: 'BUT Gestion des entreprises et des administrations',
      lieux: [{ code_insee: '53130' }],
    },
    {
      cle: 'BPJEPS-FORME-NANTES',
      intitule: 'BPJEPS Activités de la forme',
      lieux: [{ code_insee: '44109' }],
    },
  ]);
  // Legal populations (communes file, population_2021; the cities' own lines from the built-in list).
  await fixerPopulations(app.ctx, [
    ['75056', 2133111],
    ['75111', 142583],
    ['75115', 227746],
    ['69123', 522250],
    ['69383', 105195],
    ['69387', 88350],
    ['13055', 873076],
    ['13201', 16060],
    ['44109', 323204],
  ]);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);

describe('an arrondissement as people type it', () => {
  it.each([
    ['Paris 15', '75115'],
    ['Paris 15e', '75115'],
    ['Paris 15ème', '75115'],
    ['paris 15eme arrondissement', '75115'],
    ['Paris XVe', '75115'],
    ['Paris XV', '75115'],
    ['PARIS 15', '75115'],
    ['75015', '75115'],
    ['Paris (75015)', '75115'],
    ['75015 Paris', '75115'],
    ['Paris 11', '75111'],
    ['Paris 11e', '75111'],
    ['Lyon 3', '69383'],
    ['Lyon 3e', '69383'],
    ['69003', '69383'],
    ['Lyon 7ème', '69387'],
    ['Marseille 1er', '13201'],
    ['Marseille 1', '13201'],
    ['Marseille Ier', '13201'],
  ])('« %s » is the arrondissement %s, searched alone without a radius', async (ou, code) => {
    const r = await api({ ou });
    expect(r.lieu_retenu).toMatchObject({ code_insee: code, rayon_km: null });
  });

  it('narrows to the arrondissement; the city’s name keeps meaning the whole city', async () => {
    expect(cles(await api({ ou: 'Paris 15' }))).toEqual(new Set(['CUISINE-PARIS-15']));
    expect(cles(await api({ ou: '75011' }))).toEqual(new Set(['TECH-MAINT-PARIS']));
    expect(cles(await api({ ou: 'Lyon 3' }))).toEqual(new Set(['BTS-MCO-LYON']));
    const paris = await api({ ou: 'Paris' });
    expect(paris.lieu_retenu).toMatchObject({ code_insee: '75056', nom: 'Paris' });
    expect(cles(paris)).toEqual(new Set(['CUISINE-PARIS-15', 'TECH-MAINT-PARIS']));
    expect((await api({ ou: 'Lyon' })).lieu_retenu).toMatchObject({ code_insee: '69123' });
    // With a radius: around the arrondissement's own centre.
    const autour = await api({ ou: 'Lyon 3', rayon_km: '10' });
    expect(autour.lieu_retenu).toMatchObject({ code_insee: '69383', rayon_km: 10 });
    expect(cles(autour)).toEqual(new Set(['BTS-MCO-LYON', 'CAP-PATISSIER-LYON']));
  });

  it('names the arrondissement on the page and offers the whole city', async () => {
    const html = await (await get('/?ou=Paris%2015&rayon=10')).text();
    expect(html).toContain(`/formations/${ids.get('CUISINE-PARIS-15')}`);
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(texte(html)).toContain('Commune retenue : Paris 15e Arrondissement (75015, Paris).');
    expect(html).toContain('href="/?ou=Paris&amp;rayon=10"');
    expect(texte(html)).toContain('Paris (toute la ville)');
  });
});

describe('a CEDEX label in « Où ? »', () => {
  it.each([
    ['Nantes Cedex 1'],
    ['NANTES CEDEX'],
    ['Nantes Cedex 01'],
    ['44000 Nantes Cedex 1'],
    ['44000 CEDEX'],
    // A CEDEX code (La Poste's, for mail: no commune has it) with the commune's name.
    ['Nantes Cedex 1 (44035)'],
    ['44035 Nantes Cedex 1'],
    ['44035 Nantes'],
  ])('« %s » is Nantes', async (ou) => {
    const r = await api({ ou, q: 'boulanger' });
    expect(r.lieu_retenu).toMatchObject({ code_insee: '44109', nom: 'Nantes' });
    expect(cles(r)).toEqual(new Set(['CAP-BOUL-NANTES']));
  });

  it('searches the page too', async () => {
    const html = await (await get('/?ou=Nantes%20Cedex%201&q=boulanger')).text();
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(html).toContain(`/formations/${ids.get('CAP-BOUL-NANTES')}`);
  });

  it('says what a CEDEX code alone is, rather than « no commune is called 44035 »', async () => {
    const html = texte(await (await get('/?ou=44035')).text());
    expect(html).toContain('« 44035 » n’est le code postal d’aucune commune');
    expect(html).toContain('CEDEX');
  });
});

describe('a diploma by its abbreviation or its long name', () => {
  const BP_COIFFURE = ['CAP-COIFFURE-NEVERS', 'BP-COIFFURE-LAVAL'];
  it.each([
    ['brevet pro coiffure', BP_COIFFURE],
    ['brevet professionnel coiffure', BP_COIFFURE],
    ['Brevet Professionnel de coiffure', BP_COIFFURE],
    ['BP coiffure', BP_COIFFURE],
    ['B.P. coiffure', BP_COIFFURE],
    ['CAP coiffure', ['CAP-COIFFURE-ANGERS']],
    ['certificat d’aptitude professionnelle coiffure', ['CAP-COIFFURE-ANGERS']],
    ['baccalauréat professionnel maintenance', ['BACPRO-MSPC-MARSEILLE']],
    ['bac professionnel maintenance', ['BACPRO-MSPC-MARSEILLE']],
    ['licence pro management', ['LP-MANAGEMENT-NANTES']],
    ['LP management', ['LP-MANAGEMENT-NANTES']],
    ['titre professionnel vendeur', ['TP-VENDEUR-LAVAL']],
    ['titre pro vendeur', ['TP-VENDEUR-LAVAL']],
    ['TP vendeur', ['TP-VENDEUR-LAVAL']],
    ['brevet de technicien supérieur comptabilité', ['BTS-CG-LAVAL']],
    ['mention complémentaire traiteur', ['MC-TRAITEUR-NANTES']],
    ['BTS agricole agronomie', ['BTSA-AGRONOMIE-ANGERS']],
    ['brevet de technicien supérieur agricole', ['BTSA-AGRONOMIE-ANGERS']],
    ['bachelor universitaire de technologie gestion', ['BUT-GEA-LAVAL']],
    ['DUT gestion', ['BUT-GEA-LAVAL']],
    ['brevet professionnel de la jeunesse, de l’éducation populaire et du sport', ['BPJEPS-FORME-NANTES']],
    ['BP JEPS forme', ['BPJEPS-FORME-NANTES']],
  ])('« %s »', async (q, attendues) => {
    const r = await api({ q });
    expect(cles(r)).toEqual(new Set(attendues));
    expect(r.total).toBe(attendues.length);
  });

  it('an abbreviation alone narrows to its diplomas (« BP » is not the whole catalogue)', async () => {
    expect(cles(await api({ q: 'BP' }))).toEqual(new Set(['CAP-COIFFURE-NEVERS', 'BP-COIFFURE-LAVAL']));
  });

  it('keeps the diploma in the correction of a typo', async () => {
    const r = await api({ q: 'brevet pro coifure' });
    expect(r.suggestion).toBe('brevet pro coiffure');
    expect(cles(r)).toEqual(new Set(['CAP-COIFFURE-NEVERS', 'BP-COIFFURE-LAVAL']));
  });

  it('on the page as in the API', async () => {
    const html = await (await get('/?q=brevet%20pro%20coiffure')).text();
    expect(html).toContain(`/formations/${ids.get('BP-COIFFURE-LAVAL')}`);
    expect(html).toContain(`/formations/${ids.get('CAP-COIFFURE-NEVERS')}`);
    expect(html).not.toContain(`/formations/${ids.get('CAP-COIFFURE-ANGERS')}`);
  });
});
