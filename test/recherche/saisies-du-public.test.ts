import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, type LigneCommune, loadFixture } from './fixtures.ts';

// A fresh user's searches on the public site (h-recherche5): a département number or a postal code
// typed among the words (« bts mco 69 ») was ignored or searched as text, never as the place; a code
// typed with a space after its prefix (« rncp 38362 ») found nothing; an empty « q » with « ou » was a
// 400 in the API; « maçon » (the trade) ended on a bare « Aucune formation ». docs/recherche.md.
// Real HTTP, page and API, both engines.

let app: AppLancee;

const MCO_NANTES: Fixture = {
  cle: 'BTS-MCO-NANTES',
  intitule: 'BTS Management commercial opérationnel',
  rncp: 'RNCP38362',
  cfd: '32031213',
  lieux: [{ code_insee: '44109' }],
};
// The business school where it is: in Mâcon (no masonry offer).
const ESC_MACON: Fixture = {
  cle: 'ESC-MACON',
  intitule: 'Titre Chargé de gestion commerciale',
  organisme: 'École supérieure de commerce de Mâcon',
  siret: '71000123100004',
  lieux: [{ code_insee: '71270' }],
};
// Real commune (INSEE COG 2024 code and centroid, legal population 2021).
const COMMUNE_MACON: LigneCommune = ['71270', '71000', 'Mâcon', '71', '27', 46.3069, 4.8287, 33_000];

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, [MCO_NANTES, ESC_MACON], [COMMUNE_MACON]);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  departement_retenu?: { code_departement: string; nom: string; pourquoi: string };
  lieu_dans_q?: { terme: string; q: string };
  mots_communes?: { mot: string; commune: string; q: string }[];
};
const cherche = async (params: Record<string, string>) => (await api(params)) as Reponse;
const page = async (chemin: string) => (await get(chemin)).text();

describe('a département number typed among the words is the place', () => {
  it('« bts mco 69 » searches the BTS MCO of the Rhône, says so, and offers the search everywhere', async () => {
    expect(cles(await cherche({ q: 'bts mco' }))).toEqual(new Set(['BTS-MCO-LYON', 'BTS-MCO-NANTES']));
    for (const q of ['bts mco 69', '69 bts mco', 'BTS MCO dans le 69']) {
      const r = await cherche({ q });
      expect(cles(r), q).toEqual(new Set(['BTS-MCO-LYON']));
      expect(r.departement_retenu, q).toEqual({ code_departement: '69', nom: 'Rhône', pourquoi: 'numero' });
      expect(r.lieu_dans_q?.terme, q).toBe('69');
      expect(r.termes_ignores, q).toBeUndefined();
    }
    expect((await cherche({ q: 'bts mco 69' })).lieu_dans_q).toEqual({ terme: '69', q: 'bts mco' });
    const brut = await page('/?q=bts+mco+69');
    const t = texte(brut);
    expect(t).toContain('Formations pour « bts mco » dans le département 69 — Rhône');
    expect(t).toContain('1 formation trouvée');
    expect(t).toContain('« 69 » est lu comme le lieu de la recherche : le département 69 — Rhône.');
    expect(brut).toContain('<a href="/?q=bts+mco">Chercher « bts mco » dans toute la France</a>');
  });

  it('as do 2A and a DOM number (3 digits)', async () => {
    for (const [q, code] of [
      ['bts 2a', '2A'],
      ['bts 971', '971'],
    ] as const) {
      const r = await cherche({ q });
      expect(r.departement_retenu?.code_departement, q).toBe(code);
      expect(r.total, q).toBe(0);
    }
  });

  it('not a number inside the words (« cap 12 mois »), nor when « Où ? » is given', async () => {
    const r = await cherche({ q: 'bts 12 mois' });
    expect(r.departement_retenu).toBeUndefined();
    expect(r.termes_ignores).toEqual(['12']);
    const avecOu = await cherche({ q: 'bts mco 69', ou: 'Nantes' });
    expect(avecOu.departement_retenu).toBeUndefined();
    expect(avecOu.lieu_dans_q).toBeUndefined();
    expect(cles(avecOu)).toEqual(new Set(['BTS-MCO-NANTES']));
  });
});

describe('a postal code typed among the words is the place', () => {
  it('« boulanger 44000 »: Nantes, as « Où ? » would (the API: the commune alone; the page: 30 km)', async () => {
    const r = await cherche({ q: 'boulanger 44000' });
    expect(r.lieu_retenu?.code_insee).toBe('44109');
    expect(r.lieu_retenu?.rayon_km).toBeNull();
    expect(r.lieu_dans_q).toEqual({ terme: '44000', q: 'boulanger' });
    expect(cles(r)).toEqual(cles(await cherche({ q: 'boulanger', ou: '44000' })));
    expect(cles(r)).toEqual(new Set(['CAP-BOUL-NANTES']));
    const t = texte(await page('/?q=boulanger+44000'));
    expect(t).toContain('Formations pour « boulanger » près de Nantes');
    expect(t).toContain('« 44000 » est lu comme le lieu de la recherche : Nantes.');
  });

  it('five digits that no commune has stay words', async () => {
    const r = await cherche({ q: 'boulanger 99999' });
    expect(r.lieu_retenu).toBeUndefined();
    expect(r.lieu_dans_q).toBeUndefined();
  });
});

describe('a code typed with a space after its prefix is the code', () => {
  it.each([
    ['rncp 38362', 'RNCP38362'],
    ['RNCP 37537', 'RNCP37537'],
    ['cfd 32031213', '32031213'],
    ['CFD 50022137 Nantes', '50022137 Nantes'],
  ])('« %s » as « %s »', async (q, code) => {
    const attendu = cles(await cherche({ q: code }));
    expect(attendu.size, code).toBeGreaterThan(0);
    expect(cles(await cherche({ q }))).toEqual(attendu);
    expect(texte(await page(`/?${new URLSearchParams({ q })}`))).toContain(
      `${attendu.size} formation${attendu.size > 1 ? 's' : ''} trouvée`,
    );
  });
});

describe('an empty q is no words, as without it', () => {
  it('the API answers « q= » and « q=   » with « ou » as without q', async () => {
    const sans = await cherche({ ou: '44000' });
    for (const q of ['', '   ']) {
      const r = await cherche({ q, ou: '44000' });
      expect(cles(r), JSON.stringify(q)).toEqual(cles(sans));
      expect(r.lieu_retenu?.code_insee).toBe('44109');
    }
    const seul = await fetch(`${app.base}/api/v1/formations?q=`);
    expect(seul.status).toBe(200);
  });
});

describe('« maçon », the trade, when nothing of masonry is found', () => {
  it('is still not the town, but the town is offered rather than a bare « Aucune formation »', async () => {
    const r = await cherche({ q: 'maçon' });
    expect(r.total).toBe(0);
    expect(r.mots_communes).toEqual([{ mot: 'macon', commune: 'Mâcon', q: '' }]);
    const brut = await page('/?q=ma%C3%A7on');
    expect(texte(brut)).toContain('Mâcon est aussi une commune : voir les formations à Mâcon');
    // « macon » (the town, maybe) finds the school as before.
    expect(cles(await cherche({ q: 'macon' }))).toEqual(new Set(['ESC-MACON']));
  });
});
