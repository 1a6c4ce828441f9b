import { resolve } from 'node:path';

/** Runtime settings, read once from the environment (CONTRACT.md "Set-up and start", README "Configuration"). */
export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  /** Cache of public read responses (OFFRE_API_CACHE=0 turns it off, e.g. to measure the uncached path). */
  readonly apiCache: boolean;
  /** Address of the site in e-mailed links (OFFRE_URL), without a trailing slash. */
  readonly urlPublique: string;
  /** SMTP server (OFFRE_SMTP_URL, e.g. smtp://user:pass@smtp.example:587); absent = e-mails kept in the outbox. */
  readonly smtpUrl: string | undefined;
  /** Sender of e-mails (OFFRE_MAIL_FROM). */
  readonly mailFrom: string;
  /**
   * Fastify `trustProxy` (OFFRE_TRUST_PROXY): behind a reverse proxy, `true`/`1` (trust it) or a
   * hop count / address list, so that the client IP (rate limits) and `X-Forwarded-Proto`
   * (the `Secure` cookie flag) come from the proxy. Absent = not trusted.
   */
  readonly trustProxy: boolean | number | string;
  /** Cookie-signing secret (OFFRE_SECRET); absent = generated once and kept in the database. */
  readonly secret: string | undefined;
  readonly comptes: ComptesConfig;
}

/** Sign-in and sign-up limits and session lifetimes (figures per window; environment overrides). */
export interface ComptesConfig {
  /** A signed-in session ends after this many minutes without a request (OFFRE_SESSION_INACTIVITE_MIN, 120). */
  readonly inactiviteMin: number;
  /** …and in any case this many hours after sign-in (OFFRE_SESSION_DUREE_H, 12). */
  readonly dureeMaxH: number;
  /** Sign-in attempts per IP address per window (OFFRE_LIMITE_CONNEXION_IP, 20). */
  readonly connexionParIp: number;
  /** Sign-in attempts per account (e-mail) per window, whatever the IP (OFFRE_LIMITE_CONNEXION_COMPTE, 5). */
  readonly connexionParCompte: number;
  /** Sign-ups and password-reset requests per IP per window (OFFRE_LIMITE_INSCRIPTION_IP, 5). */
  readonly inscriptionParIp: number;
  /** The window of these limits, in minutes (OFFRE_LIMITE_FENETRE_MIN, 15). */
  readonly fenetreMin: number;
}

const int = (v: string | undefined, d: number) => (v && Number.isInteger(Number(v)) ? Number(v) : d);

function trustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT || 3000);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.OFFRE_DATA_DIR || './data'),
    port,
    apiCache: env.OFFRE_API_CACHE !== '0',
    urlPublique: (env.OFFRE_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: env.OFFRE_SMTP_URL || undefined,
    mailFrom: env.OFFRE_MAIL_FROM || 'Offre <ne-pas-repondre@offre.localhost>',
    trustProxy: trustProxy(env.OFFRE_TRUST_PROXY),
    secret: env.OFFRE_SECRET || undefined,
    comptes: {
      inactiviteMin: int(env.OFFRE_SESSION_INACTIVITE_MIN, 120),
      dureeMaxH: int(env.OFFRE_SESSION_DUREE_H, 12),
      connexionParIp: int(env.OFFRE_LIMITE_CONNEXION_IP, 20),
      connexionParCompte: int(env.OFFRE_LIMITE_CONNEXION_COMPTE, 5),
      inscriptionParIp: int(env.OFFRE_LIMITE_INSCRIPTION_IP, 5),
      fenetreMin: int(env.OFFRE_LIMITE_FENETRE_MIN, 15),
    },
  };
}
