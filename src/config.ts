import { resolve } from 'node:path';
import { z } from 'zod';
import { OffreError } from './domain/errors.ts';

// Runtime settings, read once from the environment (docs/contrat.md "Installation et démarrage";
// docs/exploitation.md lists every variable). One Zod schema: a bad value stops the start with a
// French message naming the variable, never a NaN port or a silent default.

// Zod's own messages (a number too big, an unknown enum value…) reach users through the API's
// problem details and the CLI: in French, as every other message. Every entry point reads this
// module (server, CLI, tests), so the setting holds wherever a schema parses.
z.config(z.locales.fr());

const vide = (v: unknown) => (v === '' ? undefined : v);
const texte = z.preprocess(vide, z.string().optional());
const entier = (defaut: number, min = 1) =>
  z.preprocess(
    vide,
    z.coerce
      .number({ error: 'un nombre entier est attendu' })
      .int({ error: 'un nombre entier est attendu' })
      .min(min, { error: `un nombre entier d’au moins ${min} est attendu` })
      .default(defaut),
  );

const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    vide,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: 'une adresse PostgreSQL « postgres://utilisateur@hôte:port/base » est attendue',
      })
      .optional(),
  ),
  OFFRE_DATA_DIR: z.preprocess(vide, z.string().default('./data')),
  PORT: z.preprocess(
    vide,
    z.coerce
      .number({ error: 'un numéro de port est attendu' })
      .int({ error: 'un numéro de port entier est attendu' })
      .min(0, { error: 'un numéro de port entre 0 et 65535 est attendu' })
      .max(65535, { error: 'un numéro de port entre 0 et 65535 est attendu' })
      .default(3000),
  ),
  OFFRE_HOST: z.preprocess(
    vide,
    z
      .string()
      .regex(/^[\w.:-]+$/, { error: 'une adresse IP (127.0.0.1, 0.0.0.0, ::) ou un nom d’hôte est attendu' })
      .optional(),
  ),
  OFFRE_API_CACHE: z.preprocess(
    vide,
    z
      .enum(['0', '1', 'true', 'false'], { error: '« 1 » (activé, défaut) ou « 0 » (désactivé) est attendu' })
      .default('1'),
  ),
  OFFRE_SECRET: texte,
  OFFRE_LHEO_XSD: texte,
  OFFRE_DEBUG: texte,
  OFFRE_JOURNAL: z.preprocess(
    vide,
    z.enum(['json', 'non'], { error: '« json » (toujours) ou « non » (jamais) est attendu' }).optional(),
  ),
  OFFRE_URL: z.preprocess(
    vide,
    z
      .string()
      .regex(/^https?:\/\//, { error: 'une adresse « https://… » est attendue' })
      .optional(),
  ),
  OFFRE_SMTP_URL: z.preprocess(
    vide,
    z
      .string()
      .regex(/^smtps?:\/\//, { error: 'une adresse « smtp://… » ou « smtps://… » est attendue' })
      .optional(),
  ),
  OFFRE_MAIL_FROM: z.preprocess(vide, z.string().default('Offre <ne-pas-repondre@offre.localhost>')),
  OFFRE_TRUST_PROXY: texte,
  OFFRE_CONTACT_ACCESSIBILITE: texte,
  OFFRE_SESSION_INACTIVITE_MIN: entier(120),
  OFFRE_SESSION_DUREE_H: entier(12),
  OFFRE_LIMITE_CONNEXION_IP: entier(20),
  OFFRE_LIMITE_CONNEXION_COMPTE: entier(5),
  OFFRE_LIMITE_CONNEXION_COMPTE_TOTAL: entier(100),
  OFFRE_LIMITE_INSCRIPTION_IP: entier(5),
  OFFRE_LIMITE_INVITATION_COMPTE: entier(10),
  OFFRE_LIMITE_INVITATION_IP: entier(20),
  OFFRE_LIMITE_DEMANDES_STRUCTURE: entier(5),
  OFFRE_LIMITE_DEMANDES_ADRESSE: entier(5),
  OFFRE_LIMITE_FENETRE_MIN: entier(15),
  OFFRE_LHEO_CORPS_MO: entier(50),
  OFFRE_LIMITE_JSON_KO: entier(1024),
  OFFRE_LIMITE_PROFONDEUR_JSON: entier(32, 2),
  OFFRE_LIMITE_FORMATIONS_LHEO: entier(10_000),
  OFFRE_LIMITE_LIGNES_CLASSEUR: entier(20_000),
  OFFRE_LIMITE_DUREE_S: entier(30),
  OFFRE_LIMITE_RECEPTION_S: entier(300),
  OFFRE_QUOTAS: z.preprocess(
    vide,
    z
      .enum(['0', '1', 'true', 'false'], {
        error: '« 1 » (activés, défaut) ou « 0 » (désactivés) est attendu',
      })
      .default('1'),
  ),
  OFFRE_QUOTA_FENETRE_S: entier(60),
  OFFRE_QUOTA_LECTURE_CLE: entier(1200),
  OFFRE_QUOTA_ECRITURE_CLE: entier(120),
  OFFRE_QUOTA_LECTURE_IP: entier(300),
  OFFRE_QUOTA_ECRITURE_IP: entier(30),
  OFFRE_AUDIT_RETENTION_JOURS: entier(400),
  OFFRE_DUMP_EVERY: z.preprocess(
    vide,
    z.coerce
      .number({ error: 'un nombre de minutes est attendu (0 : pas de sauvegarde planifiée)' })
      .min(0, { error: 'un nombre de minutes positif est attendu (0 : pas de sauvegarde planifiée)' })
      .default(60),
  ),
  OFFRE_DUMP_KEEP: entier(24),
  OFFRE_FICHIERS_PARTENAIRES: z.preprocess(vide, z.enum(['oui', 'non']).default('oui')),
  OFFRE_PRECHAUFFER_CLASSEUR: z.preprocess(vide, z.enum(['oui', 'non']).default('oui')),
  OFFRE_REFERENTIEL_IMPACT_PCT: z.preprocess(
    vide,
    z.coerce
      .number({ error: 'un pourcentage entre 1 et 100 est attendu' })
      .min(1, { error: 'un pourcentage entre 1 et 100 est attendu' })
      .max(100, { error: 'un pourcentage entre 1 et 100 est attendu' })
      .default(10),
  ),
});

export interface Config {
  /** PostgreSQL connection string; undefined = embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute path of the embedded database folder (OFFRE_DATA_DIR, default ./data). */
  readonly dataDir: string;
  /** True when OFFRE_DATA_DIR is not set: dataDir is ./data of the current folder. */
  readonly dataDirParDefaut?: boolean;
  /** HTTP port of `offre serve` (PORT, default 3000). */
  readonly port: number;
  /**
   * The address `offre serve` listens on (OFFRE_HOST); undefined = its default, 127.0.0.1 on the
   * embedded database (a development or demo instance), every interface (0.0.0.0) on PostgreSQL
   * (production, containers): see hoteEcoute in serve.command.ts.
   */
  readonly host?: string | undefined;
  /**
   * Caches of public read responses, API and anonymous search page (OFFRE_API_CACHE=0 turns them
   * off, e.g. to measure the uncached path).
   */
  readonly apiCache: boolean;
  /** Official LHEO 2.3 schema for `offre lheo validate` (OFFRE_LHEO_XSD). */
  readonly lheoXsd: string | undefined;
  /**
   * OFFRE_JOURNAL: `json` writes the JSON request log on standard output even on a terminal, `non`
   * never; undefined: written unless standard output is a terminal (journalJson).
   */
  readonly journal: 'json' | 'non' | undefined;
  /** OFFRE_DEBUG set: internal errors print their stack on stderr. */
  readonly debug: boolean;
  /** Address of the site in e-mailed links (OFFRE_URL), without a trailing slash. */
  readonly urlPublique: string;
  /** SMTP server (OFFRE_SMTP_URL, e.g. smtp://user:pass@smtp.example:587); absent = e-mails kept in the outbox. */
  readonly smtpUrl: string | undefined;
  /** Sender of e-mails (OFFRE_MAIL_FROM). */
  readonly mailFrom: string;
  /** E-mail address for accessibility feedback, shown on /accessibilite (OFFRE_CONTACT_ACCESSIBILITE). */
  readonly contactAccessibilite?: string;
  /**
   * Fastify `trustProxy` (OFFRE_TRUST_PROXY): behind a reverse proxy, `true`/`1` (trust it) or a
   * hop count / address list, so that the client IP (rate limits) and `X-Forwarded-Proto`
   * (the `Secure` cookie flag) come from the proxy. Absent = not trusted.
   */
  readonly trustProxy: boolean | number | string;
  /** Cookie-signing secret (OFFRE_SECRET); absent = generated once and kept in the database. */
  readonly secret: string | undefined;
  /** Largest LHEO body `POST /api/v1/imports/lheo` accepts, in MB (OFFRE_LHEO_CORPS_MO, 50); the CLI has none. */
  readonly lheoCorpsMo: number;
  /**
   * Embedded database only: `offre serve` dumps it every this many minutes into
   * `<dataDir>/sauvegardes` (OFFRE_DUMP_EVERY, 60; 0 = never), keeping the newest `dumpKeep`
   * (OFFRE_DUMP_KEEP, 24).
   */
  readonly dumpEvery: number;
  readonly dumpKeep: number;
  /** `offre serve` writes the partner files on their schedules (OFFRE_FICHIERS_PARTENAIRES, oui | non; default oui). */
  readonly fichiersPartenaires: boolean;
  /**
   * `offre serve` starts and warms the campaign workbook reader's worker thread once listening, in
   * the background (OFFRE_PRECHAUFFER_CLASSEUR, oui | non; default oui): the first upload does not
   * pay its start (≈ 1 to 3 s of CPU). `non`: started by the first upload, as the CLI does.
   */
  readonly prechaufferClasseur: boolean;
  /**
   * Share (0.1 = 10 %) of all offers, or of one région's, that a reference import may move to
   * Non réglementaire (or strip of "Certifiée") before it needs `--force` or the page's explicit
   * confirmation (OFFRE_REFERENTIEL_IMPACT_PCT, in percent, default 10).
   */
  readonly referentielPartImpact: number;
  readonly comptes: ComptesConfig;
  readonly limites: LimitesConfig;
  readonly quotas: QuotasConfig;
  /** Days an audit event is kept (OFFRE_AUDIT_RETENTION_JOURS, 400: a year and a month). */
  readonly auditRetentionJours: number;
}

/** Size and time limits of one API request (docs/api.md « Limites »). */
export interface LimitesConfig {
  /** Largest JSON (or form) body, in KB (OFFRE_LIMITE_JSON_KO, 1024); uploads have their own. */
  readonly jsonKo: number;
  /** Deepest nesting of a JSON body (OFFRE_LIMITE_PROFONDEUR_JSON, 32). */
  readonly profondeurJson: number;
  /** Formations in one LHEO file sent to the API (OFFRE_LIMITE_FORMATIONS_LHEO, 10,000); more: CLI or /espace/imports. */
  readonly formationsLheo: number;
  /** Rows of one campaign workbook sent to the API (OFFRE_LIMITE_LIGNES_CLASSEUR, 20,000); more: CLI or /espace/imports. */
  readonly lignesClasseur: number;
  /** Longest time to answer an API read, in seconds (OFFRE_LIMITE_DUREE_S, 30): then 503. */
  readonly dureeS: number;
  /** Longest time to receive a whole request, in seconds (OFFRE_LIMITE_RECEPTION_S, 300). */
  readonly receptionS: number;
}

/** API rate limits: requests per window, reads (GET) and writes counted apart (docs/api.md « Quotas »). */
export interface QuotasConfig {
  /** Off (OFFRE_QUOTAS=0) when a gateway in front already limits, or to measure their cost. */
  readonly actifs: boolean;
  /** The window, in seconds (OFFRE_QUOTA_FENETRE_S, 60). */
  readonly fenetreS: number;
  /** Per API key, unless an administrator gave the key its own (OFFRE_QUOTA_LECTURE_CLE 1200, OFFRE_QUOTA_ECRITURE_CLE 120). */
  readonly lectureCle: number;
  readonly ecritureCle: number;
  /** Per IP address for calls without a key (OFFRE_QUOTA_LECTURE_IP 300, OFFRE_QUOTA_ECRITURE_IP 30). */
  readonly lectureIp: number;
  readonly ecritureIp: number;
}

/** Sign-in and sign-up limits and session lifetimes (figures per window; environment overrides). */
export interface ComptesConfig {
  /** A signed-in session ends after this many minutes without a request (OFFRE_SESSION_INACTIVITE_MIN, 120). */
  readonly inactiviteMin: number;
  /** …and in any case this many hours after sign-in (OFFRE_SESSION_DUREE_H, 12). */
  readonly dureeMaxH: number;
  /** Sign-in attempts per IP address per window (OFFRE_LIMITE_CONNEXION_IP, 20). */
  readonly connexionParIp: number;
  /**
   * Failed sign-in attempts per account (e-mail) and IP address per window
   * (OFFRE_LIMITE_CONNEXION_COMPTE, 5): an attacker's address is locked out of the account, its
   * owner signing in from another is not (OWASP).
   */
  readonly connexionParCompte: number;
  /**
   * Failed sign-in attempts per account per window, whatever the IP: the ceiling of a guess spread
   * over many addresses (OFFRE_LIMITE_CONNEXION_COMPTE_TOTAL, 100).
   */
  readonly connexionParCompteTotal: number;
  /**
   * Sign-ups and password-reset requests per IP per window (OFFRE_LIMITE_INSCRIPTION_IP, 5); a form
   * sent back for its input (a typo, an empty request) is not counted: no e-mail left.
   */
  readonly inscriptionParIp: number;
  /** Invitations of colleagues (each one an e-mail) per signed-in account per window (OFFRE_LIMITE_INVITATION_COMPTE, 10). */
  readonly invitationParCompte: number;
  /** …and per IP address, whatever the account (OFFRE_LIMITE_INVITATION_IP, 20). */
  readonly invitationParIp: number;
  /**
   * Sign-ups per SIREN per 24 hours, whatever the IP, that e-mail someone about the structure
   * (OFFRE_LIMITE_DEMANDES_STRUCTURE, 5): beyond, a request to join a structure that has an account,
   * or a second request for a pending one, is answered the same and e-mails nobody — each e-mails
   * every active user of the structure, or its reviewers (docs/comptes.md).
   */
  readonly demandesParStructure: number;
  /**
   * Requests per e-mail address per 24 hours, whatever the IP, that e-mail that address on a
   * stranger's word (OFFRE_LIMITE_DEMANDES_ADRESSE, 5), counted apart for each kind: a sign-up with
   * an address that has an account (« Demande de compte Offre avec votre adresse »), a password
   * reset request. Beyond, the page answers the same and nothing is sent (docs/comptes.md).
   */
  readonly demandesParAdresse: number;
  /** The window of these limits, in minutes (OFFRE_LIMITE_FENETRE_MIN, 15). */
  readonly fenetreMin: number;
}

function trustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Reads and checks the environment; throws CONFIG_INVALIDE naming the variable on a bad value. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lignes = parsed.error.issues.map((i) => {
      const nom = String(i.path[0]);
      return `variable d’environnement ${nom} = « ${env[nom] ?? ''} » : ${i.message}`;
    });
    throw new OffreError('CONFIG_INVALIDE', `Configuration invalide — ${lignes.join(' ; ')}.`, {
      champ: String(parsed.error.issues[0]?.path[0]),
    });
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.OFFRE_DATA_DIR),
    dataDirParDefaut: !env.OFFRE_DATA_DIR?.trim(),
    port: e.PORT,
    host: e.OFFRE_HOST,
    apiCache: e.OFFRE_API_CACHE === '1' || e.OFFRE_API_CACHE === 'true',
    lheoXsd: e.OFFRE_LHEO_XSD,
    journal: e.OFFRE_JOURNAL,
    debug: e.OFFRE_DEBUG !== undefined,
    urlPublique: (e.OFFRE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.OFFRE_SMTP_URL,
    mailFrom: e.OFFRE_MAIL_FROM,
    contactAccessibilite: e.OFFRE_CONTACT_ACCESSIBILITE,
    trustProxy: trustProxy(e.OFFRE_TRUST_PROXY),
    secret: e.OFFRE_SECRET,
    lheoCorpsMo: e.OFFRE_LHEO_CORPS_MO,
    dumpEvery: e.OFFRE_DUMP_EVERY,
    dumpKeep: e.OFFRE_DUMP_KEEP,
    fichiersPartenaires: e.OFFRE_FICHIERS_PARTENAIRES === 'oui',
    prechaufferClasseur: e.OFFRE_PRECHAUFFER_CLASSEUR === 'oui',
    referentielPartImpact: e.OFFRE_REFERENTIEL_IMPACT_PCT / 100,
    comptes: {
      inactiviteMin: e.OFFRE_SESSION_INACTIVITE_MIN,
      dureeMaxH: e.OFFRE_SESSION_DUREE_H,
      connexionParIp: e.OFFRE_LIMITE_CONNEXION_IP,
      connexionParCompte: e.OFFRE_LIMITE_CONNEXION_COMPTE,
      connexionParCompteTotal: e.OFFRE_LIMITE_CONNEXION_COMPTE_TOTAL,
      inscriptionParIp: e.OFFRE_LIMITE_INSCRIPTION_IP,
      invitationParCompte: e.OFFRE_LIMITE_INVITATION_COMPTE,
      invitationParIp: e.OFFRE_LIMITE_INVITATION_IP,
      demandesParStructure: e.OFFRE_LIMITE_DEMANDES_STRUCTURE,
      demandesParAdresse: e.OFFRE_LIMITE_DEMANDES_ADRESSE,
      fenetreMin: e.OFFRE_LIMITE_FENETRE_MIN,
    },
    limites: {
      jsonKo: e.OFFRE_LIMITE_JSON_KO,
      profondeurJson: e.OFFRE_LIMITE_PROFONDEUR_JSON,
      formationsLheo: e.OFFRE_LIMITE_FORMATIONS_LHEO,
      lignesClasseur: e.OFFRE_LIMITE_LIGNES_CLASSEUR,
      dureeS: e.OFFRE_LIMITE_DUREE_S,
      receptionS: e.OFFRE_LIMITE_RECEPTION_S,
    },
    quotas: {
      actifs: e.OFFRE_QUOTAS === '1' || e.OFFRE_QUOTAS === 'true',
      fenetreS: e.OFFRE_QUOTA_FENETRE_S,
      lectureCle: e.OFFRE_QUOTA_LECTURE_CLE,
      ecritureCle: e.OFFRE_QUOTA_ECRITURE_CLE,
      lectureIp: e.OFFRE_QUOTA_LECTURE_IP,
      ecritureIp: e.OFFRE_QUOTA_ECRITURE_IP,
    },
    auditRetentionJours: e.OFFRE_AUDIT_RETENTION_JOURS,
  };
}
