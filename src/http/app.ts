import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppContext, configOf } from '../context.ts';
import { OffreError } from '../domain/errors.ts';
import { apiDocsPlugin } from './api/docs.ts';
import { apiPlugin } from './api/index.ts';
import { registerCompteurQuotas } from './api/quotas.ts';
import { registerAudit } from './plugins/audit.plugin.ts';
import { registerCaracteres } from './plugins/caracteres.plugin.ts';
import { registerConnexion } from './plugins/connexion.plugin.ts';
import { registerJsonBorne } from './plugins/json.plugin.ts';
import { registerLimites } from './plugins/limites.plugin.ts';
import { registerSecurite } from './plugins/securite.plugin.ts';
import { errorHandler, problem, sendProblem } from './problem.ts';
import { pageErrorHandler } from './web/erreurs.tsx';
import { notFoundHtml, webPlugin } from './web/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export interface AppOptions {
  readonly logger?: boolean;
  /** Cache of public read responses; default from OFFRE_API_CACHE (on). */
  readonly apiCache?: boolean;
}

/** The router's own refusals, before any route or hook: problem details on the API, the pages' French error page elsewhere. */
function erreurRouteur(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const [status, code, detail] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [
          414,
          'URL_TROP_LONGUE',
          'Un identifiant de l’adresse dépasse 100 caractères : aucune ressource ne porte un tel identifiant.',
        ]
      : [
          400,
          'URL_INVALIDE',
          'L’adresse contient un échappement « % » invalide (octets qui ne forment pas de l’UTF-8).',
        ];
  if (request.url.startsWith('/api/'))
    return sendProblem(reply, problem(status, code, detail, { instance: request.url.slice(0, 200) }));
  // Before any hook: nobody is signed in yet, the page is the anonymous one.
  return pageErrorHandler(new OffreError(code, detail, {}, status), request, reply);
}

/** The whole HTTP application (API + pages) around one context. Tests build it and use inject(). */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const config = configOf(ctx);
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    // JSON and form bodies (OFFRE_LIMITE_JSON_KO); upload routes set their own (route bodyLimit).
    bodyLimit: config.limites.jsonKo * 1024,
    // The whole request must arrive within OFFRE_LIMITE_RECEPTION_S (slow senders hold a socket).
    requestTimeout: config.limites.receptionS * 1000,
    // A hop count is accepted at run time (proxy-addr), though the types omit it.
    trustProxy: config.trustProxy as boolean | string,
    // Refusals of the router itself (a malformed %-escape, a path parameter over 100 characters):
    // in French and as a problem details, never Fastify's English JSON (issue 15, hostile inputs).
    frameworkErrors: erreurRouteur,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', ctx);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/api/')
      ? sendProblem(
          reply,
          problem(404, 'INTROUVABLE', `Aucune route ${request.method} ${request.url.split('?')[0]}.`),
        )
      : reply.status(404).type('text/html; charset=utf-8').send(notFoundHtml(request, reply)),
  );
  // NUL characters and lone surrogates refused, naming the field, on every route (issue 15, defect 8).
  registerCaracteres(app);
  // JSON bodies nested deeper than OFFRE_LIMITE_PROFONDEUR_JSON are refused (issue 15 item 3).
  registerJsonBorne(app, config.limites.profondeurJson);
  // Refused accesses (403) to the audit trail of security events (issue 15 item 6).
  registerAudit(app);
  // Security headers, cookies, forms, CSRF; then the signed-in session (request.acteur, request.compte).
  await registerSecurite(app, config);
  await registerLimites(app, config.comptes);
  await registerConnexion(app);
  registerCompteurQuotas(app);
  await app.register(apiPlugin, { prefix: '/api/v1', apiCache: opts.apiCache ?? config.apiCache });
  await app.register(apiDocsPlugin);
  await app.register(webPlugin);
  return app;
}
