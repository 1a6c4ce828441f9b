import { createHmac, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import enTetesHelmet from 'helmet';
import type { Config } from '../../config.ts';
import { secretServeur } from '../../db/limite.repository.ts';
import { aUneLimite, type OptionsParties, partiesDu, refusSansLimite } from '../multipart.ts';
import { COOKIE_CONNEXION } from './connexion.plugin.ts';

// Web hygiene for pages and API alike: security headers (helmet), cookies, URL-encoded forms,
// CSRF protection on every state-changing request that a browser could send on its own.

export const COOKIE_CSRF = 'offre_csrf';
/** The tag of a CSRF token minted without a session. */
const ANONYME = 'anonyme';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The answers that minted a CSRF token (a form in the page): never kept by a cache. */
const avecJeton = new WeakSet<FastifyReply>();
/** Whether `reply` carries a form's CSRF token (`reply.jetonCsrf()` was called for it). */
export const porteUnJeton = (reply: FastifyReply): boolean => avecJeton.has(reply);

declare module 'fastify' {
  interface FastifyReply {
    /**
     * A CSRF token for a form of this page, bound to the request's session (`<tag>.<token>`, see
     * `registerSecurite`); creates the anti-forgery cookie on first use.
     */
    jetonCsrf(): string;
  }
  interface FastifyContextConfig {
    /**
     * A page's upload route (multipart): its CSRF token travels in the body, as the field `_csrf`
     * placed before the file; the route reads it with `fichierVerifie` before reading the file.
     */
    csrfMultipart?: boolean;
    /**
     * The sign-in form: a token minted while signed out is taken even with a live session (the
     * form opened before signing in from another tab; signing in ends that session anyway).
     */
    csrfAvantConnexion?: boolean;
  }
}

/** The `_csrf` field read from a multipart body, per request (set by `fichierVerifie`). */
const jetonsMultipart = new WeakMap<FastifyRequest, string>();

/**
 * Does this request need a valid CSRF token? Every form post of the pages; on the API, a
 * state-changing request that carries the session cookie and no `Authorization` header (a
 * script with an API key sends no ambient credential, so nothing to forge).
 */
export function needsCsrf(request: FastifyRequest): boolean {
  if (SAFE.has(request.method)) return false;
  if (!request.url.startsWith('/api/')) return true;
  return !!request.cookies[COOKIE_CONNEXION] && !request.headers.authorization;
}

/**
 * The token of a request: form field `_csrf` (URL-encoded or, read by `fichierVerifie`, multipart),
 * or header `X-CSRF-Token` (scripts). Never the URL: a token there leaks into logs, history and Referer.
 */
function tokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as { _csrf?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body._csrf === 'string') return body._csrf;
  const h = request.headers['x-csrf-token'] ?? request.headers['csrf-token'];
  if (typeof h === 'string') return h;
  return jetonsMultipart.get(request);
}

/**
 * Whether a write comes from another site: the browser says so (`Sec-Fetch-Site: cross-site`), or
 * its `Origin` is present and not this site's (its host, as the request reached us). Without either header (old browsers, curl with the token) it is not.
 */
export function intersite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  // « null »: what Chromium sends under this site's `Referrer-Policy: no-referrer` — no information.
  if (origin === undefined || origin === 'null') return false;
  // The host alone: behind a TLS proxy without OFFRE_TRUST_PROXY the scheme seen here is not the browser's.
  try {
    const o = new URL(origin);
    return o.host !== new URL(`${o.protocol}//${request.host}`).host; // default ports compared alike
  } catch {
    return true; // garbage: not this site
  }
}

/** Multipart page uploads whose route checks the token in the body (config `csrfMultipart`). */
const verifieDansLeCorps = (request: FastifyRequest) =>
  request.routeOptions.config.csrfMultipart === true &&
  request.isMultipart() &&
  request.headers['x-csrf-token'] === undefined;

/**
 * The CSRF check of a request, its refusal returned rather than sent (undefined: the token is good).
 * The plugin answers a refusal with reply.send(error): caught here, so the caller decides.
 */
const refusCsrf = (request: FastifyRequest, reply: FastifyReply) =>
  new Promise<Error | undefined>((resolve) => {
    const r = Object.create(reply, { send: { value: (e: Error) => resolve(e) } });
    request.server.csrfProtection(request, r, () => resolve(undefined));
  });

/**
 * The file part of a page's upload form, once the form's `_csrf` field, sent before the file, is
 * checked: a missing or bad token throws the CSRF refusal (403, FST_CSRF_INVALID_TOKEN or
 * FST_CSRF_MISSING_SECRET) before a byte of the file is kept (its stream is drained). A form the
 * parser stops reading (cut off, too many fields…) is judged on the token read before that:
 * without one, the CSRF refusal, before the form's own (MULTIPART_INVALIDE,
 * MULTIPART_TROP_DE_CHAMPS…) — which a form with a good token, in its field or in X-CSRF-Token,
 * gets. A form the parser cannot read at all (a Content-Type without its boundary) holds no
 * readable token: the form's refusal (MULTIPART_INVALIDE) when the session's CSRF cookie is there,
 * the CSRF refusal (FST_CSRF_MISSING_SECRET) when it is not. For routes with `config: { csrfMultipart: true }`; `options` are @fastify/multipart's
 * `request.parts` ones. Returns undefined when the body has no file part.
 */
export async function fichierVerifie(
  request: FastifyRequest,
  reply: FastifyReply,
  options?: OptionsParties,
): Promise<MultipartFile | undefined> {
  // request.file() by hand: the fields before the file are seen even when the parser then fails;
  // the parts are kept (partiesDu) for the route to read the rest of the form (finDuFormulaire).
  const parties = partiesDu(request, options);
  let part: MultipartFile | undefined;
  let jeton: string | undefined;
  let erreur: unknown;
  try {
    for (let p = await parties.next(); !p.done; p = await parties.next()) {
      if (p.value.type === 'file') {
        part = p.value;
        break;
      }
      if (p.value.fieldname === '_csrf' && jeton === undefined && typeof p.value.value === 'string')
        jeton = p.value.value;
    }
  } catch (e) {
    erreur = e;
  }
  if (verifieDansLeCorps(request)) {
    if (jeton !== undefined) jetonsMultipart.set(request, jeton);
    const refus = await refusCsrf(request, reply);
    // A Content-Type without its boundary: no token can be read from the body, whatever it holds.
    // A signed-in user whose session has its CSRF cookie (the token is what is missing, not the
    // secret) is told what is wrong with the form (400 MULTIPART_INVALIDE, below) rather than
    // « Formulaire expiré »: nothing of the body is read, nothing written either way.
    if (refus && !aUneLimite(request.headers['content-type'])) {
      if ((refus as { code?: unknown }).code === 'FST_CSRF_INVALID_TOKEN') throw refusSansLimite();
      throw refus;
    }
    if (refus) {
      part?.file.resume();
      throw refus;
    }
  }
  if (erreur) throw erreur;
  return part;
}

/** Is `e` the CSRF refusal (routes that catch their upload's errors let it through)? */
export const estRefusCsrf = (e: unknown) => String((e as { code?: unknown })?.code).startsWith('FST_CSRF_');

const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

/**
 * The headers helmet's middleware sets with these settings, read once from a recording response:
 * they depend on the settings alone (no nonce, nothing from the request), so each answer gets the
 * same object instead of a run of helmet's thirteen middlewares (2 % of a cached API read).
 */
export function enTetesFixes(reglages: Parameters<typeof enTetesHelmet>[0]): Record<string, string> {
  const enTetes: Record<string, string> = {};
  const reponse = {
    setHeader: (nom: string, valeur: unknown) => {
      enTetes[nom.toLowerCase()] = String(valeur);
    },
    removeHeader: () => {},
  };
  let erreur: unknown;
  enTetesHelmet(reglages)({} as never, reponse as never, (e?: unknown) => {
    erreur = e;
  });
  if (erreur) throw erreur;
  return enTetes;
}

export async function registerSecurite(app: FastifyInstance, config: Config): Promise<void> {
  // Scripts only from our own origin (DSFR's files are served locally): no inline script, no
  // eval. Issue 15 tightens styles and reporting; this already holds for every page.
  const reglages = {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    // Links in e-mails carry single-use tokens in their query: never leak them in a Referer.
    referrerPolicy: { policy: 'no-referrer' as const },
  };
  // The plugin for the routes with their own settings (below) and reply.helmet; every other
  // answer gets helmet's headers from a middleware built once (the plugin, global, builds it
  // again on every request: 7 % of the CPU of an API read served from the cache).
  await app.register(helmet, { ...reglages, global: false });
  const enTetes = enTetesFixes(reglages);
  app.addHook('onRequest', (request, reply, done) => {
    if ((request.routeOptions.config as { helmet?: unknown }).helmet === undefined) reply.headers(enTetes);
    done();
  });
  // Swagger UI (/api/docs) injects one <style> element at run time: styles only, scripts stay strict.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/docs')) return;
    const directives = { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] };
    route.config = {
      ...route.config,
      helmet: { contentSecurityPolicy: { useDefaults: false, directives } },
    } as never;
  });
  const secret =
    config.secret ?? (await secretServeur(app.ctx.db, 'cookie', randomBytes(32).toString('base64url')));
  await app.register(cookie, { secret });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // A token is bound to the session it was minted for: `<tag>.<library token>`, where the tag is
  // an HMAC of the session (never the session itself) or « anonyme », and the library token
  // covers the tag (its userInfo). A request with a live session is checked against that
  // session's tag: a token minted for another session (its anti-forgery cookie planted in this
  // browser) is refused. A request without one (signed out, expired) is checked against the tag
  // the token carries: any session's token passes, and the guard then sends to the sign-in page.
  const tagDe = (connexion: string | null) =>
    connexion ? createHmac('sha256', secret).update(`csrf:${connexion}`).digest('base64url') : ANONYME;
  const parties = (request: FastifyRequest) => {
    const jeton = tokenOf(request);
    const point = jeton?.indexOf('.') ?? -1;
    return jeton && point > 0 ? { tag: jeton.slice(0, point), jeton: jeton.slice(point + 1) } : undefined;
  };
  await app.register(csrf, {
    cookieKey: COOKIE_CSRF,
    // `secure: 'auto'`: Secure whenever the request came over HTTPS (directly or, with
    // OFFRE_TRUST_PROXY, per X-Forwarded-Proto).
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: 'auto' },
    csrfOpts: { hmacKey: secret },
    getToken: ((request: FastifyRequest) => parties(request)?.jeton) as never,
    getUserInfo: ((request: FastifyRequest) => {
      const tag = parties(request)?.tag;
      if (!request.connexion) return tag;
      if (tag === ANONYME && request.routeOptions.config.csrfAvantConnexion === true) return tag;
      return tagDe(request.connexion);
    }) as never,
  });
  app.decorateReply('jetonCsrf', function (this: FastifyReply) {
    avecJeton.add(this);
    const tag = tagDe(this.request.connexion);
    return `${tag}.${this.generateCsrf({ userInfo: tag } as never)}`;
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!needsCsrf(request)) return done();
    // Defence in depth: a form sent from another site is refused as a bad token, whatever it holds.
    if (intersite(request))
      return done(
        Object.assign(new Error('Requête envoyée depuis un autre site.'), {
          code: 'FST_CSRF_INVALID_TOKEN',
          statusCode: 403,
        }),
      );
    if (verifieDansLeCorps(request)) return done();
    app.csrfProtection(request, reply, done);
  });
}
