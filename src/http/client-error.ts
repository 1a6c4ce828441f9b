import type { Socket } from 'node:net';
import { problem } from './problem.ts';
import { ErreurPage } from './web/erreur.page.tsx';
import { page } from './web/layout.tsx';

// Requests Node's HTTP parser refuses before Fastify sees them (no route, no hook, no request):
// above all raw non-ASCII bytes in the address (`?q=l'haÿ` sent unencoded by a script). Answered in
// the route's shape like every other refusal (http/errors.handler.ts): RFC 9457 problem details
// under /api/, the French error page elsewhere. Timeouts and oversized headers keep Fastify's answer.

const DETAIL =
  'L’adresse contient des caractères qui n’y sont pas permis tels quels (lettres accentuées, espaces, octets hors ASCII) : encodez-les en pourcentage (UTF-8), par exemple « ÿ » en %C3%BF et une espace en %20.';

/** The request target of the refused bytes ('/api/v1/communes?q=…'), or '' when unreadable. */
const cible = (brut: unknown): string =>
  Buffer.isBuffer(brut) ? (/^[A-Z]+ (\S+)/.exec(brut.toString('latin1'))?.[1] ?? '') : '';

function reponse(status: number, type: string, corps: string): string {
  return `HTTP/1.1 ${status} Bad Request\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(corps)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${corps}`;
}

/** Fastify's `clientErrorHandler`: French refusals for malformed requests, in the route's shape. */
export function clientErrorHandler(
  this: { log: { trace(o: object, m: string): void } },
  err: NodeJS.ErrnoException & { rawPacket?: unknown },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err }, 'client error');
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_OVERFLOW') {
    const [status, texte, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'Exceeded maximum allowed HTTP header size']
        : [408, 'Request Timeout', 'Client Timeout'];
    const corps = `{"error":"${texte}","message":"${message}","statusCode":${status}}`;
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${texte}\r\nContent-Length: ${corps.length}\r\nContent-Type: application/json\r\n\r\n${corps}`,
      );
    socket.destroy(err);
    return;
  }
  const url = cible(err.rawPacket);
  const api = /^\/api(?:[/?#]|$)/.test(url);
  const corps = api
    ? JSON.stringify(problem('URL_INVALIDE', DETAIL, { instance: url.slice(0, 2000) }))
    : page(ErreurPage({ titre: 'Adresse invalide', message: DETAIL, code: 'URL_INVALIDE' }));
  if (socket.writable)
    socket.write(reponse(400, api ? 'application/problem+json' : 'text/html; charset=utf-8', corps));
  socket.destroy();
}
