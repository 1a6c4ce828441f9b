import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { secretServeur } from '../../db/limite.repository.ts';
import { COOKIE_CONNEXION } from './connexion.plugin.ts';

// Web hygiene for pages and API alike: security headers (helmet), cookies, URL-encoded forms,
// CSRF protection on every state-changing request that a browser could send on its own.

export const COOKIE_CSRF = 'offre_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

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

/** The token of a request: form field `_csrf`, or header `X-CSRF-Token` (scripts); `?_csrf=` for multipart uploads. */
function tokenOf(request: FastifyRequest): string | undefined {
  const body = request.body as { _csrf?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body._csrf === 'string') return body._csrf;
  const h = request.headers['x-csrf-token'] ?? request.headers['csrf-token'];
  if (typeof h === 'string') return h;
  if (request.headers['content-type']?.startsWith('multipart/form-data')) {
    const q = (request.query as { _csrf?: unknown } | undefined)?._csrf;
    if (typeof q === 'string') return q;
  }
  return undefined;
}

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

export async function registerSecurite(app: FastifyInstance, config: Config): Promise<void> {
  // Scripts only from our own origin (DSFR's files are served locally): no inline script, no
  // eval. Issue 15 tightens styles and reporting; this already holds for every page.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    // Links in e-mails carry single-use tokens in their query: never leak them in a Referer.
    referrerPolicy: { policy: 'no-referrer' },
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
  await app.register(csrf, {
    cookieKey: COOKIE_CSRF,
    // `secure: 'auto'`: Secure whenever the request came over HTTPS (directly or, with
    // OFFRE_TRUST_PROXY, per X-Forwarded-Proto).
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: 'auto' },
    getToken: tokenOf as never,
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!needsCsrf(request)) return done();
    app.csrfProtection(request, reply, done);
  });
}
