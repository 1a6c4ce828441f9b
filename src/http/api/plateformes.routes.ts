import type { FastifyPluginAsync } from 'fastify';
import {
  getEtat,
  getEtats,
  getOffres,
  getRegle,
  getRegleHistorique,
  getRegles,
  postDecision,
  postRegle,
  postRetours,
  putRegle,
} from '../../contract/index.ts';
import { pageCursor } from '../../domain/cursor.ts';
import { cleCurseurs } from '../../services/curseur.cle.ts';
import {
  applyRetours,
  decidePlateforme,
  etatDeFormation,
  etatsDeFormation,
  historiqueRegle,
  listRegles,
  offresPlateforme,
  registerRegle,
  getRegle as regle,
} from '../../services/plateforme.service.ts';
import { mountRoute } from './route.ts';

export const plateformesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getOffres, async (req) => {
    const cle = await cleCurseurs(app.ctx.db);
    const after = req.query.cursor ? pageCursor.decode(req.query.cursor, cle) : null;
    const r = await offresPlateforme(app.ctx.db, req.params.plateforme, after, req.query.limit);
    return {
      plateforme: r.plateforme,
      data: r.data,
      next_cursor: r.next ? pageCursor.encode(r.next, cle) : null,
    };
  });
  mountRoute(app, postRetours, (req) => applyRetours(app.ctx, req.acteur, req.params.plateforme, req.body));
  // An If-Match (the state's `version` between quotes) ties the decision to the state read: 412
  // PRECONDITION_ECHOUEE when it changed since; without it, the state of the moment.
  // The answer's ETag (contract) is the new state's version, as GET …/plateformes/{plateforme} gives it.
  mountRoute(app, postDecision, async (req) =>
    decidePlateforme(app.ctx, req.acteur, req.params.id, req.params.plateforme, req.body, {
      siMatch: req.ifMatch,
    }),
  );
  mountRoute(app, getEtats, async (req) => ({
    data: await etatsDeFormation(app.ctx.db, req.params.id, app.ctx.now()),
  }));
  mountRoute(app, getEtat, async (req) =>
    etatDeFormation(app.ctx.db, req.params.id, req.params.plateforme, app.ctx.now()),
  );
  // A rule's ETag (contract) is its version: the If-Match of its PUT.
  mountRoute(app, postRegle, async (req) => registerRegle(app.ctx, req.acteur, null, req.body));
  mountRoute(app, putRegle, async (req) =>
    registerRegle(app.ctx, req.acteur, req.params.id, req.body, { siMatch: req.ifMatch }),
  );
  mountRoute(app, getRegle, async (req) => {
    const r = await regle(app.ctx, req.params.id);
    return { ...r, updated_at: new Date(r.updated_at).toISOString() };
  });
  mountRoute(app, getRegleHistorique, async (req) => ({
    data: await historiqueRegle(app.ctx, req.params.id),
  }));
  mountRoute(app, getRegles, async () => ({
    data: (await listRegles(app.ctx)).map((r) => ({
      ...r,
      updated_at: new Date(r.updated_at).toISOString(),
    })),
  }));
};
