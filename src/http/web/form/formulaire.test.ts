import { describe, expect, it } from 'vitest';
import { OffreError } from '../../../domain/errors.ts';
import { erreursLibellees } from './formulaire.ts';

// The account forms word their errors as the formation forms do: « Libellé : problème. », in the
// page's order (test/auth/formulaires-comptes.test.ts over HTTP).
describe('the errors of a refused form, labelled and in page order', () => {
  const CHAMPS = [
    ['nom', 'Nom et prénom'],
    ['nouveau', 'Nouveau mot de passe'],
    ['confirmation', 'Confirmez le mot de passe'],
  ] as const;

  it('prefixes each field error with its label and sorts them as the page shows the fields', () => {
    const erreurs = erreursLibellees(
      [
        new OffreError('MOT_DE_PASSE_CONFIRMATION', 'Les deux mots de passe saisis sont différents.', {
          champ: 'confirmation',
        }),
        { champ: 'nom', message: 'Indiquez vos nom et prénom.' },
      ],
      CHAMPS,
      'nom',
    );
    expect(erreurs).toEqual([
      { champ: 'nom', message: 'Nom et prénom : indiquez vos nom et prénom.' },
      {
        champ: 'confirmation',
        message: 'Confirmez le mot de passe : les deux mots de passe saisis sont différents.',
      },
    ]);
  });

  it('keeps a refusal of the whole form unlabelled, on the default field; a label already there once', () => {
    expect(
      erreursLibellees(
        [
          new OffreError(
            'UTILISATEUR_EXISTE',
            'Un compte existe déjà pour a@b.fr : connectez-vous.',
            {},
            409,
          ),
          { champ: 'nouveau', message: 'Nouveau mot de passe : trop court.' },
          { champ: 'ailleurs', message: 'Un champ que la page ne connaît pas.' },
        ],
        CHAMPS,
        'nom',
      ),
    ).toEqual([
      { champ: 'nom', message: 'Un compte existe déjà pour a@b.fr : connectez-vous.' },
      { champ: 'nouveau', message: 'Nouveau mot de passe : trop court.' },
      { champ: 'ailleurs', message: 'Un champ que la page ne connaît pas.' },
    ]);
  });

  it('rethrows what is not a refusal of the form (a 5xx, an unexpected error)', () => {
    const panne = new OffreError('ERREUR_INTERNE', 'Panne.', {}, 500);
    expect(() => erreursLibellees(panne, CHAMPS, 'nom')).toThrow(panne);
    const bug = new TypeError('x');
    expect(() => erreursLibellees(bug, CHAMPS, 'nom')).toThrow(bug);
  });
});
