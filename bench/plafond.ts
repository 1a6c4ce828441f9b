import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The machine's ceiling for a read, measured in the same run: a bare `node:http` server that
// answers each path with the very bytes and headers Offre answered (recorded once), loaded by the
// same client. What Offre does per request (routing, access, quotas, cache, database) is absent
// from it; what neither can avoid (the socket, the loopback, the client's own work on the same
// 2 cores) is in both. A target above the ceiling is out of this machine's reach whatever the
// server does; Offre's figure over the ceiling is the share of the machine it leaves unused.

/** One recorded answer: status, the headers that describe the body, the body as sent (bytes). */
export interface Reponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const GARDES = ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary'];

/** Key of a recorded answer: the path and the Accept-Encoding asked (absent: identity). */
const cle = (path: string, encodage: string | undefined) => `${encodage ?? 'identity'} ${path}`;

/**
 * The raw answer of `base + path` (no decompression: the bytes as they travel), with the
 * Accept-Encoding `encodage`. Rejects on a network error.
 */
export function capturer(base: string, path: string, encodage = 'identity'): Promise<Reponse> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers: { 'accept-encoding': encodage } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: garder(res.headers), body: Buffer.concat(parts) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

function garder(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of GARDES) if (typeof h[k] === 'string') out[k] = h[k] as string;
  return out;
}

/** The recorded answers, by path and Accept-Encoding, for serveurNu. */
export class Enregistrement {
  readonly #reponses = new Map<string, Reponse>();

  ajouter(path: string, encodage: string, r: Reponse): void {
    this.#reponses.set(cle(path, encodage), r);
  }

  trouver(path: string, encodage: string | undefined): Reponse | undefined {
    return this.#reponses.get(cle(path, encodage));
  }
}

/**
 * A bare `node:http` server on 127.0.0.1 (a free port) that answers each recorded path and
 * Accept-Encoding with its recorded bytes, anything else with 404. Returns its base URL and
 * a close function.
 */
export async function serveurNu(enr: Enregistrement): Promise<{ base: string; fermer: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const accept = req.headers['accept-encoding'];
    const r = enr.trouver(req.url ?? '/', typeof accept === 'string' ? accept : undefined);
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(r.status, { ...r.headers, 'content-length': r.body.length });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    fermer: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
