import { z } from 'zod';

/**
 * Calendar days as Offre stores and exchanges them: ISO 8601 `AAAA-MM-JJ` strings. The day of an
 * instant for people and for the rules (today, a session's entry day, a platform's closing) is its
 * Paris day (`jourAParis`, `FUSEAU`, also what SQL reads); `isoDay` is the UTC day, for a date
 * built at UTC midnight (Excel serials, calendar arithmetic). The one home of date parsing and
 * formatting helpers; a format's own conventions (LHEO `AAAAMMJJ` and its `00`/`99` placeholders)
 * stay in its reader.
 */

const MESSAGE = 'date attendue au format AAAA-MM-JJ';
const BIEN_FORMEE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day `AAAA-MM-JJ`, as in the formation JSON: a well-formed day that the calendar does
 * not have (2026-02-30, 2027-13-45) is refused with a message saying so.
 */
export const IsoDateSchema = z.iso.date({
  error: (iss) =>
    typeof iss.input === 'string' && BIEN_FORMEE.test(iss.input)
      ? `« ${iss.input} » n’est pas une date du calendrier (AAAA-MM-JJ)`
      : MESSAGE,
});

/** `AAAA-MM-JJ` of an instant, in UTC (not a person's or a rule's day: see jourAParis). */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** `AAAA-MM-JJ` of year, month (1–12) and day when that day exists in the calendar, else null. */
export function calendarDay(annee: number, mois: number, jour: number): string | null {
  const d = new Date(0);
  d.setUTCFullYear(annee, mois - 1, jour);
  if (d.getUTCFullYear() !== annee || d.getUTCMonth() !== mois - 1 || d.getUTCDate() !== jour) return null;
  return isoDay(d);
}

/** `AAAA-MM-JJ` when `s` is written so and that day exists in the calendar, else null. */
export function jourIso(s: string): string | null {
  const m = BIEN_FORMEE.exec(s);
  if (!m) return null;
  // calendarDay's verdict without a Date (the rules ask for every session date of every formation
  // checked: ≈ 1 s of a 20,000-formation import's conformity); the proleptic Gregorian calendar
  // of Date, years 0 to 9999 written on four digits: the day, when it exists, is `s` itself.
  const annee = Number(m[1]);
  const mois = Number(m[2]);
  const jour = Number(m[3]);
  if (mois < 1 || mois > 12 || jour < 1) return null;
  const bissextile = annee % 4 === 0 && (annee % 100 !== 0 || annee % 400 === 0);
  return jour <= (mois === 2 && bissextile ? 29 : JOURS_DU_MOIS[mois - 1]!) ? s : null;
}

const JOURS_DU_MOIS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A day as a person types it (forms, CLI options, campaign calendar, reference files):
 * `AAAA-MM-JJ`, `JJ/MM/AAAA` or `J/M/AAAA`, surrounding spaces ignored → `AAAA-MM-JJ`; null when
 * it is written otherwise or the calendar has no such day (30/02/2026, 2027-13-45).
 */
export function readJour(s: string): string | null {
  const t = s.trim();
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  return fr ? calendarDay(Number(fr[3]), Number(fr[2]), Number(fr[1])) : jourIso(t);
}

/** Number of days of month `mois` (1–12) of year `annee` (28 to 31). */
export const joursDuMois = (annee: number, mois: number): number =>
  new Date(Date.UTC(annee, mois, 0)).getUTCDate();

/**
 * The time zone in which Offre shows instants to people (pages, e-mails, CLI, workbooks): its users
 * and its campaign calendar are in metropolitan France. Stored instants stay UTC.
 */
export const FUSEAU = 'Europe/Paris';

const MOIS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/**
 * `AAAA-MM-JJ` → the long French form, « 1er » for the first of the month (French typography:
 * « 1er septembre 2026 », « 6 septembre 2027 »); « date non renseignée » when there is none or it
 * is not a calendar day. The one writer of dates for people: pages, history, messages, CLI text and
 * workbooks write days in full, never « 01/12/2026 » (a short form is only typed: JJ/MM/AAAA).
 */
export function jourIsoLong(iso: string | null | undefined): string {
  const jour = iso ? jourIso(iso) : null;
  if (!jour) return 'date non renseignée';
  const j = Number(jour.slice(8, 10));
  return `${j === 1 ? '1er' : j} ${MOIS[Number(jour.slice(5, 7)) - 1]} ${jour.slice(0, 4)}`;
}

type Instant = Date | string;
// One formatter each, built once: `toLocale…String(…, { timeZone })` builds an Intl.DateTimeFormat
// at every call (≈ 4 % of `offre check`'s CPU, the rules naming their sources' import day).
/** `AAAA-MM-JJ` (`en-CA` writes days so) of a day in Paris. */
const JOUR_PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: FUSEAU });
/** « 18:10 », Paris time. */
const HEURE_PARIS = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone: FUSEAU });
/** `formatter.format` of `d`, or « Invalid Date » as `toLocaleString` writes an invalid instant (never a throw). */
const ecrire = (formatter: Intl.DateTimeFormat, d: Instant): string => {
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? String(t) : formatter.format(t);
};
/**
 * `AAAA-MM-JJ` of an instant's day in Paris (« Invalid Date » for an invalid instant): today and a
 * session's entry day as the rules count days (CONV_DELAI), and as forms say « aujourd’hui ».
 */
export const jourAParis = (d: Instant): string => ecrire(JOUR_PARIS, d);
/** « 1er décembre 2026 à 18:10 », Paris time. */
export const dateHeureLongue = (d: Instant): string =>
  `${jourIsoLong(jourAParis(d))} à ${ecrire(HEURE_PARIS, d)}`;
/** « 1er décembre 2026 », the Paris day. */
export const jourLong = (d: Instant): string => jourIsoLong(jourAParis(d));

/** Excel's serial day number (1900 date system: day 1 is 1900-01-01, with Lotus's 29 February) → `AAAA-MM-JJ`. */
export const excelSerialDay = (serial: number): string =>
  isoDay(new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000));

/** A number of years in French: "1 an", "2 ans", "2 ou 3 ans" (list joined by `sep`). */
export function annees(n: number | readonly number[], sep = ' ou '): string {
  const liste = typeof n === 'number' ? [n] : n;
  return `${liste.join(sep)} an${Math.max(...liste) > 1 ? 's' : ''}`;
}
