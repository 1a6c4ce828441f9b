import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { TYPE_XLSX } from '../../formats/xlsx/offre-xlsx.writer.ts';
import { exportXlsx } from '../../services/export-xlsx.service.ts';
import { defineRoute, mountRoute } from './route.ts';

export const exportXlsxRoute = defineRoute({
  method: 'GET',
  url: '/exports/xlsx',
  summary: 'Exporter l’offre diffusée en XLSX (flux)',
  description:
    'Les colonnes de l’export CSV, une ligne par formation × session, dans un classeur XLSX écrit au fil de l’eau (mémoire bornée). Les cellules de texte commençant par =, +, -, @ sont neutralisées.',
  tags: ['Exports'],
  auth: 'public',
  response: { 200: z.string() },
  produces: TYPE_XLSX,
});

export const exportsXlsxRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, exportXlsxRoute, async (_request, reply) => {
    const out = new PassThrough();
    exportXlsx(app.ctx.db, out).catch((e) => out.destroy(e as Error));
    return reply.type(TYPE_XLSX).header('content-disposition', 'attachment; filename="offre.xlsx"').send(out);
  });
};
