import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { colonneDeReference } from './classeur.exceljs.ts';

// The column of a cell reference, as the sheet reader's copy of exceljs gets it: the same column
// exceljs's own col-cache gives, for every reference, and the same errors.
const colCache = createRequire(import.meta.url)('exceljs/lib/utils/col-cache.js') as {
  decodeAddress(ref: string): { col?: number };
};

describe('colonneDeReference', () => {
  it('gives the column exceljs gives, plain references or not', () => {
    const refs = [
      'A1',
      'Z9',
      'AA10',
      'AZ100',
      'BA101',
      'X5093',
      'ZZ99999',
      'XFD1048576',
      'XFD1',
      '$A$1',
      'A$7',
      'a1',
      'A',
      '12',
      'A1B',
      'A-1',
      'A 1',
      '',
    ];
    for (const ref of refs) expect(colonneDeReference(ref).col, ref).toBe(colCache.decodeAddress(ref).col);
  });

  it('is one shared answer per column for plain references', () => {
    expect(colonneDeReference('C12')).toBe(colonneDeReference('C99999'));
    expect(colonneDeReference('C12')).not.toBe(colonneDeReference('D12'));
    expect(Object.isFrozen(colonneDeReference('C12'))).toBe(true);
  });

  it('refuses a column past XFD as exceljs does', () => {
    expect(() => colCache.decodeAddress('XFE1')).toThrow('Out of bounds');
    expect(() => colonneDeReference('XFE1')).toThrow('Out of bounds');
  });

  it('leaves exceljs’s own col-cache as it is', () => {
    const a = colCache.decodeAddress('AB1234');
    expect(a).toEqual({ address: 'AB1234', col: 28, row: 1234, $col$row: '$AB$1234' });
    const ws = new ExcelJS.Workbook().addWorksheet('x');
    expect(ws.getCell('AB1234').address).toBe('AB1234');
  });
});
