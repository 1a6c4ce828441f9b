import { describe, expect, it } from 'vitest';
import { clesEnDouble, messageCleEnDouble } from './sessions-cles.ts';

describe('clesEnDouble', () => {
  it('names each later session with the first that has its key, spaces trimmed', () => {
    expect(clesEnDouble(['X', 'Y', ' X ', null, '', 'X', 'Y'])).toEqual([
      { premier: 0, second: 2, cle: 'X' },
      { premier: 0, second: 5, cle: 'X' },
      { premier: 1, second: 6, cle: 'Y' },
    ]);
  });

  it('sessions without a key never clash', () => {
    expect(clesEnDouble([null, undefined, '', '  ', 'A'])).toEqual([]);
  });

  it('says both fields, capitalised', () => {
    expect(messageCleEnDouble({ premier: 0, second: 2, cle: 'X' })).toBe(
      'Les champs « sessions[0].cle_externe » et « sessions[2].cle_externe » valent tous deux « X » : chaque session d’une formation a sa propre clé externe.',
    );
  });
});
