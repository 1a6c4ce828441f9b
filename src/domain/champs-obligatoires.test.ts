import { describe, expect, it } from 'vitest';
import { champsObligatoiresManquants, numeroDeSession, sessionsEnOrdre } from './champs-obligatoires.ts';

const complete = {
  intitule: 'CAP Boulanger',
  objectif: 'Devenir boulanger.',
  formation_continue: false,
  contrat_professionnalisation: false,
  contrat_apprentissage: false,
  annees_apprentissage: [],
  duree_annees: 2,
  responsable: {},
  formateur: {},
  contacts: [{ nom: 'Accueil', telephone: '0472000000', courriel: null }],
};
const lieu = { code_postal: '49000', commune: 'Angers', code_insee: '49007' };

// The pages show the sessions still offered, « Session 1 », « Session 2 »…: an archived session
// (kept at its place in the rule's list) must not shift the number a message gives.
describe('session numbers in the mandatory-field messages', () => {
  it('counts only the sessions still offered, as the page does', () => {
    const sessions = [
      { debut: '2026-09-01', fin: '2028-06-30', ...lieu },
      { debut: '2024-09-01', fin: '2026-06-30', ...lieu, archivee: true },
      { debut: '2027-09-01', fin: '2029-06-30', ...lieu },
      { debut: null, fin: null, ...lieu },
    ];
    const manquants = champsObligatoiresManquants({ ...complete, sessions });
    expect(manquants.map((m) => m.champ)).toEqual(['sessions.3.debut', 'sessions.3.fin']);
    expect(manquants[0]!.libelle).toBe('la date de début de la session 3');
    expect(numeroDeSession(sessions, 3)).toBe(3);
    expect(numeroDeSession(sessions, 0)).toBe(1);
  });

  it('numbers in the stored order (start date, none last), not in the order a revision added them', () => {
    // A revision lists its sessions as they were added: a dateless one, then a dated one.
    const sessions = [
      { id: 'se_1', debut: '2027-09-01', fin: '2029-06-30', ...lieu },
      { id: 'se_3', debut: null, fin: null, ...lieu },
      { id: 'se_2', debut: '2026-09-01', fin: '2028-06-30', ...lieu },
    ];
    const manquants = champsObligatoiresManquants({ ...complete, sessions });
    expect(manquants.map((m) => m.libelle)).toEqual([
      'la date de début de la session 3',
      'la date de fin de la session 3',
    ]);
    expect(sessionsEnOrdre(sessions).map((s) => s.id)).toEqual(['se_2', 'se_1', 'se_3']);
  });
});
