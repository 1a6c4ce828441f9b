import { z } from 'zod';
import { defineRoute } from './route.ts';

export const exportXlsxRoute = defineRoute({
  method: 'GET',
  url: '/exports/xlsx',
  summary: 'Exporter l’offre diffusée en XLSX (flux)',
  description:
    'Les colonnes de l’export CSV, une ligne par formation × session, dans un classeur XLSX écrit au fil de l’eau (mémoire bornée). Les cellules de texte commençant par =, +, -, @ sont neutralisées.',
  tags: ['Exports'],
  auth: 'public',
  response: { 200: z.string() },
  produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
