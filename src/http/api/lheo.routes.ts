import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { configOf } from '../../context.ts';
import { OffreError } from '../../domain/errors.ts';
import { openLheoExport } from '../../services/export-lheo.service.ts';
import { importLheo } from '../../services/import-lheo.service.ts';
import { defineRoute, mountRoute } from './route.ts';

const tags = ['LHEO'];
const XML_TYPES = ['application/xml', 'text/xml'];

/** Default largest LHEO body of the API (OFFRE_LHEO_CORPS_MO); larger files go through `offre import lheo`. */
const LIMITE_CORPS_LHEO_DEFAUT = 50 * 1024 * 1024;

const corpsTropGros = (mo: number) =>
  new OffreError(
    'LHEO_CORPS_TROP_VOLUMINEUX',
    `Le fichier LHEO dépasse ${mo} Mo : importez-le avec la commande « offre import lheo » ou découpez-le. Rien n’a été enregistré.`,
    { limite_octets: mo * 1024 * 1024 },
    413,
  );

/** The body as it arrives, refused (413) at the first byte past `mo` megabytes. */
async function* borne(corps: AsyncIterable<Buffer>, mo: number): AsyncGenerator<Buffer> {
  let octets = 0;
  for await (const c of corps) {
    octets += c.length;
    if (octets > mo * 1024 * 1024) throw corpsTropGros(mo);
    yield c;
  }
}

export const LheoImportReportSchema = z.object({
  formations: z.object({
    creees: z.number(),
    mises_a_jour: z.number(),
    inchangees: z.number(),
    rejetees: z.number(),
  }),
  rejets: z.array(z.object({ chemin: z.string(), code: z.string(), message: z.string() })),
});

export const importLheoRoute = defineRoute({
  method: 'POST',
  url: '/imports/lheo',
  summary: 'Importer un fichier LHEO 2.2 ou 2.3',
  description:
    'Corps : le document XML (Content-Type application/xml), lu en flux, 50 Mo au plus par défaut (OFFRE_LHEO_CORPS_MO ; au-delà : 413 LHEO_CORPS_TROP_VOLUMINEUX ; passez par la commande « offre import lheo »). ' +
    'Une formation de plus de 10 millions de caractères ou 100 000 éléments, un texte de plus de 100 000 caractères, plus de 64 niveaux d’imbrication : fichier refusé en entier (422), rien n’est enregistré. Mise à jour par numéro de formation (attribut « numero ») : réimporter le même fichier ne change rien. `dry_run=true` : aperçu sans rien enregistrer. Les formations rejetées sont listées avec leur chemin XML ; les autres sont appliquées.',
  tags,
  auth: 'write',
  bodyLimit: LIMITE_CORPS_LHEO_DEFAUT, // enforced by the handler, as the body is streamed
  querystring: z.object({ dry_run: z.enum(['true', 'false']).optional() }),
  response: { 200: LheoImportReportSchema },
});

export const exportLheoRoute = defineRoute({
  method: 'GET',
  url: '/exports/lheo',
  summary: 'Exporter l’offre en LHEO 2.3 (flux)',
  description:
    'Valide selon le schéma XSD LHEO 2.3 officiel. Contient ce que l’appelant peut voir : l’offre diffusée, plus la sienne pour une clé d’organisme, tout pour une clé admin.',
  tags,
  auth: 'public',
  querystring: z.object({
    region: z
      .string()
      .regex(/^\d{2,3}$/, 'code région INSEE attendu (ex. 84)')
      .optional(),
  }),
  response: { 200: z.string() },
  produces: 'application/xml',
});

export const lheoRoutes: FastifyPluginAsync = async (app) => {
  // The XML body reaches the service as a stream: a national file is never buffered whole.
  app.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));

  mountRoute(app, importLheoRoute, async (request) => {
    if (
      !XML_TYPES.includes(
        String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim(),
      )
    ) {
      throw new OffreError(
        'TYPE_CONTENU',
        'Envoyez le fichier LHEO comme corps de la requête avec « Content-Type: application/xml ».',
        {},
        415,
      );
    }
    const mo = configOf(app.ctx).lheoCorpsMo;
    if (Number(request.headers['content-length'] ?? 0) > mo * 1024 * 1024) throw corpsTropGros(mo);
    return importLheo(app.ctx, request.acteur, borne(request.body as unknown as Readable, mo), {
      fichier: 'corps de la requête',
      dryRun: request.query.dry_run === 'true',
    });
  });

  mountRoute(app, exportLheoRoute, async (request, reply) => {
    const exp = await openLheoExport(app.ctx.db, request.acteur, { region: request.query.region });
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', 'attachment; filename="offre-lheo-2.3.xml"')
      .send(Readable.from(exp.chunks));
  });
};
