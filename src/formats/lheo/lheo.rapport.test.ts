import { describe, expect, it } from 'vitest';
import { changementsRapportes, ligneChangement, ligneRapportCsv } from './lheo.rapport.ts';

describe('the LHEO report’s changes (command line)', () => {
  it('name a session by its dates; an archiving is a sentence, not « archivee : oui → non »', () => {
    const sessions = [{ id: 'se_1', debut: '2027-09-06', fin: '2029-06-30' }];
    const lignes = changementsRapportes(
      [
        { champ: 'intitule', avant: 'A', apres: 'B' },
        { champ: 'sessions[se_1].capacite', avant: 12, apres: 24 },
        { champ: 'sessions[se_1].archivee', avant: true, apres: false },
      ],
      sessions,
    ).map(ligneChangement);
    expect(lignes).toEqual([
      'intitule : A → B',
      'Session du 6 septembre 2027 au 30 juin 2029 : capacite : 12 → 24',
      'Session du 6 septembre 2027 au 30 juin 2029 remise en ligne',
    ]);
  });
});

// A fresh user's report (05/12): the preview's « Champs modifiés (avant → après) » and the CSV
// report showed `[{"date":"2026-05-08","lieu":"18 avenue…","libelle":"Réunion d’information
// collective"}]`. Every value reads as the history reads it (domain/valeur-lisible.ts): dates in
// words, codes by their label, objects field by field, never JSON.
describe('the LHEO report’s values, as people read them (page, CSV, command line)', () => {
  const reunion = (libelle: string) => [{ date: '2026-05-08', lieu: '18 avenue Foch, Laval', libelle }];
  const changes = changementsRapportes([
    {
      champ: 'sessions[se_1].reunions_information',
      avant: reunion('Réunion d’information collective'),
      apres: reunion('Réunion d’information individuelle'),
    },
    {
      champ: 'contacts',
      avant: [{ type: 'referent_handicap', nom: 'Mme Roux', telephone: '0243000000', courriel: null }],
      apres: [],
    },
    { champ: 'sessions[se_1].etat_recrutement', avant: 'ouvert', apres: 'ferme' },
    { champ: 'sessions[se_1].financeur', avant: null, apres: 'france_travail' },
    { champ: 'sessions[se_1].debut', avant: '2026-09-01', apres: '2026-09-08' },
    { champ: 'modalites.formation_continue', avant: false, apres: true },
    {
      champ: 'sessions[se_1].lieu',
      avant: null,
      apres: { adresse: '1 rue Haute', code_postal: '53000', commune: 'Laval', lat: 48.07, lon: -0.77 },
    },
  ]);

  it('renders lists, contacts, places, dates, booleans and codes for people, never as JSON', () => {
    expect(changes.map((c) => [c.avant, c.apres])).toEqual([
      [
        'date : 8 mai 2026 ; lieu : 18 avenue Foch, Laval ; libellé : Réunion d’information collective',
        'date : 8 mai 2026 ; lieu : 18 avenue Foch, Laval ; libellé : Réunion d’information individuelle',
      ],
      ['Référent handicap – Mme Roux – 0243000000', ''],
      ['ouvert', 'fermé'],
      ['', 'France Travail'],
      ['1er septembre 2026', '8 septembre 2026'],
      ['non', 'oui'],
      ['', 'adresse : 1 rue Haute ; code postal : 53000 ; commune : Laval'],
    ]);
  });

  it('writes the same text in the CSV report', () => {
    const csv = ligneRapportCsv({
      ligne: 3,
      numero: 'F1',
      intitule: 'BTS',
      resultat: 'modifiee',
      element: changes[0]!.champ,
      code: '',
      message: 'Champ modifié',
      avant: changes[0]!.avant,
      apres: changes[0]!.apres,
    });
    expect(csv).toContain(
      'date : 8 mai 2026 ; lieu : 18 avenue Foch, Laval ; libellé : Réunion d’information individuelle',
    );
    expect(csv).not.toContain('{');
  });
});
