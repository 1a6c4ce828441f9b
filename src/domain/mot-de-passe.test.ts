import { describe, expect, it } from 'vitest';
import { messageTropSimple, raisonTropSimple } from './mot-de-passe.ts';

describe('trivially simple passwords (ANSSI)', () => {
  it('refuses 3 distinct characters or fewer, case ignored', () => {
    for (const p of ['aaaaaaaaaaaa', 'abababababab', 'AbCaBcAbCaBc', '111111111111', 'a a a a a a a'])
      expect(raisonTropSimple(p), p).toBe('caracteres');
  });

  it('refuses straight suites, forwards or backwards, and repeated', () => {
    for (const p of [
      'abcdefghijkl',
      'ABCDEFGHIJKL',
      'zyxwvutsrqpo',
      '123456789012',
      '1234567890123456',
      '987654321098',
      'abcabcdabcde',
      'abcdef123456',
    ])
      expect(raisonTropSimple(p), p).toBe('suite');
  });

  it('refuses keyboard rows (AZERTY, QWERTY, QWERTZ), row after row, forwards or backwards', () => {
    for (const p of [
      'azertyuiopqs',
      'azertyazerty',
      'AZERTY123456',
      'qwertyuiopas',
      'qwertyqwerty',
      'qwertzuiopas',
      'qsdfghjklmwxcvbn',
      'poiuytrezaqsd',
      'wxcvbnwxcvbn',
    ])
      expect(raisonTropSimple(p), p).toBe('suite');
  });

  it('lets through phrases and passwords that only contain a suite', () => {
    for (const p of [
      'un mot de passe solide',
      'le mot de passe du CFA',
      'mon nouveau mot de passe',
      'azerty123456!',
      'abcdef-ghijkl',
      'ab12cd34ef56',
      'Tr0ub4dor&3xyz',
      'correct horse battery staple',
    ])
      expect(raisonTropSimple(p), p).toBeNull();
  });

  it('says why, in French, with what to do instead', () => {
    expect(messageTropSimple('caracteres')).toBe(
      'Le mot de passe est trop simple : il compte 3 caractères différents ou moins (« aaaaaaaaaaaa », « abababababab »). Choisissez plutôt une phrase de plusieurs mots, facile à retenir pour vous seul.',
    );
    expect(messageTropSimple('suite')).toBe(
      'Le mot de passe est trop simple : c’est une suite (« abcdef… », « 123456… ») ou une rangée du clavier (« azerty… », « qwerty… »). Choisissez plutôt une phrase de plusieurs mots, facile à retenir pour vous seul.',
    );
  });
});
