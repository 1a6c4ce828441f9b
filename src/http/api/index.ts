import type { FastifyPluginAsync } from 'fastify';
import { registerCompression } from '../compression.ts';
import { adminClesRoutes } from './admin-cles.routes.ts';
import { registerAuth } from './auth.ts';
import { campagnesRoutes } from './campagnes.routes.ts';
import { changesRoutes } from './changes.routes.ts';
import { classeurRoutes } from './classeur.routes.ts';
import { communesRoutes } from './communes.routes.ts';
import { controlesRoutes } from './controles.routes.ts';
import { registerCors } from './cors.ts';
import { decisionsRoutes } from './decisions.routes.ts';
import { exportsCsvRoutes } from './exports-csv.routes.ts';
import { exportsXlsxRoutes } from './exports-xlsx.routes.ts';
import { formationRoutes } from './formations.routes.ts';
import { lheoRoutes } from './lheo.routes.ts';
import { metaRoutes } from './meta.routes.ts';
import { organismeRoutes } from './organismes.routes.ts';
import { partenairesRoutes } from './partenaires.routes.ts';
import { plateformesRoutes } from './plateformes.routes.ts';
import { registerQuotas } from './quotas.ts';
import { registerReadCache } from './read-cache.ts';
import { trackRoutes } from './route.ts';
import { workflowRoutes } from './workflow.routes.ts';

/** Every /api/v1 route. Each use case registers its own file here (routes as data: see ./route.ts). */
export const apiPlugin: FastifyPluginAsync<{ apiCache?: boolean; lectureAvance?: boolean }> = async (
  app,
  opts,
) => {
  trackRoutes(app);
  // First: a refusal by the auth or quota hooks below still carries the CORS headers.
  await registerCors(app);
  // Before the routes: its hooks are added to each route as it is registered.
  await registerCompression(app);
  await registerAuth(app);
  registerQuotas(app);
  registerReadCache(app, opts.apiCache ?? true);
  await app.register(metaRoutes);
  await app.register(formationRoutes);
  await app.register(workflowRoutes);
  await app.register(changesRoutes, { lectureAvance: opts.lectureAvance ?? true });
  await app.register(organismeRoutes);
  await app.register(lheoRoutes);
  await app.register(controlesRoutes);
  await app.register(plateformesRoutes);
  await app.register(classeurRoutes);
  await app.register(exportsCsvRoutes);
  await app.register(communesRoutes);
  await app.register(exportsXlsxRoutes);
  await app.register(adminClesRoutes);
  await app.register(campagnesRoutes);
  await app.register(decisionsRoutes);
  await app.register(partenairesRoutes);
};
