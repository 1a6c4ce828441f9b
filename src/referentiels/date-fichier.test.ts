import { describe, expect, it } from 'vitest';
import { dateDansNom } from './date-fichier.ts';

describe('the date a file name speaks for', () => {
  it.each([
    ['export-fiches-csv-2026-11-02.zip', '2026-11-02'],
    ['/tmp/x-2025-01-01/export_fiches_CSV_Standard_2024_02_22.csv', '2024-02-22'],
    ['StockEtablissement_utf8_20261101.csv', '2026-11-01'],
    ['Kit apprentissage 2025.xlsx', null],
    ['communes.csv', null],
    ['liste-2026-13-45.csv', null], // not a calendar date
    ['liste-2026-02-30.csv', null],
  ])('%s → %s', (nom, date) => {
    expect(dateDansNom(nom)).toBe(date);
  });
});
