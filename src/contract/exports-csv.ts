import { z } from 'zod';
import { ExportFiltres } from './params.ts';
import { defineRoute } from './route.ts';

export const exportCsvRoute = defineRoute({
  method: 'GET',
  url: '/exports/csv',
  summary: 'Exporter l’offre diffusée en CSV (flux)',
  description:
    'Une ligne par formation × session, toutes les colonnes. UTF-8 avec BOM et séparateur « ; » (ouverture directe dans Excel en France), guillemets RFC 4180, dates AAAA-MM-JJ, booléens oui/non. `region`, `siret` : seulement les formations de cette région, de cet établissement (responsable, formateur ou mandataire), comme l’export LHEO ; un filtre qui ne retient aucune formation : 404 AUCUNE_FORMATION, comme l’export LHEO ; sans filtre, une offre vide donne un fichier réduit aux en-têtes. Sans clé ou avec une clé `read` : `ETag` faible, `If-None-Match` → 304 sans refaire l’export tant que l’offre diffusée n’a pas changé.',
  tags: ['Exports'],
  auth: 'public',
  querystring: ExportFiltres,
  response: { 200: z.string() },
  produces: 'text/csv',
});
