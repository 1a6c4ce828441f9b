import nodemailer, { type Transporter } from 'nodemailer';
import { type AppContext, configOf } from '../../context.ts';
import { insertCourriel, insertNotification, listBoiteEnvoi } from '../../db/courriel.repository.ts';
import { listUtilisateursActifsDeStructure } from '../../db/utilisateur.repository.ts';
import { newId } from '../../domain/ids.ts';
import { type ModeleCourriel, renderCourriel } from './courriel.modeles.ts';

// "E-mail that really leaves": over SMTP (nodemailer) when OFFRE_SMTP_URL is set, otherwise kept
// in the outbox table (`offre mail outbox`, /admin/courriels). A failed send stays in the outbox
// with its error. The text of a sent message is not kept (it may hold a single-use link).

export interface Destinataire {
  readonly email: string;
  /** The user to notify in the application as well (absent: e-mail only). */
  readonly utilisateurId?: string | null;
}

export interface ResultatEnvoi {
  readonly id: string;
  readonly statut: 'envoye' | 'en_attente' | 'echec';
}

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, {});
    // Fail in seconds, not nodemailer's default two minutes: the page that sends is waiting.
    Object.assign(t.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    transports.set(url, t);
  }
  return t;
}

/**
 * Sends one message to one person and records its in-app notification. Call it after the
 * transaction that decided it has committed (a rolled-back decision must not be announced).
 * Never throws for a delivery failure: the message then waits in the outbox as `echec`.
 */
export async function sendCourriel(
  ctx: AppContext,
  a: Destinataire,
  modele: ModeleCourriel,
): Promise<ResultatEnvoi> {
  const config = configOf(ctx);
  const m = renderCourriel(modele, config.urlPublique);
  const now = ctx.now();
  const id = newId('mel', now);
  if (a.utilisateurId && m.notification)
    await insertNotification(ctx.db, {
      id: newId('notif', now),
      utilisateur_id: a.utilisateurId,
      ...m.notification,
      created_at: now,
    });
  const attente = {
    id,
    destinataire: a.email,
    modele: modele.modele,
    sujet: m.sujet,
    texte: m.texte,
    created_at: now,
  };
  if (!config.smtpUrl) {
    await insertCourriel(ctx.db, { ...attente, statut: 'en_attente' });
    return { id, statut: 'en_attente' };
  }
  try {
    await transport(config.smtpUrl).sendMail({
      from: config.mailFrom,
      to: a.email,
      subject: m.sujet,
      text: m.texte,
    });
    await insertCourriel(ctx.db, { ...attente, texte: null, statut: 'envoye', envoye_at: ctx.now() });
    return { id, statut: 'envoye' };
  } catch (e) {
    await insertCourriel(ctx.db, {
      ...attente,
      statut: 'echec',
      erreur: String((e as Error).message ?? e).slice(0, 500),
    });
    return { id, statut: 'echec' };
  }
}

/** A message a service decided to send, left to its caller to send (sendCourriels), e.g. once it answered. */
export interface CourrielPrevu {
  readonly a: Destinataire;
  readonly modele: ModeleCourriel;
}

/** Sends messages decided earlier, one after the other (sendCourriel: a failed delivery waits in the outbox). */
export async function sendCourriels(ctx: AppContext, prevus: readonly CourrielPrevu[]): Promise<void> {
  for (const p of prevus) await sendCourriel(ctx, p.a, p.modele);
}

/** Sends a message to every active user of a structure (offer returned, offer validated). */
export async function notifyStructure(
  ctx: AppContext,
  siren: string,
  modele: ModeleCourriel,
): Promise<ResultatEnvoi[]> {
  const utilisateurs = await listUtilisateursActifsDeStructure(ctx.db, siren);
  const out: ResultatEnvoi[] = [];
  for (const u of utilisateurs)
    out.push(await sendCourriel(ctx, { email: u.email, utilisateurId: u.id }, modele));
  return out;
}

/** The outbox (messages not sent), newest first. */
export const boiteEnvoi = (ctx: AppContext) => listBoiteEnvoi(ctx.db);
