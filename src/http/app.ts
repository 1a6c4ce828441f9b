import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppContext, configOf } from '../context.ts';
import { demarrerEnvoi } from '../services/comptes/courriel.envoi.ts';
import { apiDocsPlugin } from './api/docs.ts';
import { apiPlugin } from './api/index.ts';
import { registerCompteurQuotas } from './api/quotas.ts';
import { clientErrorHandler } from './client-error.ts';
import {
  errorHandler,
  frameworkErrors,
  notFoundHandler,
  registerMethodes,
  registerRoutageDabord,
} from './errors.handler.ts';
import { registerApresReponse } from './plugins/apres-reponse.plugin.ts';
import { registerAudit } from './plugins/audit.plugin.ts';
import { registerCaracteres } from './plugins/caracteres.plugin.ts';
import { registerConnexion } from './plugins/connexion.plugin.ts';
import { JournalRequetes, optionsJournal } from './plugins/journal-requetes.plugin.ts';
import { registerJsonBorne } from './plugins/json.plugin.ts';
import { registerLimites } from './plugins/limites.plugin.ts';
import { registerSecurite } from './plugins/securite.plugin.ts';
import { registerVidange } from './vidange.ts';
import { webPlugin } from './web/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export interface AppOptions {
  /** Log one line per request (`optionsJournal`): to standard output, or to the stream given (tests). */
  readonly logger?: boolean | { write(ligne: string): void };
  /**
   * Caches of public read responses (API list and detail, anonymous search page);
   * default from OFFRE_API_CACHE (on).
   */
  readonly apiCache?: boolean;
  /** The anonymous search page's cache alone (default: as apiCache). */
  readonly pageCache?: boolean;
  /**
   * The change feed's next page made ahead while the consumer reads one (api/flux-avance.ts);
   * default on, whatever apiCache says (it serves each page once, to the reader it was made for).
   */
  readonly lectureAvance?: boolean;
  /** Folder of the static assets' compressed copies (web/statiques.ts); default CACHE_STATIQUES. */
  readonly statiquesCompresses?: string;
}

/** The whole HTTP application (API + pages) around one context. Tests build it and use inject(). */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const config = configOf(ctx);
  const app = Fastify({
    logger: opts.logger ? optionsJournal(opts.logger === true ? undefined : opts.logger) : false,
    logController: new JournalRequetes(),
    // JSON and form bodies (OFFRE_LIMITE_JSON_KO); upload routes set their own (route bodyLimit).
    bodyLimit: config.limites.jsonKo * 1024,
    // The whole request must arrive within OFFRE_LIMITE_RECEPTION_S (slow senders hold a socket).
    requestTimeout: config.limites.receptionS * 1000,
    // A hop count is accepted at run time (proxy-addr), though the types omit it.
    trustProxy: config.trustProxy as boolean | string,
    // Refusals of the router itself (a malformed %-escape, a path parameter over 100 characters):
    // in French and as a problem details, never Fastify's English JSON (issue 15, hostile inputs).
    frameworkErrors,
    // Requests the HTTP parser refuses (raw non-ASCII bytes in the address): French, route's shape.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', ctx);
  // One handler for the whole server: problem details under /api/, French DSFR pages elsewhere.
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // A known address asked with another method is 405 with Allow, not the 404 (errors.handler.ts).
  registerMethodes(app);
  // A request no route takes is the 404, never a refusal of its body (type, JSON, size, CSRF).
  registerRoutageDabord(app);
  // A body left unread by an early answer is drained, so the browser reads the answer (vidange.ts).
  registerVidange(app);
  // NUL characters and lone surrogates refused, naming the field, on every route (issue 15, defect 8).
  registerCaracteres(app);
  // JSON bodies nested deeper than OFFRE_LIMITE_PROFONDEUR_JSON are refused (issue 15 item 3).
  registerJsonBorne(app, config.limites.profondeurJson);
  // Work that the answer must not wait for, run once it has left; closing the server waits for it.
  registerApresReponse(app);
  // E-mails leave from the outbox, sent by this process's sender (with OFFRE_SMTP_URL); closing
  // the server waits for the message being sent. Its failures are lines of the server's log.
  const envoi = demarrerEnvoi(ctx, (ligne) =>
    opts.logger ? app.log.warn(ligne) : process.stderr.write(`${ligne}\n`),
  );
  if (envoi) app.addHook('onClose', () => envoi.arreter());
  // Refused accesses (403) to the audit trail of security events (issue 15 item 6).
  registerAudit(app);
  // Security headers, cookies, forms, CSRF; then the signed-in session (request.acteur, request.compte).
  await registerSecurite(app, config);
  await registerLimites(app, config.comptes);
  await registerConnexion(app);
  registerCompteurQuotas(app);
  await app.register(apiPlugin, {
    prefix: '/api/v1',
    apiCache: opts.apiCache ?? config.apiCache,
    lectureAvance: opts.lectureAvance ?? true,
  });
  await app.register(apiDocsPlugin);
  await app.register(webPlugin, {
    pageCache: opts.pageCache ?? opts.apiCache ?? config.apiCache,
    ...(opts.statiquesCompresses ? { statiquesCompresses: opts.statiquesCompresses } : {}),
  });
  return app;
}
