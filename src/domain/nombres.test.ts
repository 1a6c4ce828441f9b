import { describe, expect, it } from 'vitest';
import { dixiemes, nombre, nombreBrut } from './nombres.ts';

describe('numbers as French readers write them', () => {
  it('groups thousands with a narrow no-break space', () => {
    expect(nombre(2000)).toBe('2\u202f000');
  });
  it('with a plain space for JSON and terminals (the API’s messages)', () => {
    expect(nombreBrut(100_000)).toBe('100 000');
    expect(nombreBrut(-1234.5)).toBe('-1 234,5');
  });
  it('writes a measure to the tenth with a decimal comma (CLI durations and sizes)', () => {
    expect(dixiemes(5.46)).toBe('5,5');
    expect(dixiemes(76.9)).toBe('76,9');
    expect(dixiemes(3)).toBe('3,0');
    expect(dixiemes(1234.5)).toBe('1\u202f234,5');
  });
});
