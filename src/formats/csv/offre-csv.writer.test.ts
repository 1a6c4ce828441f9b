import { describe, expect, it } from 'vitest';
import { champCsv, enteteCsv } from './offre-csv.writer.ts';

describe('CSV fields', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(champCsv('simple')).toBe('simple');
    expect(champCsv('a;b')).toBe('"a;b"');
    expect(champCsv('dit "oui"')).toBe('"dit ""oui"""');
    expect(champCsv('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(champCsv(null)).toBe('');
    expect(champCsv(true)).toBe('oui');
    expect(champCsv(45.76)).toBe('45.76');
  });
  it('neutralises spreadsheet formulas but keeps phone numbers and negative numbers', () => {
    expect(champCsv('=1+1')).toBe("'=1+1");
    expect(champCsv('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(champCsv('+cmd|calc')).toBe("'+cmd|calc");
    expect(champCsv('+33 4 72 00 00 00')).toBe('+33 4 72 00 00 00');
    expect(champCsv('-12')).toBe('-12');
  });
  it('starts with a BOM and uses ; between headers', () => {
    expect(enteteCsv().startsWith('\uFEFFformation_id;cle_externe;intitule;')).toBe(true);
    expect(enteteCsv().endsWith('\r\n')).toBe(true);
  });
});
