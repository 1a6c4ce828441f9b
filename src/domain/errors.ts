/** A refusal meant for a person: stable code, French message, optional details (field, file, line). */
export class OffreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly status = 400,
  ) {
    super(message);
    this.name = 'OffreError';
  }
}

export const notFound = (what: string) => new OffreError('INTROUVABLE', `${what} introuvable.`, {}, 404);
export const forbidden = (message = 'Accès refusé.') => new OffreError('ACCES_REFUSE', message, {}, 403);
export const unauthenticated = () =>
  new OffreError(
    'NON_AUTHENTIFIE',
    'Authentification requise (session ou clé d’API « Authorization: Bearer … »).',
    {},
    401,
  );
