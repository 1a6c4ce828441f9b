import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { openApiDocument } from './openapi.ts';

/**
 * Interactive documentation at /api/docs: Swagger UI over the generated document, its assets
 * served from node_modules (no CDN). The document describes the contract (src/contract), which
 * the OpenAPI test proves is what the API mounts; it is built on the first visit (≈0.5 s), not
 * at start-up.
 */
export const apiDocsPlugin: FastifyPluginAsync = async (app) => {
  let document: Record<string, unknown> | undefined;
  // Static mode needs a document now; the real one replaces it in every answer of /api/docs/json.
  await app.register(swagger, {
    mode: 'static',
    specification: {
      document: { openapi: '3.1.0', info: { title: 'Offre — API', version: '1.0.0' }, paths: {} },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    // Swagger UI cannot be translated (no supported way: swagger-api/swagger-ui#2488): its title
    // and the top of the page (the document's description, which it renders) say where the
    // French reference is.
    theme: { title: 'Offre — API, documentation interactive (en anglais ; en français : /api/reference)' },
    uiHooks: {
      preHandler: async () => {
        document ??= avecRenvoiFrancais(await openApiDocument());
      },
    },
    transformSpecificationClone: false,
    transformSpecification: () => document as never,
  });
  // Swagger UI is a script: without JavaScript its page is blank. Say so, and where the same
  // reference is as a plain page.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      typeof payload !== 'string' ||
      !/^\/api\/docs(\/|\/static\/index\.html)?(\?|$)/.test(request.url) ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    )
      return payload;
    return payload
      .replace('<head>', `<head>${REDIRECTION_SANS_JAVASCRIPT}`)
      .replace('<body>', `<body>${SANS_JAVASCRIPT}`);
  });
};

const RENVOI_FRANCAIS =
  'Les boutons et intitulés de cette page (Swagger UI) sont en anglais, la bibliothèque ne se traduit pas ; ' +
  'les descriptions des routes et des champs sont en français. La même référence, entièrement en français et sans JavaScript : ' +
  '[Référence de l’API](/api/reference).';

/** The document shown by /api/docs: the published one, its description led by the pointer above. */
function avecRenvoiFrancais(document: Record<string, unknown>): Record<string, unknown> {
  const info = (document.info ?? {}) as Record<string, unknown>;
  const description = typeof info.description === 'string' ? `\n\n${info.description}` : '';
  return { ...document, info: { ...info, description: `${RENVOI_FRANCAIS}${description}` } };
}

// Without JavaScript the browser goes straight to the plain page (a <noscript> in <head> may hold a
// <meta>); the sentence below stays for a browser that ignores the refresh.
const REDIRECTION_SANS_JAVASCRIPT =
  '<noscript><meta http-equiv="refresh" content="0; url=/api/reference"></noscript>';

const SANS_JAVASCRIPT =
  '<noscript><p lang="fr" style="font-family:sans-serif;margin:2rem">Cette documentation interactive demande JavaScript. ' +
  'La même référence, sans JavaScript : <a href="/api/reference">Référence de l’API</a> ; ' +
  'le document OpenAPI : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>';
