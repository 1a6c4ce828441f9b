import { describe, expect, it } from 'vitest';
import { connu, isInconnu } from './inconnu.ts';

describe('placeholders (issue 11, item 8)', () => {
  it('recognises what real exports write for "unknown"', () => {
    for (const v of [
      '-',
      ' -- ',
      '.',
      '?',
      'N/A',
      'NR',
      'nc',
      'Non renseigné',
      'NON RENSEIGNEE',
      'non communiqué',
      'Inconnu',
      'Néant',
      '00000000000000',
      '99999999999',
      '00000000000',
      '00000',
      '00 00 00 00 00',
      '0000000A',
    ])
      expect([v, isInconnu(v)]).toEqual([v, true]);
  });

  it('leaves real values, including short numbers and names with a dash', () => {
    for (const v of [
      'CFA Lumière',
      'Saint-Étienne',
      '13002526500013',
      '84691234569',
      '0690001A',
      '69001',
      '0472000000',
      'NA Formation',
      '2',
      '',
    ])
      expect([v, isInconnu(v)]).toEqual([v, false]);
    expect(isInconnu(null)).toBe(false);
  });

  it('connu() trims and empties placeholders', () => {
    expect(connu('  CFA  ')).toBe('CFA');
    expect(connu(' - ')).toBeNull();
    expect(connu('')).toBeNull();
  });
});
