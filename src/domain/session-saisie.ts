import { jourIsoLong } from './dates.ts';
import { ANNEES_SESSION } from './formation.schema.ts';
import { isValidUai, uaiCheckLetter } from './identifiants.ts';
import { messageNotificationFuture, notificationsFutures } from './marche.ts';

// Checks of one session as a person types it (the organisation's session form): the UAI of the
// place, the dates a published formation's session needs, and dates of réunions d'information and
// bilans that can be true. Pure: every error at once, each naming its field, in French.

/** A field error: `champ` is the form field's name (`lieu.uai`, `bilans.0.date`…). */
export interface ErreurChampSession {
  readonly champ: string;
  readonly message: string;
}

/** What the checks read of a session: days `AAAA-MM-JJ` (null when not given). */
export interface SessionAControler {
  readonly debut?: string | null;
  readonly fin?: string | null;
  readonly lieu?: {
    readonly uai?: string | null;
    readonly code_postal?: string | null;
    readonly commune?: string | null;
  } | null;
  readonly reunions_information?: readonly { readonly date?: string | null }[] | null;
  readonly bilans?: readonly { readonly date?: string | null }[] | null;
  readonly date_notification_marche?: string | null;
}

/**
 * The French message, « Libellé : problème. » as the session form's others, for a UAI that is not 7 digits and its check letter (letters[number mod 23]),
 * null when `uai` is empty or valid (case and surrounding spaces ignored).
 */
export function erreurUai(uai: string | null | undefined): string | null {
  const u = uai?.trim();
  if (!u || isValidUai(u)) return null;
  const m = /^(\d{7})[a-zA-Z]$/.exec(u);
  return m
    ? `UAI du lieu de formation : « ${u} » n’a pas la bonne lettre de contrôle : pour ${m[1]}, c’est ${uaiCheckLetter(m[1]!).toUpperCase()}.`
    : `UAI du lieu de formation : « ${u} » doit compter 8 caractères : 7 chiffres et une lettre de contrôle (par exemple 0693446W).`;
}

/**
 * Plausible days of a session's events, in whole years around the session (inclusive):
 * - a réunion d'information precedes or accompanies the session: from 2 years before its start to
 *   its end;
 * - a bilan happens during the session or after it: from 1 year before its start (a positioning
 *   bilan) to 2 years after its end.
 * Never before ANNEES_SESSION.min-01-01 nor after ANNEES_SESSION.max-12-31; without the session's
 * start (or end), only those outer bounds apply on that side.
 */
export const BORNES_EVENEMENTS = {
  reunions_information: { avantDebut: 2, apresFin: 0 },
  bilans: { avantDebut: 1, apresFin: 2 },
} as const;

const decale = (iso: string, annees: number) =>
  `${String(Number(iso.slice(0, 4)) + annees).padStart(4, '0')}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');
const plusTard = (a: string, b: string) => (a > b ? a : b);
const plusTot = (a: string, b: string) => (a < b ? a : b);

/** [first, last] plausible day of a réunion d'information or a bilan of a session (see BORNES_EVENEMENTS). */
export function bornesEvenement(
  quoi: keyof typeof BORNES_EVENEMENTS,
  session: Pick<SessionAControler, 'debut' | 'fin'>,
): [string, string] {
  const b = BORNES_EVENEMENTS[quoi];
  const min = `${ANNEES_SESSION.min}-01-01`;
  const max = `${ANNEES_SESSION.max}-12-31`;
  const fin = session.fin ?? session.debut;
  return [
    session.debut ? plusTard(min, decale(session.debut, -b.avantDebut)) : min,
    fin ? plusTot(max, decale(fin, b.apresFin)) : max,
  ];
}

const LIBELLES_EVENEMENTS = {
  reunions_information: 'Réunion d’information',
  bilans: 'Bilan de progression',
} as const;

const RAISONS = {
  reunions_information: 'une réunion d’information précède ou accompagne la session',
  bilans: 'un bilan se tient pendant la session ou après',
} as const;

/**
 * Every error of a typed session: a UAI that is not one (`lieu.uai`); a missing start or end on a
 * published formation's session (`debut`, `fin`), or its place (`lieu.code_postal`); an end before the start (`fin`); a réunion
 * d'information or bilan day out of `bornesEvenement` (`reunions_information.N.date`,
 * `bilans.N.date`, N from 0 as in the form). Days are `AAAA-MM-JJ`; messages show them long.
 */
export function controlesSessionSaisie(
  s: SessionAControler,
  /** `aujourdhui`: the Paris day (AAAA-MM-JJ); a market notified after it is refused. */
  opts: { readonly publiee: boolean; readonly aujourdhui?: string },
): ErreurChampSession[] {
  const erreurs: ErreurChampSession[] = [];
  if (opts.aujourdhui)
    for (const n of notificationsFutures([s], opts.aujourdhui))
      erreurs.push({
        champ: 'date_notification_marche',
        message: `Date de notification du marché : ${messageNotificationFuture(n.date, opts.aujourdhui)}.`,
      });
  const uai = erreurUai(s.lieu?.uai);
  if (uai) erreurs.push({ champ: 'lieu.uai', message: uai });
  if (opts.publiee) {
    if (!s.debut)
      erreurs.push({
        champ: 'debut',
        message: 'Date de début : obligatoire pour une session d’une formation publiée.',
      });
    if (!s.fin)
      erreurs.push({
        champ: 'fin',
        message: 'Date de fin : obligatoire pour une session d’une formation publiée.',
      });
    // The place « Publier » requires (champs-obligatoires.ts): a postal code or a commune, which the
    // form completes from the communes reference; reported with the other errors, not after them.
    if (!s.lieu?.code_postal?.trim() && !s.lieu?.commune?.trim())
      erreurs.push({
        champ: 'lieu.code_postal',
        message:
          'Code postal : obligatoire pour une session d’une formation publiée (le code postal ou la commune du lieu).',
      });
  }
  if (s.debut && s.fin && s.fin < s.debut)
    erreurs.push({
      champ: 'fin',
      message: `Date de fin : le ${jourIsoLong(s.fin)} doit suivre la date de début (${jourIsoLong(s.debut)}).`,
    });
  for (const quoi of ['reunions_information', 'bilans'] as const) {
    const [min, max] = bornesEvenement(quoi, s);
    (s[quoi] ?? []).forEach((e, i) => {
      if (!e.date || (e.date >= min && e.date <= max)) return;
      erreurs.push({
        champ: `${quoi}.${i}.date`,
        message:
          `${LIBELLES_EVENEMENTS[quoi]} ${i + 1} : le ${jourIsoLong(e.date)} n’est pas une date plausible pour cette session ` +
          `(entre le ${jourIsoLong(min)} et le ${jourIsoLong(max)} : ${RAISONS[quoi]}).`,
      });
    });
  }
  return erreurs;
}

/** What the duplicate check reads of a session: its days, its place and its market number. */
export interface SessionDatee {
  readonly debut?: string | null;
  readonly fin?: string | null;
  /** Conventionné offer: the public-procurement market (« M1451401 », src/domain/marche.ts). */
  readonly numero_marche?: string | null;
  readonly lieu?: {
    readonly adresse?: string | null;
    readonly code_postal?: string | null;
    readonly commune?: string | null;
    readonly code_insee?: string | null;
  } | null;
}

/** A place's text as compared: case, accents, spaces and punctuation ignored. */
const pli = (v: string | null | undefined) =>
  (v ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/**
 * The first of `existantes` with the same days and the same place as `s` (address, postal code and
 * commune — or INSEE code when both have one — case, accents and spaces ignored): a session added
 * twice (a form sent again, a double click) rather than another one. Undefined when none. Two
 * sessions whose market numbers are both given and differ are not the same: PRODUCT.md
 * (conventionné offer) « a new market on an existing action is a new session ».
 */
export function sessionEnDouble<T extends SessionDatee>(
  s: SessionDatee,
  existantes: readonly T[],
): T | undefined {
  const lieu = (x: SessionDatee) => x.lieu ?? {};
  return existantes.find((e) => {
    if ((e.debut ?? null) !== (s.debut ?? null) || (e.fin ?? null) !== (s.fin ?? null)) return false;
    if (e.numero_marche && s.numero_marche && pli(e.numero_marche) !== pli(s.numero_marche)) return false;
    const a = lieu(e);
    const b = lieu(s);
    const commune =
      a.code_insee && b.code_insee
        ? a.code_insee === b.code_insee
        : pli(a.commune) === pli(b.commune) && pli(a.code_postal) === pli(b.code_postal);
    return commune && pli(a.adresse) === pli(b.adresse);
  });
}
