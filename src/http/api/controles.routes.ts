import type { FastifyPluginAsync } from 'fastify';
import { getControles } from '../../contract/index.ts';
import { notFound } from '../../domain/errors.ts';
import { controlesDeFormation } from '../../services/conformite.service.ts';
import { lisiblesPar } from '../../services/formation.lisible.ts';
import { getFormation } from '../../services/formation.service.ts';
import { mountRoute } from './route.ts';

export const controlesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getControles, async (req) => {
    const f = await getFormation(app.ctx.db, req.acteur, req.params.id);
    if (!f) throw notFound(`Formation ${req.params.id}`);
    const { catalogue, certifiee, parcoursup, affelnet } = f.conformite;
    return {
      id: f.id,
      catalogue,
      certifiee,
      parcoursup,
      affelnet,
      // Names only the formations this caller may read (docs/conformite.md).
      data: await controlesDeFormation(app.ctx.db, f.id, app.ctx.now(), lisiblesPar(app.ctx.db, req.acteur)),
    };
  });
};
