import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// An answer given before the request's body is read to its end: an upload form refused on a field
// before its file (« Choisissez le type de fichier de référence »), a CSRF or key refusal, a file
// refused on its first bytes (LHEO, workbook)… The body's reader (the multipart parser, the LHEO
// stream) then stops pulling, so the server stops reading the socket: the client's send buffer
// fills and a browser, which sends the whole body before it reads the answer, waited (≈ 75 s in
// Chromium for a 2 Mo file; curl, which reads the answer at once, got it in a second).
// So before every answer, the rest of a body left unread is drained (read and dropped): the
// browser finishes sending and reads the answer at once, and the connection stays usable (kept
// alive). A body announced larger than VIDANGE_MAX_OCTETS, or of unknown length (chunked), is not
// drained past that: the answer closes the connection (Connection: close), as `fermer` does.

/**
 * Bytes of an unread body drained before an answer (the largest upload accepted — a reference
 * file, 50 Mo — and its form's margin); past that, the connection is closed after the answer.
 */
export const VIDANGE_MAX_OCTETS = 64 * 1024 * 1024;

/**
 * Makes the rest of `request`'s body read and dropped (its pipes to a parser cut) when it is not
 * read to its end yet, so that the client can finish sending and read `reply`; sets
 * `Connection: close` on `reply` when more than `max` bytes would be left (or an unknown length),
 * and stops draining past `max` (the socket is then closed after the answer). Nothing to do for a
 * request read whole, or one that is not a real socket's (light-my-request's inject).
 */
export function viderLeReste(request: FastifyRequest, reply: FastifyReply, max = VIDANGE_MAX_OCTETS): void {
  const req = request.raw;
  if (req.complete !== false || req.readableEnded || req.destroyed) return;
  const annonce = Number(req.headers['content-length']);
  if (!Number.isFinite(annonce) || annonce > max) reply.header('connection', 'close');
  let lus = 0;
  req.unpipe();
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    lus += c.length;
    if (lus > max) req.socket?.destroy();
  });
  req.resume();
}

/** The drain on every answer of `app` (hook onSend: before the answer is written). */
export function registerVidange(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    viderLeReste(request, reply);
    return payload;
  });
}
