import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { registerCompression } from '../compression.ts';
import { openApiDocument } from './openapi.ts';

/**
 * Interactive documentation at /api/docs: Swagger UI over the generated document, its assets
 * served from node_modules (no CDN). The document describes the contract (src/contract), which
 * the OpenAPI test proves is what the API mounts; it is built on the first visit (≈0.5 s), not
 * at start-up.
 */
export const apiDocsPlugin: FastifyPluginAsync = async (app) => {
  let document: Record<string, unknown> | undefined;
  // Swagger UI is a script: without JavaScript its page is blank. Say so, and where the same
  // reference is as a plain page; with it, a French bar leads back to the site and to that page.
  // Added before the compression (below), whose hook then compresses the page as changed.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      typeof payload !== 'string' ||
      !/^\/api\/docs(\/|\/static\/index\.html)?(\?|$)/.test(request.url) ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    )
      return payload;
    return payload
      .replace('<head>', `<head>${REDIRECTION_SANS_JAVASCRIPT}`)
      .replace('<body>', `<body>${RETOUR}${SANS_JAVASCRIPT}`);
  });
  // The page, its document and its assets (a 1.4 MB script): compressed as the API and the pages.
  await registerCompression(app);
  // Static mode needs a document now; the real one replaces it in every answer of /api/docs/json.
  await app.register(swagger, {
    mode: 'static',
    specification: {
      document: { openapi: '3.1.0', info: { title: 'Offre — API', version: '1.0.0' }, paths: {} },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // What keeps the page free of axe's serious violations (test/browser/recherche.test.ts): no top
    // bar (BaseLayout), no deep links (their anchors have no accessible name), no syntax
    // highlighting (its colours fail DSFR contrasts).
    uiConfig: { docExpansion: 'list', deepLinking: false, layout: 'BaseLayout', syntaxHighlight: false },
    // Swagger UI cannot be translated (no supported way: swagger-api/swagger-ui#2488): its title
    // and the top of the page (the document's description, which it renders) say where the
    // French reference is.
    theme: {
      title: 'Offre — API, documentation interactive (en anglais ; en français : /api/reference)',
      css: [{ filename: 'contrastes.css', content: CONTRASTES }],
      js: [{ filename: 'etiquettes.js', content: ETIQUETTES }],
    },
    uiHooks: {
      preHandler: async () => {
        document ??= avecRenvoiFrancais(await openApiDocument());
      },
    },
    transformSpecificationClone: false,
    transformSpecification: () => document as never,
  });
};

// Swagger UI's own colours fail WCAG AA contrast (4.5:1) on its method badges, version stamps,
// links and buttons (axe-core « color-contrast », test/browser/api-docs.test.ts): the same hues from
// the DSFR palette, dark enough for white text (and as text on white).
const CONTRASTES = `
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0063cb; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #18753c; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #b34000; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #695240; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #ce0500; }
.swagger-ui .info .title small pre { background: #53575f; }
.swagger-ui .info .title small.version-stamp { background: #18753c; }
.swagger-ui .info .title small.version-stamp pre { background: #18753c; }
.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui a.nostyle { color: #0063cb; }
.swagger-ui .btn.authorize { color: #18753c; border-color: #18753c; }
.swagger-ui .btn.authorize svg { fill: #18753c; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #3a3a3a; }
.swagger-ui .parameter__in, .swagger-ui .parameter__type, .swagger-ui .parameter__deprecated { color: #53575f; }
.swagger-ui .btn.execute { background-color: #0063cb; border-color: #0063cb; }
.swagger-ui .download-contents { background: #53575f; }
.swagger-ui .btn.cancel { color: #ce0500; border-color: #ce0500; }
`;

// Swagger UI leaves the selects of enumerated parameters and the close button of its dialogs
// without an accessible name (axe-core « select-name », « button-name »), its examples scroll
// without being reachable by keyboard (« scrollable-region-focusable »), and its headings skip a
// level (its title is an h1, its groups h3, its « Schemas » and an operation's sections h4:
// « heading-order »): each gets its name (the parameter's, « Fermer »), a place in the tab order or
// its level (groups and « Schemas » 2, an operation's sections 3), as it appears (the interface is drawn by script, after the page).
const ETIQUETTES = `(function () {
  function nommer() {
    document.querySelectorAll('.swagger-ui tr[data-param-name] select:not([aria-label])').forEach(function (s) {
      var tr = s.closest('tr[data-param-name]');
      s.setAttribute('aria-label', tr.getAttribute('data-param-name'));
    });
    document.querySelectorAll('.swagger-ui button.close-modal:not([aria-label])').forEach(function (b) {
      b.setAttribute('aria-label', 'Fermer');
    });
    document.querySelectorAll('.swagger-ui pre.microlight:not([tabindex])').forEach(function (p) {
      p.setAttribute('tabindex', '0');
    });
    document.querySelectorAll('.swagger-ui h3.opblock-tag:not([aria-level])').forEach(function (h) {
      h.setAttribute('aria-level', '2');
    });
    document.querySelectorAll('.swagger-ui section.models h4:not([aria-level])').forEach(function (h) {
      h.setAttribute('aria-level', '2');
    });
    document.querySelectorAll('.swagger-ui .opblock h4:not([aria-level])').forEach(function (h) {
      h.setAttribute('aria-level', '3');
    });
  }
  new MutationObserver(nommer).observe(document.documentElement, { childList: true, subtree: true });
})();`;

const RENVOI_FRANCAIS =
  'Les boutons et intitulés de cette page (Swagger UI) sont en anglais, la bibliothèque ne se traduit pas ; ' +
  'les descriptions des routes et des champs sont en français. La même référence, entièrement en français et sans JavaScript : ' +
  '[Référence de l’API](/api/reference).';

/**
 * The document shown by /api/docs: the published one, its description led by the pointer above,
 * without `servers` (Swagger UI would add a server selector: one address, nothing to choose, and
 * one more unnamed control for axe).
 */
function avecRenvoiFrancais(document: Record<string, unknown>): Record<string, unknown> {
  const info = (document.info ?? {}) as Record<string, unknown>;
  const description = typeof info.description === 'string' ? `\n\n${info.description}` : '';
  const { servers: _servers, ...sansServeurs } = document;
  return { ...sansServeurs, info: { ...info, description: `${RENVOI_FRANCAIS}${description}` } };
}

// Without JavaScript the browser goes straight to the plain page (a <noscript> in <head> may hold a
// <meta>); the sentence below stays for a browser that ignores the refresh.
const REDIRECTION_SANS_JAVASCRIPT =
  '<noscript><meta http-equiv="refresh" content="0; url=/api/reference"></noscript>';

// What Offre controls on Swagger UI's page, in French: a way back to the site and to the French
// reference (Swagger UI's own words stay English: see RENVOI_FRANCAIS).
const RETOUR =
  '<nav lang="fr" aria-label="Offre" style="font-family:sans-serif;padding:.5rem 1.25rem;border-bottom:1px solid #ddd">' +
  '<a href="/" style="color:#0063cb">← Retour à Offre</a> · ' +
  '<a href="/api/reference" style="color:#0063cb">Référence de l’API en français, sans JavaScript</a></nav>';

const SANS_JAVASCRIPT =
  '<noscript><p lang="fr" style="font-family:sans-serif;margin:2rem">Cette documentation interactive demande JavaScript. ' +
  'La même référence, sans JavaScript : <a href="/api/reference">Référence de l’API</a> ; ' +
  'le document OpenAPI : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>';
