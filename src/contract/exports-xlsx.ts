import { z } from 'zod';
import { ExportFiltres } from './params.ts';
import { defineRoute } from './route.ts';

export const exportXlsxRoute = defineRoute({
  method: 'GET',
  url: '/exports/xlsx',
  summary: 'Exporter l’offre diffusée en XLSX (flux)',
  description:
    'Les colonnes de l’export CSV, une ligne par formation × session, dans un classeur XLSX écrit au fil de l’eau (mémoire bornée). Un texte est écrit dans une cellule de texte, qu’un tableur n’évalue jamais : un texte commençant par =, +, -, @ y figure tel quel (sans l’apostrophe de l’export CSV). `region`, `siret` : seulement les formations de cette région, de cet établissement (responsable, formateur ou mandataire), comme l’export LHEO ; un filtre qui ne retient aucune formation : 404 AUCUNE_FORMATION, comme l’export LHEO ; sans filtre, une offre vide donne un fichier réduit aux en-têtes. Sans clé ou avec une clé `read` : `ETag` faible, `If-None-Match` → 304 sans refaire l’export tant que l’offre diffusée n’a pas changé.',
  tags: ['Exports'],
  auth: 'public',
  querystring: ExportFiltres,
  response: { 200: z.string() },
  produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
