import { describe, expect, it } from 'vitest';
import { racineElargie } from './racine-elargie.ts';

describe('racineElargie', () => {
  it('widens a word to its stem of 5 letters or more', () => {
    expect(racineElargie('commerce', 'commerc')).toBe('commerc');
    expect(racineElargie('cuisine', 'cuisin')).toBe('cuisin');
  });
  it('keeps short stems, stop words, numbers and codes', () => {
    expect(racineElargie('vente', 'vent')).toBeNull();
    expect(racineElargie('soin', 'soin')).toBeNull();
    expect(racineElargie('les', '')).toBeNull();
    expect(racineElargie('12345', '12345')).toBeNull();
    expect(racineElargie('rncp37537', 'rncp37537')).toBeNull();
  });
});
