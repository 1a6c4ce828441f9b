import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, vi } from 'vitest';
import { type Config, readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import type { CompteurRequetes } from '../../src/db/compteur-requetes.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';

// The whole application over fastify.inject with a real SMTP server, and a small "browser"
// (a cookie jar that posts forms with the CSRF token of the last page), for account tests.

export interface TestWeb {
  database: Database;
  ctx: AppContext;
  app: FastifyInstance;
  smtp: TestSmtp;
  /**
   * Waits until the e-mails decided so far have left: the work after the answers (apresReponse),
   * then the outbox emptied by the application's sender (with the SMTP server of the test).
   */
  courrielsPartis(): Promise<void>;
  close(): Promise<void>;
}

export async function testWeb(
  over: {
    comptes?: Partial<Config['comptes']>;
    quotas?: Partial<Config['quotas']>;
    limites?: Partial<Config['limites']>;
    smtp?: boolean;
    now?: () => Date;
    /** A database opened by the test (a folder a CLI run filled first); closed with the app. */
    database?: Database;
    /** Counts the statements the application sends on its database handle (compteur-requetes.ts). */
    compteur?: CompteurRequetes;
  } = {},
): Promise<TestWeb> {
  const database = over.database ?? (await testDatabase());
  const smtp = await startSmtp();
  // Quotas as the test run sets them (vitest.config.ts: out of the way unless a test sets its own).
  const base = readConfig(
    Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OFFRE_QUOTA_'))),
  );
  const config: Config = {
    ...base,
    urlPublique: 'http://offre.test',
    smtpUrl: over.smtp === false ? undefined : smtp.url,
    comptes: { ...base.comptes, ...over.comptes },
    quotas: { ...base.quotas, ...over.quotas },
    limites: { ...base.limites, ...over.limites },
  };
  const ctx: AppContext = {
    db: over.compteur ? database.db.withPlugin(over.compteur) : database.db,
    engine: database.engine,
    now: over.now ?? (() => new Date()),
    config,
  };
  const app = await buildApp(ctx);
  return {
    database,
    ctx,
    app,
    smtp,
    courrielsPartis: async () => {
      await app.travauxApresReponse();
      if (!config.smtpUrl) return;
      const enAttente = async () =>
        Number(
          (
            await ctx.db
              .selectFrom('courriel')
              .select((e) => e.fn.countAll().as('n'))
              .where('statut', '=', 'en_attente')
              .executeTakeFirstOrThrow()
          ).n,
        );
      await vi.waitFor(async () => expect(await enAttente()).toBe(0), { timeout: 10_000, interval: 50 });
    },
    close: async () => {
      await app.close();
      await smtp.close();
      await database.close();
    },
  };
}

/** A user created as `offre user add` does, with its password already chosen (no forced change). */
export async function compte(
  t: TestWeb,
  input: { email: string; role: string; siren?: string; region?: string; academie?: string; nom?: string },
  motDePasse = 'un mot de passe solide',
): Promise<{ id: string; email: string; motDePasse: string }> {
  const u = await createUtilisateur(t.ctx, input);
  const { hashPassword } = await import('../../src/services/comptes/mot-de-passe.ts');
  await t.ctx.db
    .updateTable('utilisateur')
    .set({ password_hash: await hashPassword(motDePasse), doit_changer_mot_de_passe: false })
    .where('id', '=', u.id)
    .execute();
  return { id: u.id, email: u.email, motDePasse };
}

/** A Navigateur from `ip` signed in through the form as a new user (`compte`): the pages' tests' start. */
export async function connecte(
  t: TestWeb,
  input: Parameters<typeof compte>[1],
  ip?: string,
): Promise<Navigateur> {
  const u = await compte(t, input);
  const nav = new Navigateur(t.app, ip);
  await nav.seConnecter(u.email, u.motDePasse);
  return nav;
}

/** The HTML page's visible text, tags removed, whitespace collapsed (for reading messages). */
export const texte = (html: string) =>
  html
    // A line-break opportunity is no text: « fo_<wbr>1m86… » reads « fo_1m86… ».
    .replace(/<wbr\s*\/?>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A cookie jar over inject: keeps cookies, remembers the last page's CSRF token, posts forms. */
export class Navigateur {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  private garder(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (!c.value || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0)
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if (res.headers['content-type']?.toString().startsWith('text/html'))
      this.csrf = csrfIn(res.body) ?? this.csrf;
    return res;
  }

  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.garder(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookie, ...headers },
      }),
    );
  }

  /** Posts a URL-encoded form with the last page's CSRF token (unless `_csrf` is given, or null to omit it). */
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: string | null } = {}) {
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    // A list is sent as one entry per value, as ticked checkboxes are.
    const entries = Object.entries({ ...(token ? { _csrf: token } : {}), ...form }).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => [k, x]),
    );
    const body = new URLSearchParams(entries).toString();
    return this.garder(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      }),
    );
  }

  /** Signs in through the form, then follows its redirections; returns the response of the POST. */
  async seConnecter(email: string, motDePasse: string, retour?: string) {
    await this.get('/connexion');
    const r = await this.post(`/connexion${retour ? `?retour=${encodeURIComponent(retour)}` : ''}`, {
      email,
      mot_de_passe: motDePasse,
    });
    // As a browser does, the page signed in lands on: its forms' token is the new session's (a
    // token is bound to its session: one minted signed out no longer serves once signed in).
    let suite = r;
    for (let i = 0; i < 5 && suite.statusCode === 303 && suite.headers.location; i++)
      suite = await this.get(String(suite.headers.location));
    return r;
  }
}

/**
 * `nav` posts a decision (`valider`, `retourner`) on offer `id` from its review page, as the page's
 * form does: with the hidden `version` of the page as `nav` reads it now (the pages refuse a
 * decision without it, VERSION_MANQUANTE).
 */
export async function decider(
  nav: Navigateur,
  id: string,
  decision: 'valider' | 'retourner',
  form: Record<string, string> = {},
) {
  const page = await nav.get(`/gestion/formations/${id}`);
  const version = /name="version" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
  return nav.post(`/gestion/formations/${id}/${decision}`, { version, ...form });
}

/**
 * `nav` posts an instructeur's decision on offer `id` for platform `p` from its page, as the page's
 * form does: with the hidden `version` of the page as `nav` reads it now (the page refuses a
 * decision without it, VERSION_MANQUANTE).
 */
export async function deciderPlateforme(
  nav: Navigateur,
  p: 'parcoursup' | 'affelnet',
  id: string,
  form: { action: string; motif?: string },
) {
  const page = await nav.get(`/instruction/${p}/${id}`);
  const version = /name="version" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
  return nav.post(`/instruction/${p}/${id}`, { version, motif: '', ...form });
}

/**
 * `nav` posts campaign `annee`'s calendar form, as the page's form does: with the hidden `version`
 * of the calendar page (of `form.region`, else the one `nav` is shown) as `nav` reads it now (the
 * page refuses a save without it, VERSION_MANQUANTE).
 */
export async function posterCalendrier(
  nav: Navigateur,
  annee: string,
  form: Record<string, string | string[]>,
) {
  const region = typeof form.region === 'string' ? form.region.trim() : '';
  const page = await nav.get(
    `/gestion/campagnes?annee=${annee}${region ? `&region=${encodeURIComponent(region)}` : ''}`,
  );
  const version = /name="version" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
  return nav.post(`/gestion/campagnes/${annee}/calendrier`, { version, ...form });
}
