import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { lectureDe } from '../../context.ts';
import { changesRoute } from '../../contract/index.ts';
import { dataVersion } from '../../db/snapshot.repository.ts';
import { visibiliteOf } from '../../domain/acces.ts';
import { vueDe } from '../../domain/champs-professionnels.ts';
import { concordeIfNoneMatch } from '../../domain/if-match.ts';
import { readFeedJson } from '../../services/feed.service.ts';
import { jourDe } from '../cache-public.ts';
import { mountRoute } from './route.ts';

/**
 * The change feed. A page is fully determined by its address (`since`, `limit`), what the caller
 * may see (visibility and field view, domain/acces.ts and champs-professionnels.ts) and the data:
 * every feed event is written in the transaction of the formation write it records, which moves
 * the public-data version (db/snapshot.repository.ts `dataVersion`, read before the page). Hence a
 * weak ETag from those (and the UTC day, as the read cache does) and a 304, without reading the
 * feed, to a consumer that sends it back in If-None-Match.
 */
export const changesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, changesRoute, async (req, reply) => {
    // The version and the page on the read pool: a version never newer than the page it keys.
    const version = await dataVersion(lectureDe(app.ctx));
    const etag = `W/"${createHash('sha1')
      .update(
        [
          version,
          jourDe(app.ctx.now()),
          vueDe(req.acteur),
          JSON.stringify(visibiliteOf(req.acteur)),
          req.url,
        ].join('\0'),
      )
      .digest('base64url')}"`;
    reply.header('etag', etag);
    if (concordeIfNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send();
    // The stored documents' bytes joined as they are: already the JSON of the contract.
    reply.type('application/json; charset=utf-8');
    return (await readFeedJson(
      lectureDe(app.ctx),
      req.acteur,
      req.query.since ?? req.query.cursor,
      req.query.limit,
      req.query.since === undefined && req.query.cursor !== undefined ? 'cursor' : 'since',
    )) as never;
  });
};
