import { Readable, Transform } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../context.ts';
import { exportLheoRoute, importLheoRoute, XML_TYPES } from '../../contract/index.ts';
import { OffreError } from '../../domain/errors.ts';
import { nomExport } from '../../domain/nom-export.ts';
import { openLheoExport } from '../../services/export-lheo.service.ts';
import { importLheo } from '../../services/import-lheo.service.ts';
import { CORPS_DE_LA_REQUETE } from '../../services/imports/import-trace.ts';
import { annonceTropGrande, fermer } from '../multipart.ts';
import { exportNonModifie } from './etag-export.ts';
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
 * The body counted as it ARRIVES, not as the import reads it: `flux` is what the import reads (the
 * bytes of `corps` in order, ending on FICHIER_VIDE when there were none), `trop` rejects with the
 * 413 as soon as the bytes received pass `mo` megabytes (OFFRE_LHEO_CORPS_MO), whatever the
 * import is doing. The import reads at its own pace (a batch of formations written before the next
 * is read): counted on what it had read, a chunked body (no Content-Length) over the limit was
 * refused only once the import had got that far (≈ 48 s for 50 Mo). `corps` is read ahead into
 * `flux`'s buffer (a Transform whose readable side holds up to the limit, so it never pushes back
 * on the socket before the limit); past the limit `corps` is unpiped (no longer read: the answer's
 * drain, vidange.ts, handles the rest) and `flux` ends on the same error, stopping the import,
 * which rolls back. Memory: the bytes received and not yet imported, `mo` megabytes at most.
 */
export function compteALArrivee(corps: Readable, mo: number): { flux: Readable; trop: Promise<never> } {
  const limite = mo * 1024 * 1024;
  let octets = 0;
  let refuser: (e: OffreError) => void = () => {};
  const trop = new Promise<never>((_, reject) => {
    refuser = reject;
  });
  // Handled by the caller's race; never an unhandled rejection when the body ends within the limit.
  trop.catch(() => {});
  const flux = new Transform({
    // Room for the whole limit (and the chunk that passes it): no backpressure on the socket.
    readableHighWaterMark: limite + 1024 * 1024,
    transform(c: Buffer, _enc, suite) {
      octets += c.length;
      if (octets <= limite) return suite(null, c);
      corps.unpipe(flux);
      const e = corpsTropGros(mo);
      refuser(e);
      suite(e);
    },
    flush(suite) {
      suite(octets === 0 ? corpsVide() : null);
    },
  });
  corps.on('error', (e) => flux.destroy(e));
  // Its reader reports its errors; one raised after the import stopped reading crashes nothing.
  flux.on('error', () => {});
  corps.pipe(flux);
  return { flux, trop };
}

export const lheoRoutes: FastifyPluginAsync = async (app) => {
  // The XML body reaches the service as a stream: a national file is never buffered whole.
  app.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));
  // The imports a refusal of their body cut short (compteALArrivee), until they have rolled back.
  const coupes = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.all(coupes);
  });

  mountRoute(app, importLheoRoute, async (request, reply) => {
    // The content type was checked before the body was read (mountRoute: the contract's
    // `consumes`): no body here is an empty request.
    if (request.body === undefined || request.body === null) throw corpsVide();
    const mo = configOf(app.ctx).lheoCorpsMo;
    if (annonceTropGrande(request, mo * 1024 * 1024, 0)) {
      fermer(reply);
      throw corpsTropGros(mo);
    }
    const { flux, trop } = compteALArrivee(request.body as unknown as Readable, mo);
    const importe = importLheo(app.ctx, request.acteur, flux, {
      // The subject of the refusals' sentences (« Le corps de la requête, ligne 3 : … »).
      fichier: 'Le corps de la requête',
      dryRun: request.query.dry_run === 'true',
      maxFormations: configOf(app.ctx).limites.formationsLheo,
      trace: { origine: 'api', nom: CORPS_DE_LA_REQUETE },
    });
    try {
      return await Promise.race([importe, trop]);
    } catch (e) {
      if (!(e instanceof OffreError && e.code === 'LHEO_CORPS_TROP_VOLUMINEUX')) throw e;
      // Answered now; the import stops at its next read of the body and rolls back (nothing
      // stored), awaited when the server closes.
      const fin = importe.then(
        () => {},
        () => {},
      );
      coupes.add(fin);
      void fin.then(() => coupes.delete(fin));
      fermer(reply);
      throw e;
    }
  });

  mountRoute(app, exportLheoRoute, async (request, reply) => {
    // Archived (and deleted) offers out, as in the organisme's file from its space: only a
    // write or admin key saw them, with nothing in the file saying they were archived.
    const exp = await openLheoExport(
      app.ctx.db,
      request.acteur,
      { region: request.query.region, siret: request.query.siret, actives: true },
      app.ctx.now(),
    );
    if (await exportNonModifie(app, request, reply)) return reply;
    return reply
      .type('application/xml; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${nomExport('lheo', request.query, app.ctx.now())}"`,
      )
      .send(Readable.from(exp.chunks));
  });
};
