import { describe, expect, it } from 'vitest';
import {
  changePlateforme,
  decideurPlateforme,
  lignesDecision,
  phraseDecideur,
  phraseDerniereDecision,
  titreDecision,
} from './decision-plateforme.ts';

describe('who decided on a platform, as the organisme is told', () => {
  const instructeur = { role: 'instructeur' as const, academies: ['10', '08'] };
  const qui = (
    action: string,
    acteur: string,
    compte: Parameters<typeof decideurPlateforme>[3],
    offre: string[],
  ) => phraseDecideur(decideurPlateforme('parcoursup', action, acteur, compte, offre));

  it('names the instructeur by the académies of the offer it holds, never by its person', () => {
    expect(qui('non_publier', 'utilisateur:ines@ac-lyon.fr', instructeur, ['10'])).toBe(
      'un instructeur de l’académie de Lyon',
    );
    expect(qui('publier', 'utilisateur:ines@ac-lyon.fr', instructeur, ['10', '08'])).toBe(
      'un instructeur des académies de Lyon et de Grenoble',
    );
    // The offer moved out of its académies since: the instructeur's own; an account removed: none.
    expect(
      qui('publier', 'utilisateur:ines@ac-lyon.fr', { role: 'instructeur', academies: ['10'] }, ['01']),
    ).toBe('un instructeur de l’académie de Lyon');
    expect(qui('publier', 'utilisateur:parti@ac-lyon.fr', null, ['10'])).toBe('un instructeur');
  });

  it('says an administrator or an admin key is the Offre administration, a return the platform', () => {
    expect(qui('non_publier', 'utilisateur:admin@offre.fr', { role: 'admin', academies: [] }, ['10'])).toBe(
      'l’administration d’Offre',
    );
    expect(qui('reprendre', 'cle:scripts', null, ['10'])).toBe('l’administration d’Offre');
    expect(qui('retour_rejet', 'cle:SI Parcoursup', null, ['10'])).toBe('Parcoursup');
  });
});

describe('the decision in words', () => {
  it('titles, lines and the latest decision, in French without codes', () => {
    expect(titreDecision('affelnet', 'non_publier')).toBe('Affelnet : ne pas publier');
    expect(
      lignesDecision('affelnet', [
        { champ: 'affelnet', avant: 'a_publier', apres: 'non_publie', motif: 'Places' } as never,
      ]),
    ).toEqual(['Statut Affelnet : À publier → Non publié', 'Motif : Places']);
    // The diff as stored: its JSON text (some engines' reads) reads the same; none, no line.
    expect(
      changePlateforme(
        JSON.stringify([{ champ: 'affelnet', avant: 'publie', apres: 'rejet_publication', motif: ' ' }]),
      ),
    ).toEqual({ avant: 'publie', apres: 'rejet_publication', motif: null, raison: null });
    expect(lignesDecision('affelnet', null)).toEqual([]);
    expect(lignesDecision('affelnet', '[]')).toEqual([]);
    expect(
      phraseDerniereDecision('affelnet', 'non_publier', '5 décembre 2026 à 14:02', 'un instructeur'),
    ).toBe('Décision « Ne pas publier » le 5 décembre 2026 à 14:02, par un instructeur');
    expect(
      phraseDerniereDecision('parcoursup', 'retour_rejet', '5 décembre 2026 à 14:02', 'Parcoursup'),
    ).toBe('Retour de Parcoursup le 5 décembre 2026 à 14:02 : rejet de publication');
  });
});
