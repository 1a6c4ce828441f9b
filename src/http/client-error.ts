import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERREURS } from '../domain/errors.catalogue.ts';
import { problem } from './problem.ts';
import { ErreurPage } from './web/erreur.page.tsx';
import { page } from './web/layout.tsx';

// Requests Node's HTTP parser refuses before Fastify sees them (no route, no hook, no request):
// raw non-ASCII bytes in the address (`?q=l'haÿ` sent unencoded by a script), a header line the
// parser cannot read (a value holding a line break or a control character, a folded line), an
// address or headers over Node's 16 KB, a request that does not arrive in time. Answered in the route's shape
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

/** The parser's errors on a header line (its `reason` says « header »: not the request line's). */
const ERREURS_ENTETE = new Set(['HPE_CR_EXPECTED', 'HPE_LF_EXPECTED', 'HPE_INVALID_HEADER_TOKEN']);

/** A control character (tab aside), which no header value may hold (RFC 9110 § 5.5). */
const controle = (c: string) => {
  const n = c.charCodeAt(0);
  return (n < 0x20 && n !== 0x09) || n === 0x7f;
};

/**
 * The name of the header whose line the parser refused, from the refused bytes: the line holding
 * a bare CR or LF or a control character, or the one a folded line (starting with a space) would
 * continue; '' when none is found.
 */
function enteteFautive(brut: unknown): string {
  if (!Buffer.isBuffer(brut)) return '';
  let precedent = '';
  for (const l of brut.toString('latin1').split('\r\n').slice(1)) {
    if (l === '') break;
    if (/^[ \t]/.test(l)) return precedent;
    const nom = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}):/.exec(l)?.[1] ?? '';
    if (!nom || [...l].some(controle)) return nom;
    precedent = nom;
  }
  return '';
}

/** The refusal of a header line the parser cannot read, naming the header when it is known. */
const enteteInvalide = (nom: string): Refus => ({
  status: 400,
  code: 'ENTETE_INVALIDE',
  detail: `${nom ? `L’en-tête ${nom} de la requête est mal formé` : 'Un en-tête de la requête est mal formé'} : sa valeur contient un retour à la ligne ou un caractère de contrôle, ou se poursuit sur la ligne suivante, ce qu’aucun en-tête ne permet. Une valeur d’en-tête tient sur une seule ligne ; plusieurs valeurs s’y séparent par des virgules (par exemple If-Match: "v11", "v12").`,
  ...(nom ? { entete: nom } : {}),
});

interface Refus {
  readonly status: number;
  readonly code:
    | 'URL_INVALIDE'
    | 'ENTETE_INVALIDE'
    | 'URL_TROP_LONGUE'
    | 'ENTETES_TROP_VOLUMINEUX'
    | 'RECEPTION_TROP_LENTE';
  readonly detail: string;
  /** The header refused (ENTETE_INVALIDE), in the problem's details. */
  readonly entete?: string;
}

/** What the parser's error means for the sender (status, catalogue code, French). */
function refusDe(
  { code, reason, rawPacket }: { code?: string; reason?: string; rawPacket?: unknown },
  l: string,
): Refus {
  if (code && ERREURS_ENTETE.has(code) && /header/i.test(reason ?? ''))
    return enteteInvalide(enteteFautive(rawPacket));
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
  err: NodeJS.ErrnoException & { rawPacket?: unknown; reason?: string },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err }, 'client error');
  const l = ligne(err.rawPacket);
  const refus = refusDe(err, l);
  const url = cible(l);
  const api = /^\/api(?:[/?#]|$)/.test(url);
  const corps = api
    ? JSON.stringify(
        problem(refus.code, refus.detail, {
          instance: url.slice(0, 2000),
          ...(refus.entete ? { entete: refus.entete } : {}),
        }),
      )
    : page(ErreurPage({ titre: ERREURS[refus.code].titre, message: refus.detail, code: refus.code }));
  if (socket.writable)
    socket.write(reponse(refus.status, api ? 'application/problem+json' : 'text/html; charset=utf-8', corps));
  socket.destroy();
}
