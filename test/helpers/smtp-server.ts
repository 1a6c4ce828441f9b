import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message received by the test SMTP server, parsed (subject, text, recipients). */
export interface Recu {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly mail: ParsedMail;
}

export interface TestSmtp {
  /** For OFFRE_SMTP_URL / config.smtpUrl. */
  readonly url: string;
  readonly recus: Recu[];
  /** Waits (up to `ms`) for a message to `to` whose subject matches, and returns it. */
  attendre(to: string, sujet?: RegExp, ms?: number): Promise<Recu>;
  /**
   * Holds every message from now on: the server takes it but answers the sender only when the
   * returned function is called (a slow mail server) — for what must not wait for the e-mails.
   */
  retenir(): () => void;
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package, no TLS, no auth) on a free
 * loopback port (or `port`: a server that comes back up where it was): Offre sends to it with
 * nodemailer exactly as to a production server.
 */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const recus: Recu[] = [];
  let retenue: Promise<void> | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          await retenue;
          recus.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const ecoute = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${ecoute}`,
    recus,
    async attendre(to, sujet, ms = 10_000) {
      const fin = Date.now() + ms;
      for (;;) {
        const m = recus.find((r) => r.to.includes(to.toLowerCase()) && (!sujet || sujet.test(r.subject)));
        if (m) return m;
        if (Date.now() > fin)
          throw new Error(
            `aucun courriel pour ${to}${sujet ? ` (${sujet})` : ''} ; reçus : ${recus.map((r) => `${r.to} « ${r.subject} »`).join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    retenir() {
      let liberer = () => {};
      retenue = new Promise<void>((ok) => {
        liberer = ok;
      });
      return () => {
        retenue = null;
        liberer();
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first https?:// link of a text that contains `chemin`. */
export function lienDans(texte: string, chemin: string): string {
  const m = texte.match(/https?:\/\/\S+/g)?.find((u) => u.includes(chemin));
  if (!m) throw new Error(`pas de lien ${chemin} dans : ${texte}`);
  return m;
}
