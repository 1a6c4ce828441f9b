import { describe, expect, it } from 'vitest';
import { retourParDefaut } from './erreurs.tsx';

describe('an unknown item of a list leads back to the list (LISTES)', () => {
  it.each([
    ['/gestion/structures/000000000', '/gestion/structures', 'Retour aux structures'],
    ['/gestion/referentiels/42?x=1', '/gestion/referentiels', 'Retour aux référentiels'],
    ['/gestion/inscriptions/123456789/approuver', '/gestion/inscriptions', 'Retour aux inscriptions'],
    ['/admin/perimetre/7', '/admin/perimetre', 'Retour au périmètre'],
  ])('%s → %s', (url, href, libelle) => {
    expect(retourParDefaut(url, 404, 'INTROUVABLE', { role: 'admin' })).toEqual({ href, libelle });
  });

  it('not the list itself, nor a path that only starts alike, nor another status', () => {
    const chez = { href: '/gestion', libelle: 'Retour à la gestion' };
    expect(retourParDefaut('/gestion/structures', 404, 'INTROUVABLE', { role: 'gestionnaire' })).toEqual(
      chez,
    );
    expect(retourParDefaut('/gestion/structuresx/1', 404, 'INTROUVABLE', { role: 'gestionnaire' })).toEqual(
      chez,
    );
    expect(retourParDefaut('/gestion/structures/1', 403, 'ACCES_REFUSE', { role: 'gestionnaire' })).toEqual(
      chez,
    );
  });
});
