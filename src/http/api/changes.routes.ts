import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { lectureDe } from '../../context.ts';
import { changesRoute } from '../../contract/index.ts';
import { dataVersion } from '../../db/snapshot.repository.ts';
import { visibiliteOf } from '../../domain/acces.ts';
import { vueDe } from '../../domain/champs-professionnels.ts';
import { concordeIfNoneMatch } from '../../domain/if-match.ts';
import { readFeedPage } from '../../services/feed.service.ts';
import { jourDe } from '../cache-public.ts';
import { LectureAvance } from './flux-avance.ts';
import { mountRoute } from './route.ts';

/**
 * The change feed. A page is fully determined by its address (`since`, `limit`), what the caller
 * may see (visibility and field view, domain/acces.ts and champs-professionnels.ts) and the data:
 * every feed event is written in the transaction of the formation write it records, which moves
 * the public-data version (db/snapshot.repository.ts `dataVersion`, read before the page). Hence a
 * weak ETag from those (and the UTC day, as the read cache does) and a 304, without reading the
 * feed, to a consumer that sends it back in If-None-Match; and, for the same reasons, the next
 * page made ahead under that version (flux-avance.ts) while the consumer reads this one.
 */
export const changesRoutes: FastifyPluginAsync<{ lectureAvance?: boolean }> = async (app, opts) => {
  const avance = opts.lectureAvance === false ? null : new LectureAvance(AVANCE_MAX_BYTES);
  app.addHook('onClose', async () => avance?.fermer());
  mountRoute(app, changesRoute, async (req, reply) => {
    // The version and the page on the read pool: a version never newer than the page it keys.
    const version = await dataVersion(lectureDe(app.ctx));
    const jour = jourDe(app.ctx.now());
    const vue = vueDe(req.acteur);
    const visibilite = JSON.stringify(visibiliteOf(req.acteur));
    const etag = `W/"${createHash('sha1')
      .update([version, jour, vue, visibilite, req.url].join('\0'))
      .digest('base64url')}"`;
    reply.header('etag', etag);
    if (concordeIfNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send();
    // The stored documents' bytes joined as they are: already the JSON of the contract.
    reply.type('application/json; charset=utf-8');
    const { acteur, query } = req;
    const champ = query.since === undefined && query.cursor !== undefined ? 'cursor' : 'since';
    const page = (since: string) =>
      readFeedPage(lectureDe(app.ctx), acteur, since === '' ? undefined : since, query.limit, champ);
    const since = query.since ?? query.cursor ?? '';
    if (!avance) return (await page(since)).body as never;
    const cle = [jour, vue, visibilite, Math.max(1, Math.min(1000, query.limit))].join('\0');
    // A HEAD (same handler, no body sent) must not take the page made ahead from the GET after it.
    return (await avance.lire(cle, since, version, page, req.method !== 'HEAD')) as never;
  });
};

/** The pages made ahead and not yet asked for, at most (flux-avance.ts): ≈ 10 full pages of 1,000. */
const AVANCE_MAX_BYTES = 32 * 1024 * 1024;
