import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { exportLheoRoute, importLheoRoute, XML_TYPES } from '../../contract/index.ts';
import { OffreError } from '../../domain/errors.ts';
import { openLheoExport } from '../../services/export-lheo.service.ts';
import { importLheo } from '../../services/import-lheo.service.ts';
import { mountRoute } from './route.ts';

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
    return importLheo(app.ctx, request.acteur, request.body as unknown as Readable, {
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
