import { describe, expect, it } from 'vitest';
import {
  calendarDay,
  excelSerialDay,
  frDate,
  IsoDateSchema,
  isoDay,
  jourIso,
  joursDuMois,
  readJour,
} from './dates.ts';

describe('dates', () => {
  it('accepts calendar days only', () => {
    expect(IsoDateSchema.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['26-09-01', '2026-9-1', '01/09/2026'])
      expect(IsoDateSchema.safeParse(bad).error?.issues[0]?.message, bad).toBe(
        'date attendue au format AAAA-MM-JJ',
      );
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2027-13-45'])
      expect(IsoDateSchema.safeParse(bad).error?.issues[0]?.message, bad).toBe(
        `« ${bad} » n’est pas une date du calendrier (AAAA-MM-JJ)`,
      );
  });

  it('reads a day as typed (ISO or French), refusing what the calendar does not have', () => {
    expect(readJour(' 30/11/2026 ')).toBe('2026-11-30');
    expect(readJour('1/9/2026')).toBe('2026-09-01');
    expect(readJour('2028-02-29')).toBe('2028-02-29');
    for (const bad of [
      '2026-02-30',
      '2027-13-45',
      '31/04/2026',
      '2026-9-1',
      '2026-09-01T00:00',
      'demain',
      '',
    ])
      expect(readJour(bad), bad).toBeNull();
    expect(jourIso('2026-09-01')).toBe('2026-09-01');
    expect(jourIso('01/09/2026')).toBeNull();
    expect([joursDuMois(2028, 2), joursDuMois(2027, 2), joursDuMois(2026, 12)]).toEqual([29, 28, 31]);
  });

  it('builds a day from its parts, or says it does not exist', () => {
    expect(calendarDay(2026, 9, 1)).toBe('2026-09-01');
    expect(calendarDay(2028, 2, 29)).toBe('2028-02-29');
    expect(calendarDay(2027, 2, 29)).toBeNull();
    expect(calendarDay(2026, 4, 31)).toBeNull();
    expect(calendarDay(2026, 0, 10)).toBeNull();
    expect(calendarDay(45, 1, 1)).toBe('0045-01-01');
  });

  it('takes the UTC day of an instant, and writes it the French way', () => {
    expect(isoDay(new Date('2026-08-31T23:30:00-02:00'))).toBe('2026-09-01');
    expect(frDate('2026-09-01')).toBe('01/09/2026');
  });

  it('reads Excel serial days (1900 system)', () => {
    expect(excelSerialDay(46266)).toBe('2026-09-01');
    expect(excelSerialDay(61)).toBe('1900-03-01');
  });
});
