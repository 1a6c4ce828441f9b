import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

/** Query parameters that carry a secret: the one-time links of invitations and password resets. */
const SECRETS = new Set(['jeton']);

/**
 * The request target as logged: the path and query, each secret parameter's value replaced by
 * `…` (`/mot-de-passe/nouveau?jeton=…`), so that the server's log never holds a usable link.
 * A target that is not a path (`*`, an absolute URL sent by a proxy) is returned as is when it
 * holds no secret name.
 */
export function cibleJournalisee(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url.slice(q + 1).split('&');
  let masque = false;
  const sortie = params.map((p) => {
    const eq = p.indexOf('=');
    const nom = eq < 0 ? p : p.slice(0, eq);
    let decode: string;
    try {
      decode = decodeURIComponent(nom.replace(/\+/g, ' '));
    } catch {
      decode = nom;
    }
    if (!SECRETS.has(decode)) return p;
    masque = true;
    return `${nom}=…`;
  });
  return masque ? `${url.slice(0, q)}?${sortie.join('&')}` : url;
}

/**
 * Fastify's logger options for `offre serve`: pino at `info`, the request as
 * `{ method, url, remoteAddress }` with secrets masked (`cibleJournalisee`). `stream` defaults to
 * standard output (tests pass their own).
 */
export function optionsJournal(stream?: { write(ligne: string): void }): FastifyServerOptions['logger'] {
  return {
    level: 'info',
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({
        method: req.method,
        url: cibleJournalisee(req.url ?? ''),
        remoteAddress: req.ip,
      }),
    },
  };
}

/**
 * One log line per request, written when the response is sent: `{ req, res: { statusCode },
 * responseTime }` (milliseconds), « requête traitée » (`error` level with `err` when the reply
 * failed). Replaces Fastify's two lines (« incoming request », « request completed »): half the
 * logging work per request, and the method and path on the line that has the status.
 */
export class JournalRequetes extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const ligne = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...ligne, err: error }, 'requête en erreur');
    else reply.log.info(ligne, 'requête traitée');
  }
}
