import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { SIRET_B } from '../helpers/formations.ts';
import { clientRecherche, type ReponseRecherche } from './client.ts';
import { type Fixture, loadFixture } from './fixtures.ts';

// A fresh user's dead ends on the public search (h-recherche4): « mécanique auto » found nothing
// (« auto » is the start of « automobile », not a word of the index), « CAP pâtisserie » nothing
// and no way on (no offer has both words), « esthetique » suggested « energetique », and an
// organisme's SIRET or a place's UAI found nothing. docs/recherche.md. Real HTTP, both engines.

let app: AppLancee;

const AUTO: Fixture = {
  cle: 'CAP-AUTO-ANGERS',
  intitule: 'CAP Maintenance des véhicules automobiles',
  objectif: 'Mécanique automobile et entretien de véhicules.',
  lieux: [{ code_insee: '49007', uai: '0693446W' }],
};

const ENERGIE: Fixture = {
  cle: 'TP-ENERGIE-NANTES',
  intitule: 'Technicien en efficacité énergétique',
  lieux: [{ code_insee: '44109' }],
};

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = ReponseRecherche & {
  corrigee?: boolean;
  moins_de_mots?: { sans: string; q: string; total: number }[];
};
const cherche = async (q: string) => (await api({ q })) as Reponse;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx, [AUTO, ENERGIE]);
});
afterAll(() => app?.stop());

describe('a word typed as the start of an indexed word', () => {
  it.each([
    ['mécanique auto', ['CAP-AUTO-ANGERS']],
    ['maintenance indus', ['TECH-MAINT-PARIS']],
    ['CAP pâtiss', ['CAP-PATISSIER-LYON']],
    ['boulang nantes', ['CAP-BOUL-NANTES']],
  ])('« %s » finds it', async (q, attendues) => {
    const r = await cherche(q);
    expect(cles(r), q).toEqual(new Set(attendues));
    expect(r.suggestion, q).toBeNull();
  });

  it('an exact match ranks before a word that only starts so', async () => {
    const r = await cherche('maintenance');
    expect(r.data.length).toBeGreaterThanOrEqual(3);
    const auto = await cherche('maint');
    expect(cles(auto)).toEqual(cles(r));
  });
});

describe('nothing has every word', () => {
  it('« CAP coiffure »: the searches with a word left out are offered, with their counts', async () => {
    const r = await cherche('CAP coiffure');
    expect(r.total).toBe(0);
    // The most found first: CAP (4 public CAP offers), then coiffure (the BP Coiffure).
    expect(r.moins_de_mots).toEqual([
      { sans: 'coiffure', q: 'CAP', total: 5 },
      { sans: 'CAP', q: 'coiffure', total: 1 },
    ]);
    const page = await (await get('/?q=CAP+coiffure')).text();
    expect(texte(page)).toContain('Aucune formation ne contient tous les mots de votre recherche');
    expect(page).toContain('href="/?q=coiffure');
    // The diploma as typed (h-formes: « cap », lower case, was said).
    expect(texte(page)).toContain('(sans « CAP »)');
  });

  it('says each term as typed, and leaves out a diploma of two letters (« BP »)', async () => {
    const r = await cherche('Bp Boulanger');
    expect(r.total).toBe(0);
    expect(r.moins_de_mots?.map((m) => [m.sans, m.q])).toEqual(expect.arrayContaining([['Bp', 'Boulanger']]));
  });

  it('a search that finds something offers nothing of the kind', async () => {
    expect((await cherche('CAP boulanger')).moins_de_mots).toBeUndefined();
  });
});

describe('suggestions', () => {
  it('« esthetique » suggests no word that only shares its ending', async () => {
    const r = await cherche('esthetique');
    expect(r.total).toBe(0);
    expect(r.suggestion).toBeNull();
  });

  it('« boulangr » is still corrected', async () => {
    expect((await cherche('boulangr')).suggestion).toBe('boulanger');
  });
});

describe('an identifier typed', () => {
  it('a SIRET finds its organisme’s formations', async () => {
    expect(cles(await cherche(SIRET_B))).toEqual(new Set(['TECH-MAINT-PARIS', 'CAP-PATISSIER-LYON']));
  });
  it('a SIREN finds its establishments’ formations', async () => {
    expect(cles(await cherche(SIRET_B.slice(0, 9)))).toEqual(
      new Set(['TECH-MAINT-PARIS', 'CAP-PATISSIER-LYON']),
    );
  });
  it('a UAI finds the formations of that place', async () => {
    expect(cles(await cherche('0693446W'))).toEqual(new Set(['CAP-AUTO-ANGERS']));
    expect(cles(await cherche('0693446w'))).toEqual(new Set(['CAP-AUTO-ANGERS']));
  });
  it('a SIRET and a certification code typed together: the formations that have both', async () => {
    // Its CAP Pâtissier (CFD 50022136), not its other formation nor another organisme's BTS.
    expect(cles(await cherche(`${SIRET_B} 50022136`))).toEqual(new Set(['CAP-PATISSIER-LYON']));
    expect((await cherche(`${SIRET_B} 32031408`)).total).toBe(0);
    expect(cles(await cherche(`50022136 ${SIRET_B.slice(0, 9)}`))).toEqual(new Set(['CAP-PATISSIER-LYON']));
    // Two codes, or two identifiers, still either.
    expect(cles(await cherche('50022136 32031408'))).toEqual(new Set(['CAP-PATISSIER-LYON', 'BTS-CG-LAVAL']));
  });
  it('an identifier that names nothing finds nothing, not the whole offer', async () => {
    expect((await cherche('12345678901234')).total).toBe(0);
  });
});
