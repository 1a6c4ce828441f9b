import { describe, expect, it } from 'vitest';
import { ROLES } from '../../domain/acteur.ts';
import { retourParDefaut } from './erreurs.tsx';
import { ACCUEILS, accueilDe } from './reponse.ts';

describe('a role’s own space, one table (ACCUEILS)', () => {
  it('is where its user lands and the way back its error pages offer', () => {
    for (const role of ROLES) {
      const chez = ACCUEILS[role];
      expect(accueilDe(role)).toBe(chez?.href ?? '/');
      expect(retourParDefaut('/ailleurs', 403, 'ACCES_REFUSE', { role })).toEqual(chez);
    }
    expect(accueilDe('organisme')).toBe('/espace');
    expect(retourParDefaut('/gestion/structures', 403, 'ACCES_REFUSE', { role: 'organisme' })).toEqual({
      href: '/espace',
      libelle: 'Retour à mon espace',
    });
  });

  it('none for no role, an unknown one, or on that space itself', () => {
    expect(accueilDe(undefined)).toBe('/');
    expect(accueilDe('constructor')).toBe('/');
    expect(accueilDe('prescripteur')).toBe('/');
    expect(retourParDefaut('/ailleurs', 403, 'ACCES_REFUSE', { role: 'toString' })).toBeUndefined();
    expect(retourParDefaut('/gestion', 403, 'ACCES_REFUSE', { role: 'gestionnaire' })).toBeUndefined();
  });
});
