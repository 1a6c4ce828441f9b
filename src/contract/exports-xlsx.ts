import { z } from 'zod';
import { ExportFiltres } from './params.ts';
import { defineRoute } from './route.ts';

export const exportXlsxRoute = defineRoute({
  method: 'GET',
  url: '/exports/xlsx',
  summary: 'Exporter l’offre diffusée en XLSX (flux)',
  description:
    'Les colonnes de l’export CSV, une ligne par formation × session, dans un classeur XLSX écrit au fil de l’eau (mémoire bornée). Les cellules de texte commençant par =, +, -, @ sont neutralisées. `region`, `siret` : seulement les formations de cette région, de cet établissement (responsable, formateur ou mandataire), comme l’export LHEO ; aucune formation : le fichier ne contient que les en-têtes.',
  tags: ['Exports'],
  auth: 'public',
  querystring: ExportFiltres,
  response: { 200: z.string() },
  produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
