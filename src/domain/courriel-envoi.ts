// When a waiting e-mail is tried again (services/comptes/courriel.envoi.ts): the mail server may be
// down for minutes (a restart) or hours (an outage); the delays double so that a long outage costs
// few attempts, and stop at one hour so that a repaired server gets the mail within the hour.

/** Attempts before a message is given up (`echec`, listed by `offre mail outbox --tentatives`). */
export const TENTATIVES_MAX = 10;
/** Delay after the first failure, in milliseconds. */
export const PREMIER_DELAI_MS = 30_000;
/** Longest delay between two attempts, in milliseconds. */
export const DELAI_MAX_MS = 3_600_000;
/**
 * How long one sender holds a message it is sending (ms): no other process takes it meanwhile;
 * past it (the process died mid-send) another one does. Above nodemailer's timeouts added up.
 */
export const BAIL_ENVOI_MS = 5 * 60_000;

/**
 * After the `tentatives`-th failed attempt (1, 2…): when to try again (a Date), or null to give up.
 * 30 s, 1 min, 2 min, 4 min… at most 1 h; 10 attempts span about 3 hours.
 */
export function prochainEssai(tentatives: number, maintenant: Date): Date | null {
  if (tentatives >= TENTATIVES_MAX) return null;
  const delai = Math.min(PREMIER_DELAI_MS * 2 ** Math.max(0, tentatives - 1), DELAI_MAX_MS);
  return new Date(maintenant.getTime() + delai);
}

/**
 * A message's state as the outbox (page /admin/courriels, `offre mail outbox`) says it. `smtp`:
 * whether a mail server is configured (without one, messages wait for it, never tried).
 */
export function etatCourriel(
  c: {
    readonly statut: string;
    readonly tentatives: number;
    readonly erreur: string | null;
    readonly prochain_essai_at: Date | string | null;
  },
  smtp: boolean,
  dateHeure: (d: Date | string) => string,
): string {
  const essais = `${c.tentatives} essai${c.tentatives > 1 ? 's' : ''}`;
  const erreur = c.erreur ? ` : ${c.erreur}` : '';
  if (c.statut === 'envoye') return 'Envoyé';
  if (c.statut === 'echec') return `Abandonné après ${essais}${erreur}`;
  if (c.tentatives === 0) return smtp ? 'En attente d’envoi' : 'En attente (pas de serveur SMTP)';
  const prochain = c.prochain_essai_at ? ` ; nouvel essai le ${dateHeure(c.prochain_essai_at)}` : '';
  return `Non remis après ${essais}${erreur}${prochain}`;
}
