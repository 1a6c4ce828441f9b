import { describe, expect, it } from 'vitest';
import { lignesHistorique, nomsSessions } from './historique.ts';
import { auteurEtOrigine, parQui } from './libelles.ts';

// The history's lines and authors as a person reads them (a tester's report, 03/12).

const session = {
  id: 'se_1',
  debut: '2027-09-01',
  fin: '2028-06-30',
  lieu: { code_postal: '75001', commune: 'Paris', lat: 48.86, lon: 2.34 },
};
/** The lines as the page says them, sessions named from the offer and the changes (as the page does). */
const lus = (diff: { champ: string; avant: unknown; apres: unknown }[]) =>
  lignesHistorique(diff, new Map(), nomsSessions([session], diff)).map(
    (l) => l.phrase ?? `${l.champ} : ${l.avant} → ${l.apres}`,
  );

describe('lignesHistorique', () => {
  it('a session taken out reads « … retirée » (archived or dropped), put back « … remise en ligne »', () => {
    expect(lus([{ champ: 'sessions[se_1].archivee', avant: false, apres: true }])).toEqual([
      'Session du 1er septembre 2027 au 30 juin 2028 retirée',
    ]);
    expect(lus([{ champ: 'sessions[se_1].archivee', avant: true, apres: false }])).toEqual([
      'Session du 1er septembre 2027 au 30 juin 2028 remise en ligne',
    ]);
    expect(
      lus([{ champ: 'sessions[se_2]', avant: { ...session, id: 'se_2', debut: '2026-01-05' }, apres: null }]),
    ).toEqual(['Session du 5 janvier 2026 au 30 juin 2028 retirée']);
  });

  it('a session added reads « … ajoutée (its place, its recruitment) », not « vide → … »', () => {
    const ajoutee = {
      ...session,
      id: 'se_3',
      debut: '2027-09-06',
      lieu: { code_postal: '53000', commune: 'Laval' },
    };
    expect(
      lus([{ champ: 'sessions[se_3]', avant: null, apres: { ...ajoutee, etat_recrutement: 'ouvert' } }]),
    ).toEqual(['Session du 6 septembre 2027 au 30 juin 2028 ajoutée (53000 Laval, recrutement ouvert)']);
  });

  it('never shows a place’s coordinates (derived from its commune)', () => {
    expect(
      lus([
        { champ: 'sessions[se_1].lieu.lat', avant: 48.85, apres: 48.86 },
        { champ: 'sessions[se_1].lieu.lon', avant: 2.35, apres: 2.34 },
        { champ: 'sessions[se_1].lieu.commune', avant: 'Lyon', apres: 'Paris' },
        { champ: 'sessions[se_1].lieu', avant: null, apres: { commune: 'Paris', lat: 48.86 } },
      ]),
    ).toEqual([
      'Session du 1er septembre 2027 au 30 juin 2028 : commune du lieu : Lyon → Paris',
      'Session du 1er septembre 2027 au 30 juin 2028 : lieu : vide → commune : Paris',
    ]);
  });

  it('a gestionnaire’s return reads as an event with its comment quoted, not « vide → … » (report of 03/12)', () => {
    expect(lus([{ champ: 'commentaire', avant: null, apres: 'Précisez le lieu.' }])).toEqual([
      'Retournée à l’organisme pour correction : « Précisez le lieu. »',
    ]);
    // An offer returned again with the same comment: still the return it is.
    expect(
      lus([
        { champ: 'statut', avant: 'en_attente_validation', apres: 'a_corriger' },
        { champ: 'commentaire_gestionnaire', avant: 'Le tarif.', apres: 'Le tarif.' },
      ]),
    ).toEqual([
      'Statut : En attente de validation → À corriger',
      'Retournée à l’organisme pour correction : « Le tarif. »',
    ]);
    // A validation clears the comment: no change of the offer, not a line (fresh user, 06/12).
    expect(
      lus([
        { champ: 'statut', avant: 'en_attente_validation', apres: 'publiee' },
        { champ: 'commentaire_gestionnaire', avant: 'Le tarif.', apres: null },
      ]),
    ).toEqual(['Statut : En attente de validation → Publiée']);
  });
});

describe('the safety net (a fresh user’s report, 04/12)', () => {
  it('a field it does not know reads « Détail modifié », a value’s keys in French, never an id', () => {
    expect(lus([{ champ: 'nouveau_champ', avant: null, apres: 'x' }])).toEqual(['Détail modifié : vide → x']);
    expect(lus([{ champ: 'sessions[se_1].inconnu', avant: 1, apres: 2 }])).toEqual([
      'Session du 1er septembre 2027 au 30 juin 2028 : détail modifié : 1 → 2',
    ]);
    expect(
      lus([
        { champ: 'sessions[se_1].lieu', avant: null, apres: { id: 'li_1', code_postal: '69001', quoi: 'x' } },
      ]),
    ).toEqual([
      'Session du 1er septembre 2027 au 30 juin 2028 : lieu : vide → code postal : 69001 ; détail : x',
    ]);
  });

  it('a whole sessions list (a creation) reads session by session', () => {
    const s2 = { ...session, id: 'se_2', debut: '2026-09-01', lieu: { commune: 'Lyon' } };
    expect(lus([{ champ: 'sessions', avant: null, apres: [s2] }])).toEqual([
      'Session du 1er septembre 2026 au 30 juin 2028 ajoutée (Lyon)',
    ]);
  });
});

describe('parQui', () => {
  it('says who, and through which import or key', () => {
    expect(parQui('utilisateur:claire@cfa.fr')).toBe('par claire@cfa.fr');
    expect(parQui('utilisateur:claire@cfa.fr', 'lheo')).toBe('par claire@cfa.fr via un import LHEO');
    expect(parQui('utilisateur:claire@cfa.fr', 'classeur', 'de')).toBe('de claire@cfa.fr via un classeur');
    expect(parQui('cle:erp')).toBe('via l’API (clé « erp »)');
    expect(parQui('cle:erp', 'classeur')).toBe('via un classeur envoyé par l’API (clé « erp »)');
    expect(parQui('systeme:import-lheo')).toBe('via un import LHEO en ligne de commande');
    expect(parQui('systeme:migration')).toBe('par Offre (migration des données)');
    expect(parQui('systeme:demo')).toBe('par Offre (données de démonstration)');
    expect(parQui('systeme:cli')).toBe('par la ligne de commande');
  });

  it('is the gestionnaire’s review wording too, with the name the page gives the actor', () => {
    expect(auteurEtOrigine('systeme:import-lheo', 'lheo', 'ignoré')).toBe(
      'via un import LHEO en ligne de commande',
    );
    expect(auteurEtOrigine('utilisateur:c@cfa.fr', 'classeur', 'Claire (c@cfa.fr)')).toBe(
      'Claire (c@cfa.fr) via un classeur',
    );
    expect(auteurEtOrigine('systeme:demo')).toBe('Offre (données de démonstration)');
  });
});
