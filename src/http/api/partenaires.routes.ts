import type { FastifyPluginAsync } from 'fastify';
import { getFichierPartenaire, listFichiersPartenaires } from '../../contract/index.ts';
import { listFichierVues, readFichier } from '../../services/partenaires.service.ts';
import { mountRoute } from './route.ts';

export const partenairesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, listFichiersPartenaires, async (request) => ({
    data: await listFichierVues(app.ctx.db, request.acteur, request.query.profil),
  }));
  mountRoute(app, getFichierPartenaire, async (request, reply) => {
    const f = await readFichier(app.ctx.db, request.acteur, request.params.id);
    return reply
      .type(f.type_contenu)
      .header('content-disposition', `attachment; filename="${f.nom}"`)
      .header('cache-control', 'private, no-store')
      .header('etag', `"${f.sha256}"`)
      .header('x-offre-sha256', f.sha256)
      .send(f.contenu);
  });
};
