import { type CodeErreur, type EntreeErreur, ERREURS } from './errors.catalogue.ts';

export type { CodeErreur } from './errors.catalogue.ts';

/**
 * A refusal meant for a person: a stable code of the catalogue (domain/errors.catalogue.ts), a
 * French message, optional details (field, file, line). The HTTP status is the catalogue's unless
 * given (a few codes answer another status in one place: test/api/erreurs.test.ts lists them).
 */
export class OffreError extends Error {
  readonly status: number;
  constructor(
    readonly code: CodeErreur,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    status?: number,
  ) {
    super(message);
    this.name = 'OffreError';
    // A code that crossed a worker or a database as text may be unknown at run time: 400 then.
    this.status = status ?? (ERREURS as Record<string, EntreeErreur | undefined>)[code]?.status ?? 400;
  }
}

export const notFound = (what: string) => new OffreError('INTROUVABLE', `${what} introuvable.`, {}, 404);
/**
 * A session address of a formation the actor reaches, naming no session of it (a wrong or removed
 * one): the message does not echo the reference; the error page links back to the formation.
 */
export const sessionIntrouvable = () =>
  new OffreError('SESSION_INTROUVABLE', 'Cette session n’existe pas ou a été supprimée.', {}, 404);
/**
 * A formation address naming no formation the actor may see (unknown, deleted or out of reach):
 * the message does not echo the id; the gestion pages link back to the validation queue.
 */
export const formationIntrouvable = () =>
  new OffreError('INTROUVABLE', 'Cette formation n’existe pas ou a été supprimée.', {}, 404);
export const forbidden = (message = 'Accès refusé.') => new OffreError('ACCES_REFUSE', message, {}, 403);
export const unauthenticated = () =>
  new OffreError(
    'NON_AUTHENTIFIE',
    'Authentification requise (session ou clé d’API « Authorization: Bearer … »).',
    {},
    401,
  );
