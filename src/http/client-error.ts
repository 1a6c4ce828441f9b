import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERREURS } from '../domain/errors.catalogue.ts';
import { problem } from './problem.ts';
import { ErreurPage } from './web/erreur.page.tsx';
import { page } from './web/layout.tsx';

// Requests Node's HTTP parser refuses before Fastify sees them (no route, no hook, no request):
// raw non-ASCII bytes in the address (`?q=l'haÿ` sent unencoded by a script), an address or
// headers over Node's 16 KB, a request that does not arrive in time. Answered in the route's shape
// like every other refusal (http/errors.handler.ts): RFC 9457 problem details under /api/, the
// French error page elsewhere — never Node's or Fastify's English.

const DETAIL =
  'L’adresse contient des caractères qui n’y sont pas permis tels quels (lettres accentuées, espaces, octets hors ASCII) : encodez-les en pourcentage (UTF-8), par exemple « ÿ » en %C3%BF et une espace en %20.';

/** Above this many characters, a request line that overflows the headers is « an address too long ». */
const LIGNE_LONGUE = 8_000;

/** The request line of the refused bytes ('GET /api/v1/communes?q=… HTTP/1.1'), or '' when unreadable. */
const ligne = (brut: unknown): string => {
  if (!Buffer.isBuffer(brut)) return '';
  const texte = brut.toString('latin1');
  const fin = texte.indexOf('\r\n');
  return fin < 0 ? texte : texte.slice(0, fin);
};

/** The request target of a request line ('/api/v1/communes?q=…'), or ''. */
const cible = (l: string): string => /^[A-Z]+ (\S+)/.exec(l)?.[1] ?? '';

interface Refus {
  readonly status: number;
  readonly code: 'URL_INVALIDE' | 'URL_TROP_LONGUE' | 'ENTETES_TROP_VOLUMINEUX' | 'RECEPTION_TROP_LENTE';
  readonly detail: string;
}

/** What the parser's error means for the sender (status, catalogue code, French). */
function refusDe(code: string | undefined, l: string): Refus {
  if (code === 'HPE_HEADER_OVERFLOW')
    return l.length > LIGNE_LONGUE || !/ HTTP\/\d/.test(l)
      ? {
          status: 414,
          code: 'URL_TROP_LONGUE',
          detail:
            'L’adresse dépasse la longueur admise (16 Ko avec les en-têtes) : raccourcissez la recherche ou envoyez moins de paramètres.',
        }
      : {
          status: 431,
          code: 'ENTETES_TROP_VOLUMINEUX',
          detail:
            'Les en-têtes de la requête dépassent la taille admise (16 Ko avec l’adresse) : des cookies trop nombreux ou trop longs ? Effacez ceux de ce site et recommencez.',
        };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      code: 'RECEPTION_TROP_LENTE',
      detail: 'La requête n’est pas arrivée en entier dans le délai permis : renvoyez-la.',
    };
  return { status: 400, code: 'URL_INVALIDE', detail: DETAIL };
}

function reponse(status: number, type: string, corps: string): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(corps)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${corps}`;
}

/** Fastify's `clientErrorHandler`: French refusals for malformed requests, in the route's shape. */
export function clientErrorHandler(
  this: { log: { trace(o: object, m: string): void } },
  err: NodeJS.ErrnoException & { rawPacket?: unknown },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err }, 'client error');
  const l = ligne(err.rawPacket);
  const refus = refusDe(err.code, l);
  const url = cible(l);
  const api = /^\/api(?:[/?#]|$)/.test(url);
  const corps = api
    ? JSON.stringify(problem(refus.code, refus.detail, { instance: url.slice(0, 2000) }))
    : page(ErreurPage({ titre: ERREURS[refus.code].titre, message: refus.detail, code: refus.code }));
  if (socket.writable)
    socket.write(reponse(refus.status, api ? 'application/problem+json' : 'text/html; charset=utf-8', corps));
  socket.destroy();
}
