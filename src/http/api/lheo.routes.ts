import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../context.ts';
import { exportLheoRoute, importLheoRoute, XML_TYPES } from '../../contract/index.ts';
import { OffreError } from '../../domain/errors.ts';
import { nomExport } from '../../domain/nom-export.ts';
import { openLheoExport } from '../../services/export-lheo.service.ts';
import { importLheo } from '../../services/import-lheo.service.ts';
import { CORPS_DE_LA_REQUETE } from '../../services/imports/import-trace.ts';
import { annonceTropGrande, fermer } from '../multipart.ts';
import { mountRoute } from './route.ts';

const corpsTropGros = (mo: number) =>
  new OffreError(
    'LHEO_CORPS_TROP_VOLUMINEUX',
    `Le fichier LHEO dépasse ${mo} Mo : importez-le avec la commande « offre import lheo » ou découpez-le. Rien n’a été enregistré.`,
    { limite_octets: mo * 1024 * 1024 },
    413,
  );

const corpsVide = () =>
  new OffreError(
    'FICHIER_VIDE',
    'Le corps de la requête est vide : envoyez le fichier LHEO (XML) comme corps (Content-Type application/xml).',
    {},
    400,
  );

/**
 * The body as it arrives, refused (413) at the first byte past `mo` megabytes (OFFRE_LHEO_CORPS_MO),
 * and (400 FICHIER_VIDE) when it ends without a byte.
 */
async function* borne(corps: AsyncIterable<Buffer>, mo: number): AsyncGenerator<Buffer> {
  let octets = 0;
  for await (const c of corps) {
    octets += c.length;
    if (octets > mo * 1024 * 1024) throw corpsTropGros(mo);
    yield c;
  }
  if (octets === 0) throw corpsVide();
}

export const lheoRoutes: FastifyPluginAsync = async (app) => {
  // The XML body reaches the service as a stream: a national file is never buffered whole.
  app.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));

  mountRoute(app, importLheoRoute, async (request, reply) => {
    // The content type was checked before the body was read (mountRoute: the contract's
    // `consumes`): no body here is an empty request.
    if (request.body === undefined || request.body === null) throw corpsVide();
    const mo = configOf(app.ctx).lheoCorpsMo;
    if (annonceTropGrande(request, mo * 1024 * 1024, 0)) {
      fermer(reply);
      throw corpsTropGros(mo);
    }
    return importLheo(app.ctx, request.acteur, borne(request.body as unknown as Readable, mo), {
      // The subject of the refusals' sentences (« Le corps de la requête, ligne 3 : … »).
      fichier: 'Le corps de la requête',
      dryRun: request.query.dry_run === 'true',
      maxFormations: configOf(app.ctx).limites.formationsLheo,
      trace: { origine: 'api', nom: CORPS_DE_LA_REQUETE },
    });
  });

  mountRoute(app, exportLheoRoute, async (request, reply) => {
    const exp = await openLheoExport(app.ctx.db, request.acteur, {
      region: request.query.region,
      siret: request.query.siret,
    });
    return reply
      .type('application/xml; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${nomExport('lheo', request.query, app.ctx.now())}"`,
      )
      .send(Readable.from(exp.chunks));
  });
};
