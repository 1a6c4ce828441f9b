import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { ajouterCertifications, loadFixture } from './fixtures.ts';

// A fresh user's report: the page of a titre professionnel (RNCP37098 « Vendeur conseil en
// magasin », level 4, conventionné for adult job seekers) said « Accessible après la classe de 3e
// (bac professionnel) ou après un diplôme de niveau 3 (CAP)… », a bac pro's entry route derived
// from the level alone. The entry requirements now follow the certification's type (the
// reference's type_diplome: TP, CAP, BTS…) and the offer's public; the page says nothing rather
// than something wrong when the reference does not tell (docs/recherche.md « La page d’une
// formation »).

let t: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-11-30T10:00:00Z') });
  // A level-4 title whose type (BCN « TITRE », any certifier's) tells nothing of its entry route.
  await ajouterCertifications(t.ctx, [['rncp', 'RNCP99999', 'Titre certifié', '4', 'TITRE']]);
  ids = await loadFixture(t.ctx, [
    {
      cle: 'TP-VENDEUR-CONVENTIONNE',
      intitule: 'Titre professionnel Vendeur conseil en magasin',
      rncp: 'RNCP37098',
      apprentissage: false,
      lieux: [{ code_insee: '44109', financeur: 'france_travail', numero_marche: 'M2026001' }],
    },
    {
      cle: 'CAP-BOUL-ADULTES',
      intitule: 'CAP Boulanger pour adultes',
      cfd: '50022137',
      apprentissage: false,
      lieux: [{ code_insee: '44109', financeur: 'region', numero_marche: 'M2026002' }],
    },
    {
      cle: 'SANS-TYPE',
      intitule: 'Certification inconnue du référentiel',
      rncp: 'RNCP99999',
      lieux: [{ code_insee: '44109' }],
    },
  ]);
});
afterAll(() => t.close());

/** The text of the « Conditions d’accès » section of the formation `cle`'s public page. */
const conditions = async (cle: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get(cle)}` });
  expect(r.statusCode).toBe(200);
  const i = r.body.indexOf('id="conditions"');
  expect(i).toBeGreaterThan(0);
  const fin = r.body.indexOf('<h2', i);
  return r.body.slice(i, fin < 0 ? undefined : fin).replace(/<[^>]+>/g, '');
};

describe('the entry requirements follow the certification’s type and the offer’s public', () => {
  it('a titre professionnel for adults: no school route, the title’s own rule', async () => {
    const acces = await conditions('TP-VENDEUR-CONVENTIONNE');
    expect(acces).not.toContain('classe de 3e');
    expect(acces).not.toContain('bac professionnel');
    expect(acces).not.toContain('16 à 29 ans');
    expect(acces).toContain('Titre professionnel du ministère du Travail : aucun diplôme n’est exigé');
    // The official fiche still gives the exact prerequisites.
    expect(acces).toContain('Fiche RNCP37098 sur le site de France compétences');
  });

  it('the same title in apprenticeship: the title’s rule and the contract’s conditions', async () => {
    const acces = await conditions('TP-VENDEUR-LAVAL');
    expect(acces).not.toContain('classe de 3e');
    expect(acces).toContain('aucun diplôme n’est exigé');
  });

  it('a CAP: after the 3e in apprenticeship, not said to adults in a conventionné offer', async () => {
    expect(await conditions('CAP-BOUL-NANTES')).toContain('Accessible après la classe de 3e.');
    const adultes = await conditions('CAP-BOUL-ADULTES');
    expect(adultes).not.toContain('classe de 3e');
    expect(adultes).toContain('Renseignez-vous auprès de l’organisme.');
  });

  it('a BTS: after a baccalauréat, whatever the public', async () => {
    expect(await conditions('BTS-MCO-LYON')).toContain(
      'Accessible après un baccalauréat ou un autre diplôme de niveau 4.',
    );
  });

  it('a BP: after a CAP of the same trade', async () => {
    expect(await conditions('CAP-COIFFURE-NEVERS')).toContain('Accessible après un CAP du même métier');
  });

  it('says nothing of a level when the reference does not give the type', async () => {
    const acces = await conditions('SANS-TYPE');
    expect(acces).not.toContain('Accessible après');
    // The apprenticeship contract's legal conditions do not depend on the certification.
    expect(acces).toContain('avoir de 16 à 29 ans révolus');
  });
});
