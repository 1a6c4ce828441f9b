import type { FastifyPluginAsync, FastifyReply } from 'fastify';
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
import { notFound } from '../../domain/errors.ts';
import { NOMS_PLATEFORMES } from '../../domain/plateforme.ts';
import { cleCurseurs } from '../../services/curseur.cle.ts';
import {
  applyRetours,
  decidePlateforme,
  etatsDeFormation,
  historiqueRegle,
  listRegles,
  offresPlateforme,
  registerRegle,
  getRegle as regle,
} from '../../services/plateforme.service.ts';
import { etagRegle } from '../../services/regle-version.ts';
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
  // The answer's ETag is the new state's version between quotes, as GET …/plateformes/{plateforme} gives it.
  mountRoute(app, postDecision, async (req, reply) => {
    const e = await decidePlateforme(app.ctx, req.acteur, req.params.id, req.params.plateforme, req.body, {
      siMatch: req.ifMatch,
    });
    reply.header('etag', `"${e.version}"`);
    return e;
  });
  mountRoute(app, getEtats, async (req) => ({
    data: await etatsDeFormation(app.ctx.db, req.params.id, app.ctx.now()),
  }));
  mountRoute(app, getEtat, async (req, reply) => {
    const { id, plateforme } = req.params;
    const e = (await etatsDeFormation(app.ctx.db, id, app.ctx.now())).find(
      (x) => x.plateforme === plateforme,
    );
    if (!e) throw notFound(`État ${NOMS_PLATEFORMES[plateforme]} de la formation ${id}`);
    reply.header('etag', `"${e.version}"`);
    return e;
  });
  // A rule's ETag is its version between quotes (regle-version.ts): the If-Match of its PUT.
  const avecEtag = (reply: FastifyReply, r: Awaited<ReturnType<typeof registerRegle>>) => {
    reply.header('etag', etagRegle(r.regle));
    return r;
  };
  mountRoute(app, postRegle, async (req, reply) =>
    avecEtag(reply, await registerRegle(app.ctx, req.acteur, null, req.body)),
  );
  mountRoute(app, putRegle, async (req, reply) =>
    avecEtag(
      reply,
      await registerRegle(app.ctx, req.acteur, req.params.id, req.body, { siMatch: req.ifMatch }),
    ),
  );
  mountRoute(app, getRegle, async (req, reply) => {
    const r = await regle(app.ctx, req.params.id);
    reply.header('etag', etagRegle(r));
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
