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
      `Le formulaire envoyé contient ${n === undefined ? 'trop de fichiers' : n === 1 ? 'plus d’un fichier' : `plus de ${nombre(n)} fichiers`} : ${RENVOYEZ}.`,
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

/** What was wrong, in French, for each of the parser's errors (by code, then by message). */
const CAUSES: readonly [RegExp, string][] = [
  [
    /^FST_INVALID_MULTIPART_CONTENT_TYPE$|^Multipart: Boundary not found$|^Boundary required$|^Missing Content-Type-header\.$|^Unsupported Content-Type\.$/,
    'l’en-tête Content-Type ne donne pas la limite (boundary) entre les parties',
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
  if (!cause) return undefined;
  return new OffreError(
    'MULTIPART_INVALIDE',
    `Le fichier envoyé est incomplet ou mal formé (formulaire multipart illisible : ${cause}) : renvoyez-le.`,
    {},
    400,
  );
}
