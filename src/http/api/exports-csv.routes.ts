import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { exportCsvRoute } from '../../contract/index.ts';
import { nomExport } from '../../domain/nom-export.ts';
import { exportCsv } from '../../services/export-csv.service.ts';
import { exigerSelection } from '../../services/export-selection.ts';
import { exportNonModifie } from './etag-export.ts';
import { mountRoute } from './route.ts';

export const exportsCsvRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, exportCsvRoute, async (request, reply) => {
    // A filter that selects nothing: 404 AUCUNE_FORMATION, as the LHEO and XLSX exports.
    await exigerSelection(app.ctx.db, request.query);
    if (await exportNonModifie(app, request, reply)) return reply;
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${nomExport('csv', request.query, app.ctx.now())}"`,
      )
      .send(Readable.from(exportCsv(app.ctx.db, request.query)));
  });
};
