import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { OffreError } from '../../domain/errors.ts';
import { formationPublique, pagePublique } from '../../services/catalogue-public.service.ts';
import { adminWebRoutes } from './admin/index.ts';
import { cadreSync } from './cadre.ts';
import { comptesRoutes } from './comptes/index.ts';
import { ErreurPage } from './erreur.page.tsx';
import { pageErrorHandler } from './erreurs.tsx';
import { espaceRoutes } from './espace/index.ts';
import { FormationPage } from './formation.page.tsx';
import { gestionWebRoutes } from './gestion/index.ts';
import { HomePage } from './home.page.tsx';
import { importsRoutes } from './imports/imports.routes.ts';
import { page } from './layout.tsx';
import { sendPage } from './reponse.ts';

const DSFR = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');
const TAILLE_PAGE = 20;

const PAGE_INTROUVABLE = {
  titre: 'Page introuvable',
  message:
    'La page que vous cherchez n’existe pas, ou plus. Elle a peut-être été déplacée ou la formation n’est plus diffusée.',
};

/** The French "page not found" page (also used by the application's not-found handler). */
export const notFoundHtml = (request: FastifyRequest, reply: FastifyReply) =>
  page(ErreurPage(PAGE_INTROUVABLE), cadreSync(request, reply));

/** Every server-rendered page. */
export const webPlugin: FastifyPluginAsync = async (app) => {
  // Pages answer errors with French HTML pages (and sign-in redirections); the API keeps problem details.
  app.setErrorHandler(pageErrorHandler);
  // The design system's own files, from the installed package (never from a CDN).
  await app.register(fastifyStatic, { root: DSFR, prefix: '/dsfr/', decorateReply: false, maxAge: '1d' });

  app.get<{ Querystring: { q?: string; cursor?: string } }>('/', async (request, reply) => {
    const q =
      typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) || undefined : undefined;
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor : undefined;
    try {
      const r = await pagePublique(app.ctx.db, q, cursor, TAILLE_PAGE);
      return sendPage(
        request,
        reply,
        HomePage({ q, formations: r.formations, suivante: r.suivante, pagine: !!cursor }),
      );
    } catch (e) {
      if (e instanceof OffreError && e.code === 'CURSEUR_INVALIDE')
        return sendPage(
          request,
          reply,
          ErreurPage({
            titre: 'Lien de page invalide',
            message: 'Ce lien de pagination n’est pas valide. Reprenez la recherche depuis la première page.',
          }),
          400,
        );
      throw e;
    }
  });

  // A shareable search address; the home page is the search page.
  app.get<{ Querystring: { q?: string } }>('/recherche', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q : '';
    return reply.redirect(q ? `/?${new URLSearchParams({ q })}` : '/', 303);
  });

  app.get<{ Params: { id: string } }>('/formations/:id', async (request, reply) => {
    const f = await formationPublique(app.ctx.db, request.params.id);
    if (!f) return sendPage(request, reply, ErreurPage(PAGE_INTROUVABLE), 404);
    return sendPage(request, reply, FormationPage({ f }));
  });

  await app.register(comptesRoutes);
  await app.register(espaceRoutes);
  await app.register(importsRoutes);
  await app.register(gestionWebRoutes);
  await app.register(adminWebRoutes);
};
