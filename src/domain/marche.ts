import { jourIsoLong } from './dates.ts';
import { sansEspaces } from './identifiants.ts';

// A session's public market (docs/conventionne.md): its number, 8 characters (one letter then 7
// digits, e.g. M1451401), and its notification day. The one source of the format for every
// channel that enters one (API, forms, LHEO, a funder's list of markets) and for CONV_MARCHE.

/** One letter then 7 digits: the 8 characters of a market number. */
export const FORMAT_NUMERO_MARCHE = /^[A-Z]\d{7}$/;

/** 'm 2600001 ' → 'M2600001': how a market number is entered, stored and compared with the funder's list. */
export const normalizeNumeroMarche = (n: string): string => sansEspaces(n.toUpperCase());

/** Whether `n`, once normalised, is a market number. */
export const isNumeroMarche = (n: string): boolean => FORMAT_NUMERO_MARCHE.test(normalizeNumeroMarche(n));

/** What a market number is, as a form's hint says it before anything is typed. */
export const EXEMPLE_NUMERO_MARCHE = 'une lettre puis 7 chiffres, par exemple M1451401';

/** What a market number must be, after « Numéro de marché : ». */
export const MESSAGE_NUMERO_MARCHE = `8 caractères attendus : ${EXEMPLE_NUMERO_MARCHE}`;

/** The refusal of a notification day after today (`aujourdhui`, the Paris day), after the field's label. */
export const messageNotificationFuture = (date: string, aujourdhui: string): string =>
  `le ${jourIsoLong(date)} est après aujourd’hui (${jourIsoLong(aujourdhui)}) : indiquez la date à laquelle le marché a été notifié`;

/** A session's notification day after `aujourdhui` (AAAA-MM-JJ), by session index: the fields to refuse. */
export function notificationsFutures(
  sessions: readonly { readonly date_notification_marche?: string | null }[],
  aujourdhui: string,
): { readonly index: number; readonly champ: string; readonly date: string }[] {
  return sessions.flatMap((s, index) => {
    const d = s.date_notification_marche;
    return d && d > aujourdhui
      ? [{ index, champ: `sessions.${index}.date_notification_marche`, date: d }]
      : [];
  });
}

/**
 * The API's refusal detail of the notification days `notificationsFutures` found: « Date de
 * notification du marché de la session 2 : le … est après aujourd’hui (…) : … ». `seule`: the
 * body is one session (POST /formations/{id}/sessions), named without its index.
 */
export function erreursNotificationsFutures(
  sessions: readonly { readonly date_notification_marche?: string | null }[],
  aujourdhui: string,
  seule = false,
): { readonly champ: string; readonly code: string; readonly message: string }[] {
  return notificationsFutures(sessions, aujourdhui).map((n) => ({
    champ: seule ? 'date_notification_marche' : n.champ,
    code: 'CHAMP_VALEUR_INVALIDE',
    message: `Date de notification du marché${seule ? '' : ` de la session ${n.index + 1}`} : ${messageNotificationFuture(n.date, aujourdhui)}.`,
  }));
}
