import { describe, expect, it } from 'vitest';
import { gestionnaireDe } from '../../test/helpers/acteurs.ts';
import { type Acteur, auteur, nomPersonne, personneEtRole } from './acteur.ts';

describe('auteur', () => {
  // A tester's report (03/12): « validées par clé d'API admin » next to « via l’API (clé « SI du CFA ») ».
  it('names an API key as the history does', () => {
    expect(auteur('cle:admin', new Map())).toBe('l’API (clé « admin »)');
    expect(auteur('utilisateur:a@cfa.example', new Map([['utilisateur:a@cfa.example', 'Ana']]))).toBe(
      'Ana (a@cfa.example)',
    );
    expect(auteur('utilisateur:a@cfa.example', new Map())).toBe('a@cfa.example');
  });
});

// One way to name a person: the history (auteur) and the Imports pages (personneEtRole) alike.
describe('a person as the pages name it', () => {
  it('is its name and e-mail, the e-mail alone when the account has no name of its own', () => {
    expect(nomPersonne('ines@carif.test', 'Inès Martin')).toBe('Inès Martin (ines@carif.test)');
    expect(nomPersonne('ines@carif.test', null)).toBe('ines@carif.test');
    expect(nomPersonne('ines@carif.test', 'ines@carif.test')).toBe('ines@carif.test');
    // The history's label read with the names: the same words.
    expect(
      auteur('utilisateur:ines@carif.test', new Map([['utilisateur:ines@carif.test', 'ines@carif.test']])),
    ).toBe('ines@carif.test');
  });

  const ines = {
    ...(gestionnaireDe('84') as Acteur & { kind: 'utilisateur' }),
    email: 'ines@carif.test',
    nom: 'Inès Martin',
  };
  it('says what the person is: a gestionnaire’s régions, an administrator', () => {
    expect(personneEtRole(ines)).toBe(
      'Inès Martin (ines@carif.test), gestionnaire de la région Auvergne-Rhône-Alpes',
    );
    expect(personneEtRole({ ...ines, regions: ['84', '53'] })).toBe(
      'Inès Martin (ines@carif.test), gestionnaire des régions Auvergne-Rhône-Alpes et Bretagne',
    );
    expect(personneEtRole({ ...ines, regions: [] })).toBe('Inès Martin (ines@carif.test), gestionnaire');
    expect(personneEtRole({ ...ines, role: 'admin', regions: [] })).toBe(
      'Inès Martin (ines@carif.test), administrateur de la plateforme',
    );
    expect(personneEtRole({ ...ines, role: 'instructeur', regions: [] })).toBe(
      'Inès Martin (ines@carif.test)',
    );
  });
});
