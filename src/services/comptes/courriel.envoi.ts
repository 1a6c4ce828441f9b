import nodemailer, { type Transporter } from 'nodemailer';
import { type AppContext, configOf } from '../../context.ts';
import { marquerEchec, marquerEnvoye, prendreCourriel } from '../../db/courriel.repository.ts';
import { BAIL_ENVOI_MS, prochainEssai, TENTATIVES_MAX } from '../../domain/courriel-envoi.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { inscrireEnvoi } from './courriel.reveil.ts';

// The sender: takes waiting messages from the outbox one at a time (prendreCourriel: a lease taken
// with `for update skip locked`, so that two processes never send the same message), sends each
// over SMTP outside any transaction, then records the outcome: sent (its text dropped), or tried
// again later (domain/courriel-envoi.ts prochainEssai), or given up after the last attempt.

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, {});
    // Fail in seconds, not nodemailer's default two minutes: the message is tried again later.
    Object.assign(t.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    transports.set(url, t);
  }
  return t;
}

/** One failed attempt, as the server's log says it. */
export interface EchecEnvoi {
  readonly id: string;
  readonly destinataire: string;
  readonly tentatives: number;
  readonly erreur: string;
  /** When it is tried again; null: given up (`echec`). */
  readonly prochain: Date | null;
}

/**
 * Sends the messages due now, one after the other, until none is left or `limite` were tried.
 * Does nothing without OFFRE_SMTP_URL (the messages wait). Never throws for a delivery failure:
 * it is recorded on the message and given to `onEchec`.
 */
export async function envoyerCourriels(
  ctx: AppContext,
  opts: { limite?: number; onEchec?: (e: EchecEnvoi) => void } = {},
): Promise<{ envoyes: number; echecs: number }> {
  const config = configOf(ctx);
  let envoyes = 0;
  let echecs = 0;
  if (!config.smtpUrl) return { envoyes, echecs };
  for (let n = 0; n < (opts.limite ?? 100); n++) {
    const now = ctx.now();
    const pris = await prendreCourriel(ctx.db, now, new Date(now.getTime() + BAIL_ENVOI_MS));
    if (!pris) break;
    try {
      await transport(config.smtpUrl).sendMail({
        from: config.mailFrom,
        to: pris.destinataire,
        subject: pris.sujet,
        text: pris.texte ?? '',
      });
      await marquerEnvoye(ctx.db, pris, ctx.now());
      envoyes++;
    } catch (e) {
      const erreur = String((e as Error).message ?? e).slice(0, 500);
      const prochain = prochainEssai(pris.tentatives, ctx.now());
      await marquerEchec(ctx.db, pris, erreur, prochain);
      echecs++;
      opts.onEchec?.({
        id: pris.id,
        destinataire: pris.destinataire,
        tentatives: pris.tentatives,
        erreur,
        prochain,
      });
    }
  }
  return { envoyes, echecs };
}

/** One failed attempt as a line of the server's log (French, as the log's other lines). */
export function ligneEchec(e: EchecEnvoi): string {
  const suite = e.prochain
    ? `nouvel essai le ${dateHeureLongue(e.prochain)}`
    : `abandonné (offre mail outbox --tentatives ${TENTATIVES_MAX})`;
  return `Courriel ${e.id} à ${e.destinataire} non remis (essai ${e.tentatives} sur ${TENTATIVES_MAX}) : ${e.erreur} ; ${suite}.`;
}

/** A sender running in the background of a server: woken by reveillerEnvoi, and every `intervalleMs`. */
export interface Expediteur {
  /** Stops looking; resolves once the pass in progress (a message being sent) has ended. */
  arreter(): Promise<void>;
}

/**
 * Starts this process's sender on `ctx`'s database (only with OFFRE_SMTP_URL: without it, null).
 * One pass at a time: a wake-up during a pass asks for another. Failures go to `journal`, one line each.
 */
export function demarrerEnvoi(
  ctx: AppContext,
  journal: (ligne: string) => void,
  intervalleMs = 10_000,
): Expediteur | null {
  if (!configOf(ctx).smtpUrl) return null;
  let enCours: Promise<void> | null = null;
  let encore = false;
  let arrete = false;
  const passe = async () => {
    do {
      encore = false;
      // A lost database connection or the like: logged as a failure of no message, tried at the next look.
      try {
        await envoyerCourriels(ctx, { onEchec: (e) => journal(ligneEchec(e)) });
      } catch (e) {
        journal(
          `Envoi des courriels interrompu (${(e as Error).message ?? e}) : repris dans quelques secondes.`,
        );
      }
    } while (encore && !arrete);
  };
  const reveiller = () => {
    if (arrete) return;
    if (enCours) {
      encore = true;
      return;
    }
    enCours = passe().finally(() => {
      enCours = null;
    });
  };
  const desinscrire = inscrireEnvoi(ctx, reveiller);
  const minuterie = setInterval(reveiller, intervalleMs);
  minuterie.unref();
  reveiller();
  return {
    async arreter() {
      arrete = true;
      clearInterval(minuterie);
      desinscrire();
      await enCours;
    },
  };
}
