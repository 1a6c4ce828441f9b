import { z } from 'zod';

/**
 * Calendar days as Offre stores and exchanges them: ISO 8601 `AAAA-MM-JJ` strings, in UTC (the
 * day of an instant is its UTC day). The one home of date parsing and formatting helpers; a
 * format's own conventions (LHEO `AAAAMMJJ` and its `00`/`99` placeholders) stay in its reader.
 */

const MESSAGE = 'date attendue au format AAAA-MM-JJ';

/** A calendar day `AAAA-MM-JJ` (2026-02-30 is refused), as in the formation JSON. */
export const IsoDateSchema = z.iso.date({ error: MESSAGE });

/** `AAAA-MM-JJ` of an instant, in UTC. */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** `AAAA-MM-JJ` of year, month (1–12) and day when that day exists in the calendar, else null. */
export function calendarDay(annee: number, mois: number, jour: number): string | null {
  const d = new Date(0);
  d.setUTCFullYear(annee, mois - 1, jour);
  if (d.getUTCFullYear() !== annee || d.getUTCMonth() !== mois - 1 || d.getUTCDate() !== jour) return null;
  return isoDay(d);
}

/** `AAAA-MM-JJ` → `JJ/MM/AAAA`, the short French form (workbooks, messages). */
export const frDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Excel's serial day number (1900 date system: day 1 is 1900-01-01, with Lotus's 29 February) → `AAAA-MM-JJ`. */
export const excelSerialDay = (serial: number): string =>
  isoDay(new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000));

/** A number of years in French: "1 an", "2 ans", "2 ou 3 ans" (list joined by `sep`). */
export function annees(n: number | readonly number[], sep = ' ou '): string {
  const liste = typeof n === 'number' ? [n] : n;
  return `${liste.join(sep)} an${Math.max(...liste) > 1 ? 's' : ''}`;
}
