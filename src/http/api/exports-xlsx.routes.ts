import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { exportXlsxRoute } from '../../contract/index.ts';
import { nomExport } from '../../domain/nom-export.ts';
import { TYPE_XLSX } from '../../formats/xlsx/offre-xlsx.writer.ts';
import { exigerSelection } from '../../services/export-selection.ts';
import { exportXlsx } from '../../services/export-xlsx.service.ts';
import { exportNonModifie } from './etag-export.ts';
import { mountRoute } from './route.ts';

export const exportsXlsxRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, exportXlsxRoute, async (request, reply) => {
    // A filter that selects nothing: 404 AUCUNE_FORMATION, as the LHEO and CSV exports.
    await exigerSelection(app.ctx.db, request.query);
    if (await exportNonModifie(app, request, reply)) return reply;
    const out = new PassThrough();
    exportXlsx(app.ctx.db, out, request.query).catch((e) => out.destroy(e as Error));
    return reply
      .type(TYPE_XLSX)
      .header(
        'content-disposition',
        `attachment; filename="${nomExport('xlsx', request.query, app.ctx.now())}"`,
      )
      .send(out);
  });
};
