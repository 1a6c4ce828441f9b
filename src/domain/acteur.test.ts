import { describe, expect, it } from 'vitest';
import { auteur } from './acteur.ts';

describe('auteur', () => {
  // A tester's report (03/12): « validées par clé d'API admin » next to « via l’API (clé « SI du CFA ») ».
  it('names an API key as the history does', () => {
    expect(auteur('cle:admin', new Map())).toBe('l’API (clé « admin »)');
    expect(auteur('utilisateur:a@cfa.example', new Map([['utilisateur:a@cfa.example', 'Ana']]))).toBe(
      'Ana (a@cfa.example)',
    );
  });
});
