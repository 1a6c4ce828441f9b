import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lectureDe } from '../../context.ts';
import { dataVersion } from '../../db/snapshot.repository.ts';
import { vueDe } from '../../domain/champs-professionnels.ts';
import { concordeIfNoneMatch } from '../../domain/if-match.ts';
import { jourDe } from '../cache-public.ts';
import { lecturePublique } from './read-cache.ts';

/**
 * Conditional reads of the exports (`GET /exports/lheo`, `/exports/csv`, `/exports/xlsx`): a
 * partner polling a 12 MB file gets `304 Not Modified`, with no export made, while the diffused
 * offer has not changed.
 *
 * The ETag is weak (the same content, not the same bytes: an XLSX carries its creation time) and
 * made, as the read cache's (read-cache.ts), of the public-data version (db/snapshot.repository.ts
 * `dataVersion`: it moves when a write a public reader can see commits, in any process), the view,
 * the day (the file's name and « sessions à venir » depend on it) and the URL. Only for readers who
 * see nothing but the diffused offer (anonymous, `read` keys): an organisation's or a professional's
 * export holds data that version does not follow, so it gets no ETag (and never a 304).
 *
 * Called by the route once the selection is known to exist (404 `AUCUNE_FORMATION` first: `*`
 * must not make a 304 of an answer that would be an error, RFC 9110 § 13.1.2). Returns true when
 * the 304 was sent (the route then returns the reply as it is).
 */
export async function exportNonModifie(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (!lecturePublique(request.acteur)) return false;
  const version = await dataVersion(lectureDe(app.ctx));
  const cle = `${vueDe(request.acteur)} ${jourDe(app.ctx.now())} ${request.url}`;
  const etag = `W/"${createHash('sha1').update(version).update('\0').update(cle).digest('base64url')}"`;
  reply.header('etag', etag);
  if (!concordeIfNoneMatch(request.headers['if-none-match'], etag)) return false;
  await reply.code(304).send();
  return true;
}
