import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { exportCsvRoute } from '../../contract/index.ts';
import { exportCsv } from '../../services/export-csv.service.ts';
import { mountRoute } from './route.ts';

export const exportsCsvRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, exportCsvRoute, async (request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="offre.csv"')
      .send(Readable.from(exportCsv(app.ctx.db, request.query))),
  );
};
