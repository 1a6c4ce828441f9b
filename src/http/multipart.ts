import { OffreError } from '../domain/errors.ts';

// A multipart/form-data body its parser (@fastify/multipart over busboy) cannot read: no boundary
// in the Content-Type, a body cut off before its closing boundary, a forbidden field name… It is
// the client's body that is wrong, never the server: one refusal, MULTIPART_INVALIDE (400), for
// the API (the error handler) and for the pages' upload forms (the file field's error) alike.
// busboy's errors carry no code: they are told by their (stable) English messages.

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
 * The MULTIPART_INVALIDE refusal for an error of the multipart parser; undefined for any other
 * error (a refusal of ours, a size limit — FST_REQ_FILE_TOO_LARGE has its own —, a failure).
 */
export function multipartInvalide(e: unknown): OffreError | undefined {
  if (!(e instanceof Error) || e instanceof OffreError) return undefined;
  const code = (e as { code?: unknown }).code;
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
