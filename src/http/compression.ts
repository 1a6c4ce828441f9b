import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * HTTP compression (RFC 9110 § 8.4) of the API's answers and of the pages and their static assets,
 * for the clients that send `Accept-Encoding: br` or `gzip`: a page of 100 formations, ≈ 300 KB of
 * JSON, travels as ≈ 35–50 KB; a formation page of 72 KB as ≈ 5 KB; dsfr.min.css (717 KB) as 61 KB.
 * Without `Accept-Encoding` (or `identity`), the answer is sent as it is. One place for the
 * encodings and levels; registered in two scopes (the API, the pages: registerCompression).
 *
 * - Answers computed for one request (@fastify/compress): the fastest levels (brotli 1, gzip 1),
 *   since the compression is paid on every request: ≈ 1 ms of CPU per 300 KB for brotli, a little
 *   more for gzip, against the cost of writing 6 to 8 times the bytes to the socket.
 * - Answers kept by the read cache (read-cache.ts): compressed once per encoding, at the levels
 *   that give smaller bodies (brotli 4, gzip 6), then sent as they are stored (`compresser`); so
 *   are the anonymous search page's (web/page-cache.ts).
 * - Static assets (CSS, JS, SVG of the DSFR, our scripts): compressed once, at the highest levels
 *   (brotli 11, gzip 9: ≈ 1 s of CPU for dsfr.min.css), into files sent as they are
 *   (web/statiques.ts, `compresserAuMieux`).
 *
 * Request bodies are never decompressed (a compressed upload is read as sent): the limits on
 * bodies (OFFRE_LIMITE_JSON_KO, uploads) keep applying to the bytes received.
 */
export const ENCODAGES = ['br', 'gzip'] as const;
export type Encodage = (typeof ENCODAGES)[number];

const BROTLI = (qualite: number, taille?: number) => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: qualite,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    ...(taille ? { [constants.BROTLI_PARAM_SIZE_HINT]: taille } : {}),
  },
});

/** `body` compressed in `encodage`, at the stored levels (brotli 4, gzip 6): for answers kept. */
export function compresser(body: Buffer, encodage: Encodage): Buffer {
  return encodage === 'br' ? brotliCompressSync(body, BROTLI(4, body.length)) : gzipSync(body, { level: 6 });
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * `body` compressed in `encodage` at the highest levels (brotli 11, gzip 9), on libuv's thread
 * pool: for files compressed once and kept (web/statiques.ts). Rejects as zlib does.
 */
export function compresserAuMieux(body: Buffer, encodage: Encodage): Promise<Buffer> {
  return encodage === 'br' ? brotliAsync(body, BROTLI(11, body.length)) : gzipAsync(body, { level: 9 });
}

/**
 * The encoding the answer to `request` is sent in (null: none), negotiated as @fastify/compress
 * does (its own negotiator, `*` and `x-gzip` read as gzip, brotli first on equal weights).
 */
export function encodageVoulu(request: FastifyRequest): Encodage | null {
  const header = request.headers['accept-encoding'];
  if (!header) return null;
  const e = negotiate(header.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), [...ENCODAGES]);
  return e === 'br' || e === 'gzip' ? e : null;
}

/**
 * Registers the compression of every route of `app` registered afterwards, in `app`'s scope (the
 * API; the pages and static assets). Answers that already have a Content-Encoding (a kept
 * variant, a compressed copy of a static asset) are left as they are; so are partial answers
 * (206), bodies under 1 KB and types already compressed (woff2, png, zip, xlsx).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Request bodies: never decompressed (see above). This hook runs before the plugin's own.
  app.addHook('onRoute', (route) => {
    route.decompress ??= false;
  });
  await app.register(compress, {
    encodings: [...ENCODAGES],
    brotliOptions: BROTLI(1),
    zlibOptions: { level: 1 },
    // Compressed in one call up to this size (a page of 1,000 feed events: ≈ 3 MB, ≈ 10 ms): the
    // plugin's default on 2 cores (8 KB) sends bigger answers through a zlib stream on the thread
    // pool, which cost twice the CPU for a 300 KB page (docs/mesures.md « Lectures de l’API »).
    syncThreshold: 8 * 1024 * 1024,
  });
}
