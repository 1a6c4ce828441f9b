import { describe, expect, it } from 'vitest';
import type { CommuneAncienneFact, CommuneFact } from '../referentiel.ts';
import { lieuCommune } from './lieu-commune.regle.ts';
import { contexte, faits, formation, session } from './regles.fixture.ts';
import type { SessionAControler } from './types.ts';

// LIEU_COMMUNE on places as organisations write them (issue 11, items 1 to 5): each place is
// checked alone against a small reference shaped like the communes file once imported.

const c = (code_insee: string, code_postal: string, nom: string): CommuneFact => ({
  code_insee,
  code_postal,
  nom,
  lat: null,
  lon: null,
});

const COMMUNES: CommuneFact[] = [
  c('17300', '17000', 'La Rochelle'),
  c('72181', '72000', 'Le Mans'),
  c('75117', '75017', 'Paris 17e Arrondissement'),
  c('75056', '75017', 'Paris'),
  c('13208', '13008', 'Marseille 8e Arrondissement'),
  c('69383', '69003', 'Lyon 3e Arrondissement'),
  c('42218', '42000', 'Saint-Étienne'),
  c('24362', '24380', 'Val de Louyre et Caudeau'),
  c('24362', '24510', 'Val de Louyre et Caudeau'),
  c('44109', '44000', 'Nantes'),
  c('44109', '44100', 'Nantes'),
  c('49007', '49000', 'Angers'),
  c('97801', '97150', 'Saint-Martin'),
  c('97701', '97133', 'Saint-Barthélemy'),
];
const ANCIENNES: CommuneAncienneFact[] = [
  { code_insee: '24362', nom: 'Cendrieux', code_insee_ancien: '24092', statut: 'deleguee' },
  { code_insee: '24362', nom: 'Sainte-Alvère', code_insee_ancien: '24362', statut: 'deleguee' },
];
const ctx = contexte(faits({ communes: COMMUNES, anciennes: ANCIENNES }));

const lieu = (commune: string | null, code_postal: string, code_insee: string | null) =>
  session({ commune, code_postal, code_insee });
const controler = (...sessions: SessionAControler[]) => lieuCommune(formation({ sessions }), ctx);

describe('LIEU_COMMUNE on real places', () => {
  it.each([
    // 1. names with an article
    ['La Rochelle', '17000', '17300'],
    ['Rochelle (La)', '17000', '17300'],
    ['LE MANS', '72000', '72181'],
    // 2. La Poste routing labels
    ['PARIS 17', '75017', '75117'],
    ['PARIS 17', '75017', '75056'],
    ['MARSEILLE 08', '13008', '13208'],
    ['LYON 03', '69003', '69383'],
    ['ST ETIENNE', '42000', '42218'],
    ['ST ETIENNE', '42000', null],
    // 4. a CEDEX code whose commune and INSEE code agree
    ['NANTES CEDEX 1', '44035', '44109'],
    ['Nantes Cedex', '44000', '44109'],
    // 5. overseas collectivities
    ['Saint-Martin', '97150', '97801'],
    ['ST BARTHELEMY', '97133', '97701'],
  ])('« %s », %s, INSEE %s passes', (commune, cp, insee) => {
    const [r] = controler(lieu(commune, cp, insee));
    expect(r).toMatchObject({ code: 'LIEU_COMMUNE', resultat: 'passe' });
  });

  it('3. a delegated commune’s name is an alerte naming the current commune, never bloquant', () => {
    const [r, ...rest] = controler(lieu('Cendrieux', '24380', '24362'));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ resultat: 'echec', severite: 'alerte', champ: 'sessions[0].lieu.commune' });
    expect(r!.message).toBe(
      '« Cendrieux » (session 1) est une commune déléguée de Val de Louyre et Caudeau (24362) : écrivez de préférence le nom de la commune actuelle, Val de Louyre et Caudeau.',
    );
    expect(controler(lieu('CENDRIEUX', '24380', null))[0]).toMatchObject({ severite: 'alerte' });
    expect(controler(lieu('Sainte-Alvère', '24510', '24362'))[0]).toMatchObject({ severite: 'alerte' });
  });

  it('3. a delegated commune’s former INSEE code is an alerte giving the current code', () => {
    const [r] = controler(lieu('Cendrieux', '24380', '24092'));
    expect(r).toMatchObject({ resultat: 'echec', severite: 'alerte', champ: 'sessions[0].lieu.code_insee' });
    expect(r!.message).toContain('utilisez le code INSEE 24362');
    // the former code with a postal code of elsewhere stays bloquant
    expect(controler(lieu('Cendrieux', '17000', '24092'))[0]).toMatchObject({ severite: 'bloquant' });
  });

  it('4. a CEDEX code without the CEDEX mention is an alerte; another department or commune stays bloquant', () => {
    expect(controler(lieu('Nantes', '44035', '44109'))[0]).toMatchObject({
      resultat: 'echec',
      severite: 'alerte',
      champ: 'sessions[0].lieu.code_postal',
    });
    expect(controler(lieu('NANTES CEDEX 1', '44035', null))[0]).toMatchObject({ severite: 'alerte' });
    expect(controler(lieu('NANTES CEDEX 1', '49035', '44109'))[0]).toMatchObject({ severite: 'bloquant' });
    expect(controler(lieu('ANGERS CEDEX 1', '44035', '44109'))[0]).toMatchObject({ severite: 'bloquant' });
  });

  // A fresh user's report (06/12/2026): the CEDEX mention in the place's « Cedex » field (the
  // session form's, the API's `cedex`, LHEO's extras) was not read: « 53063 » with « Laval » and
  // « CEDEX 9 » was bloquant without an INSEE code. The mention says the code is a CEDEX code
  // wherever it is written.
  it('4. reads the CEDEX mention of the « Cedex » field as that of the commune', () => {
    const avecCedex = (commune: string, cp: string, insee: string | null) =>
      session({ commune, code_postal: cp, code_insee: insee, cedex: 'CEDEX 1' });
    expect(controler(avecCedex('Nantes', '44035', '44109'))[0]).toMatchObject({ resultat: 'passe' });
    expect(controler(avecCedex('Nantes', '44035', null))[0]).toMatchObject({
      severite: 'alerte',
      champ: 'sessions[0].lieu.code_insee',
    });
    expect(controler(avecCedex('Nantes', '49035', '44109'))[0]).toMatchObject({ severite: 'bloquant' });
    // The commune's own postal code with a mention in « Cedex »: as without it.
    expect(controler(avecCedex('Nantes', '44000', '44109'))[0]).toMatchObject({ resultat: 'passe' });
  });

  it('still blocks what does not agree', () => {
    for (const [commune, cp, insee] of [
      ['La Rochelle', '17000', '72181'], // INSEE of another commune
      ['Le Mans', '17000', '17300'], // name of another commune
      ['Rochefort', '17000', null],
      ['Paris', '92999', '75056'], // unknown postal code of another department
    ] as const)
      expect(controler(lieu(commune, cp, insee))[0], `${commune} ${cp} ${insee}`).toMatchObject({
        resultat: 'echec',
        severite: 'bloquant',
      });
  });
});
