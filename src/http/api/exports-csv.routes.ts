import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { exportCsv } from '../../services/export-csv.service.ts';
import { defineRoute, mountRoute } from './route.ts';

export const exportCsvRoute = defineRoute({
  method: 'GET',
  url: '/exports/csv',
  summary: 'Exporter l’offre diffusée en CSV (flux)',
  description:
    'Une ligne par formation × session, toutes les colonnes. UTF-8 avec BOM et séparateur « ; » (ouverture directe dans Excel en France), guillemets RFC 4180, dates AAAA-MM-JJ, booléens oui/non.',
  tags: ['Exports'],
  auth: 'public',
  response: { 200: z.string() },
  produces: 'text/csv',
});

export const exportsCsvRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, exportCsvRoute, async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="offre.csv"')
      .send(Readable.from(exportCsv(app.ctx.db))),
  );
};
