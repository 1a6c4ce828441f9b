import { describe, expect, it } from 'vitest';
import {
  calendarDay,
  dateHeureLongue,
  excelSerialDay,
  IsoDateSchema,
  isoDay,
  jourIso,
  jourIsoLong,
  jourLong,
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

  it('reads a day as calendarDay does, without a Date', () => {
    const deux = (n: number) => String(n).padStart(2, '0');
    for (const annee of [0, 1, 4, 45, 99, 100, 400, 1582, 1900, 2000, 2024, 2026, 2027, 2100, 2400, 9999])
      for (let mois = 0; mois <= 13; mois++)
        for (let jour = 0; jour <= 32; jour++) {
          const s = `${String(annee).padStart(4, '0')}-${deux(mois)}-${deux(jour)}`;
          expect(jourIso(s), s).toBe(calendarDay(annee, mois, jour));
        }
  });

  it('builds a day from its parts, or says it does not exist', () => {
    expect(calendarDay(2026, 9, 1)).toBe('2026-09-01');
    expect(calendarDay(2028, 2, 29)).toBe('2028-02-29');
    expect(calendarDay(2027, 2, 29)).toBeNull();
    expect(calendarDay(2026, 4, 31)).toBeNull();
    expect(calendarDay(2026, 0, 10)).toBeNull();
    expect(calendarDay(45, 1, 1)).toBe('0045-01-01');
  });

  it('takes the UTC day of an instant', () => {
    expect(isoDay(new Date('2026-08-31T23:30:00-02:00'))).toBe('2026-09-01');
  });

  it('reads Excel serial days (1900 system)', () => {
    expect(excelSerialDay(46266)).toBe('2026-09-01');
    expect(excelSerialDay(61)).toBe('1900-03-01');
  });

  it('writes long days in French with « 1er » for the first of the month', () => {
    expect(jourIsoLong('2026-09-01')).toBe('1er septembre 2026');
    expect(jourIsoLong('2028-06-30')).toBe('30 juin 2028');
    expect(jourIsoLong('2027-09-06')).toBe('6 septembre 2027');
    expect(jourIsoLong('2027-02-01')).toBe('1er février 2027');
    expect(jourIsoLong('2027-08-11')).toBe('11 août 2027');
    for (const rien of [null, undefined, '', '2026-02-30', '01/09/2026'])
      expect(jourIsoLong(rien), String(rien)).toBe('date non renseignée');
  });

  it('writes instants on their Paris day, « 1er » included', () => {
    // 23:30 UTC on 30 November is already 1 December in Paris.
    expect(jourLong('2026-11-30T23:30:00Z')).toBe('1er décembre 2026');
    expect(jourLong(new Date('2026-12-02T10:00:00Z'))).toBe('2 décembre 2026');
    expect(dateHeureLongue('2026-12-01T17:10:00Z')).toBe('1er décembre 2026 à 18:10');
    expect(dateHeureLongue('2026-07-14T08:05:00Z')).toBe('14 juillet 2026 à 10:05');
    // Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Paris; the March change at 01:00 UTC.
    expect(jourLong('2026-06-30T22:30:00Z')).toBe('1er juillet 2026');
    expect(dateHeureLongue('2026-03-29T00:59:00Z')).toBe('29 mars 2026 à 01:59');
    expect(dateHeureLongue('2026-03-29T01:00:00Z')).toBe('29 mars 2026 à 03:00');
  });

  it('writes an unreadable instant as no date, never throws', () => {
    expect(jourLong('pas une date')).toBe('date non renseignée');
    expect(jourLong(new Date(Number.NaN))).toBe('date non renseignée');
    expect(() => dateHeureLongue('pas une date')).not.toThrow();
  });
});
