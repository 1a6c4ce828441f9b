import { describe, expect, it } from 'vitest';
import { cibleJournalisee } from './journal-requetes.plugin.ts';

describe('cibleJournalisee', () => {
  it('masks the value of every jeton parameter, keeping the others', () => {
    expect(cibleJournalisee('/mot-de-passe/nouveau?jeton=abc')).toBe('/mot-de-passe/nouveau?jeton=…');
    expect(cibleJournalisee('/invitation?a=1&jeton=abc&b=2&jeton=def')).toBe(
      '/invitation?a=1&jeton=…&b=2&jeton=…',
    );
    expect(cibleJournalisee('/x?%6Aeton=abc')).toBe('/x?%6Aeton=…');
  });
  it('leaves a target without secret untouched', () => {
    for (const u of ['/', '/api/v1/formations?limit=1', '/recherche?q=jeton', '/x?jetons=1', '*', '/x?%E0=1'])
      expect(cibleJournalisee(u)).toBe(u);
  });
});
