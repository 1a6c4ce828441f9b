import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CodeErreur } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import { nombre } from '../domain/nombres.ts';

// A multipart/form-data body its parser (@fastify/multipart over busboy) cannot read: no boundary
// in the Content-Type, a body cut off before its closing boundary, a forbidden field name… It is
// the client's body that is wrong, never the server: one refusal, MULTIPART_INVALIDE (400), for
// the API (the error handler) and for the pages' upload forms (the file field's error) alike.
// busboy's errors carry no code: they are told by their (stable) English messages. A form over
// one of the parser's limits (files, fields, parts: `LimitesFormulaire`) is refused with a code of
// its own, MULTIPART_TROP_DE_FICHIERS, _CHAMPS or _PARTIES (413), naming the limit.
//
// The parser raises a limit lazily: the error waits in its queue until the next part is asked for.
// request.file() asks for parts up to the first file and no further, so a second file, or a part
// over the limit after the file, was never seen (the form was imported with its first file). An
// upload route reads its parts with `partiesDu` (or `premierFichier`), reads its file whole (it is
// held in memory, within its size limit, before anything is done with it), then reads the rest of
// the form with `finDuFormulaire` before it stores or applies anything.

/** The limits of an upload form, given to @fastify/multipart (`limits`) and named by its refusals. */
export interface LimitesFormulaire {
  readonly files: number;
  readonly fields: number;
  readonly parts: number;
}

/** What to do, the same for every limit: the form again, with its one file. */
const RENVOYEZ = 'retirez ce qui est en trop et renvoyez le formulaire avec son fichier (champ « fichier »)';

/** The parser's limit errors (@fastify/multipart), each with its code, limit and French sentence. */
const LIMITES: Record<string, [CodeErreur, keyof LimitesFormulaire, (n?: number) => string]> = {
  FST_FILES_LIMIT: [
    'MULTIPART_TROP_DE_FICHIERS',
    'files',
    (n) =>
      n === 1
        ? 'Le formulaire envoyé contient plus d’un fichier : un seul fichier est accepté (champ « fichier »). Retirez les autres et renvoyez le formulaire.'
        : `Le formulaire envoyé contient ${n === undefined ? 'trop de fichiers' : `plus de ${nombre(n)} fichiers`} : ${RENVOYEZ}.`,
  ],
  FST_FIELDS_LIMIT: [
    'MULTIPART_TROP_DE_CHAMPS',
    'fields',
    (n) =>
      `Le formulaire envoyé contient ${n === undefined ? 'trop de champs' : `plus de ${nombre(n)} champs`} en plus du fichier : ${RENVOYEZ}.`,
  ],
  FST_PARTS_LIMIT: [
    'MULTIPART_TROP_DE_PARTIES',
    'parts',
    (n) =>
      `Le formulaire envoyé contient ${n === undefined ? 'trop de parties' : `plus de ${nombre(n)} parties`} (champs et fichiers) : ${RENVOYEZ}.`,
  ],
};

/** A Content-Type without the boundary between the parts. */
const SANS_LIMITE = 'l’en-tête Content-Type ne donne pas la limite (boundary) entre les parties';

/** What was wrong, in French, for each of the parser's errors (by code, then by message). */
const CAUSES: readonly [RegExp, string][] = [
  [
    /^FST_INVALID_MULTIPART_CONTENT_TYPE$|^Multipart: Boundary not found$|^Boundary required$|^Missing Content-Type-header\.$|^Unsupported Content-Type\.$/,
    SANS_LIMITE,
  ],
  [
    /^The needle cannot (be an empty|have a length bigger)/,
    'la limite (boundary) de l’en-tête Content-Type est vide ou trop longue',
  ],
  [
    /^FST_MP_PREMATURE_CLOSE$|^Unexpected end of multipart data$|terminated early due to unexpected end of multipart data$/,
    'le corps s’arrête avant la limite (boundary) de fin : envoi interrompu ou limite absente du corps',
  ],
  [/^FST_PROTO_VIOLATION$/, 'un nom de champ est interdit'],
  [/^FST_INVALID_JSON_FIELD_ERROR$/, 'un champ déclaré JSON n’est pas du JSON valide'],
];

/**
 * Does this Content-Type give the boundary between the parts (a `boundary` parameter, not empty)?
 * Without one (`multipart/form-data` alone, as a script that sets the header by hand sends it), no
 * byte of the body can be read: not its file, nor the CSRF token in its first field.
 */
export const aUneLimite = (type: string | undefined): boolean =>
  /;\s*boundary\s*=\s*(?:"[^"]+"|[^\s;"]+)/i.test(type ?? '');

/** MULTIPART_INVALIDE (400), saying what was wrong (`cause`). */
const illisible = (cause: string) =>
  new OffreError(
    'MULTIPART_INVALIDE',
    `Le fichier envoyé est incomplet ou mal formé (formulaire multipart illisible : ${cause}) : renvoyez-le.`,
    {},
    400,
  );

/** The refusal of a form whose Content-Type gives no boundary (`aUneLimite`): MULTIPART_INVALIDE. */
export const refusSansLimite = (): OffreError => illisible(SANS_LIMITE);

/**
 * The refusal of an error of the multipart parser: MULTIPART_INVALIDE for a body it cannot read,
 * MULTIPART_TROP_DE_* for one over a limit of `limites` (named when given); undefined for any
 * other error (a refusal of ours, the file's size — FST_REQ_FILE_TOO_LARGE is the route's —, a failure).
 */
export function refusMultipart(e: unknown, limites?: LimitesFormulaire): OffreError | undefined {
  if (!(e instanceof Error) || e instanceof OffreError) return undefined;
  const code = (e as { code?: unknown }).code;
  const limite = typeof code === 'string' ? LIMITES[code] : undefined;
  if (limite) {
    const [codeOffre, cle, phrase] = limite;
    const n = limites?.[cle];
    return new OffreError(codeOffre, phrase(n), n === undefined ? {} : { limite: n }, 413);
  }
  const cle = typeof code === 'string' && code.startsWith('FST_') ? code : e.message;
  const cause = CAUSES.find(([motif]) => motif.test(cle))?.[1];
  return cause === undefined ? undefined : illisible(cause);
}

/** The parts of the upload form each request is reading (`partiesDu`), for `finDuFormulaire`. */
const formulaires = new WeakMap<FastifyRequest, AsyncIterator<Multipart>>();

/** The options of @fastify/multipart's request.parts(), and its `throwFileSizeLimit` (read at run time). */
export type OptionsParties = Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit?: boolean };

/**
 * The parts of `request`'s multipart form, as request.parts(options) gives them, kept so that
 * `finDuFormulaire` reads the ones left once the route has its file.
 */
export function partiesDu(request: FastifyRequest, options?: OptionsParties): AsyncIterator<Multipart> {
  const parties = request.parts(options)[Symbol.asyncIterator]();
  formulaires.set(request, parties);
  return parties;
}

/**
 * The form's first file part (the fields before it skipped), as request.file() — the parts read
 * by `partiesDu`, the parser's errors refused by `refusMultipart` (`limites` named). Undefined:
 * no file in the form.
 */
export async function premierFichier(
  request: FastifyRequest,
  options: OptionsParties,
  limites: LimitesFormulaire,
): Promise<MultipartFile | undefined> {
  const parties = partiesDu(request, options);
  try {
    for (let p = await parties.next(); !p.done; p = await parties.next())
      if (p.value.type === 'file') return p.value;
    return undefined;
  } catch (e) {
    throw refusMultipart(e, limites) ?? e;
  }
}

/**
 * The rest of the form, once its file is read whole: its parts read to the end of the body, its
 * fields ignored. A second file is refused (413 MULTIPART_TROP_DE_FICHIERS), as is a form over
 * the parser's other limits (MULTIPART_TROP_DE_CHAMPS, _PARTIES) or cut off (MULTIPART_INVALIDE):
 * the parser raises them only when the part after the file is asked for. Called before the route
 * stores or applies anything. A request whose parts were not read by `partiesDu`: nothing to read.
 */
export async function finDuFormulaire(request: FastifyRequest, limites: LimitesFormulaire): Promise<void> {
  const parties = formulaires.get(request);
  if (!parties) return;
  formulaires.delete(request);
  let p: IteratorResult<Multipart>;
  try {
    p = await parties.next();
    // Only without a `files` limit given to the parser (which otherwise skips a second file itself).
    while (!p.done && p.value.type !== 'file') p = await parties.next();
  } catch (e) {
    throw refusMultipart(e, limites) ?? e;
  }
  if (p.done) return;
  if (p.value.type === 'file') p.value.file.resume();
  const [code, cle, phrase] = LIMITES.FST_FILES_LIMIT!;
  throw new OffreError(code, phrase(limites[cle]), { limite: limites[cle] }, 413);
}

/**
 * Room left, in a form's declared length, for its other parts (the CSRF token, a field or two,
 * the boundaries and part headers) beside its file.
 */
export const MARGE_FORMULAIRE = 1024 * 1024;

/**
 * Does `request` announce (Content-Length) a body that cannot hold a file of at most `max` bytes
 * (plus MARGE_FORMULAIRE for the rest of a multipart form)? An upload route refuses it at once,
 * before the body is read (a 57 Mo file was refused only once received, minutes later on a slow
 * link), with `fermer` on its answer. A body without Content-Length (chunked) is still counted as
 * it is read (the parser's `fileSize` limit).
 */
export function annonceTropGrande(request: FastifyRequest, max: number, marge = MARGE_FORMULAIRE): boolean {
  const annonce = Number(request.headers['content-length']);
  return Number.isFinite(annonce) && annonce > max + marge;
}

/**
 * An answer sent before the body is read: the connection is closed after it, so that the client
 * stops sending (and the server reading) a body nobody will read.
 */
export function fermer(reply: FastifyReply): void {
  reply.header('connection', 'close');
}
