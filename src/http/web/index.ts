import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { OffreError } from '../../domain/errors.ts';
import { formationPublique, pagePublique } from '../../services/catalogue-public.service.ts';
import { ErreurPage } from './erreur.page.tsx';
import { FormationPage } from './formation.page.tsx';
import { HomePage } from './home.page.tsx';
import { page } from './layout.tsx';

const DSFR = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');
const TAILLE_PAGE = 20;

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).type('text/html; charset=utf-8').send(body);

/** The French "page not found" page (also used by the application's not-found handler). */
export const notFoundHtml = () =>
  page(
    ErreurPage({
      titre: 'Page introuvable',
      message:
        'La page que vous cherchez n’existe pas, ou plus. Elle a peut-être été déplacée ou la formation n’est plus diffusée.',
    }),
  );

/** Every server-rendered page. */
export const webPlugin: FastifyPluginAsync = async (app) => {
  // The design system's own files, from the installed package (never from a CDN).
  await app.register(fastifyStatic, { root: DSFR, prefix: '/dsfr/', decorateReply: false, maxAge: '1d' });

  app.get<{ Querystring: { q?: string; cursor?: string } }>('/', async (request, reply) => {
    const q =
      typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) || undefined : undefined;
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor : undefined;
    try {
      const r = await pagePublique(app.ctx.db, q, cursor, TAILLE_PAGE);
      return html(
        reply,
        200,
        page(HomePage({ q, formations: r.formations, suivante: r.suivante, pagine: !!cursor })),
      );
    } catch (e) {
      if (e instanceof OffreError && e.code === 'CURSEUR_INVALIDE')
        return html(
          reply,
          400,
          page(
            ErreurPage({
              titre: 'Lien de page invalide',
              message:
                'Ce lien de pagination n’est pas valide. Reprenez la recherche depuis la première page.',
            }),
          ),
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
    if (!f) return html(reply, 404, notFoundHtml());
    return html(reply, 200, page(FormationPage({ f })));
  });
};
