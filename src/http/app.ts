import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { readConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { apiDocsPlugin } from './api/docs.ts';
import { apiPlugin } from './api/index.ts';
import { errorHandler, problem, sendProblem } from './problem.ts';
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

/** The whole HTTP application (API + pages) around one context. Tests build it and use inject(). */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 50 * 1024 * 1024,
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
      : reply.status(404).type('text/html; charset=utf-8').send(notFoundHtml()),
  );
  await app.register(apiPlugin, { prefix: '/api/v1', apiCache: opts.apiCache ?? readConfig().apiCache });
  await app.register(apiDocsPlugin);
  await app.register(webPlugin);
  return app;
}
