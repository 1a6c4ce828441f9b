import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OffreError } from '../../domain/errors.ts';
import { cadreSync } from './cadre.ts';
import { ErreurPage } from './erreur.page.tsx';
import { COMPTE_EN_ATTENTE, MOT_DE_PASSE_A_CHANGER, NON_CONNECTE } from './guard.ts';
import { page } from './layout.tsx';

// The pages' error handler (the API keeps problem details): an HTML page in French for every
// refusal, a redirection to sign in when nobody is signed in. Never a stack trace.

const TITRES: Record<number, string> = {
  400: 'Demande invalide',
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Action impossible',
  410: 'Lien expiré',
  413: 'Envoi trop volumineux',
  414: 'Adresse trop longue',
  429: 'Trop de tentatives',
};

const html = (request: FastifyRequest, reply: FastifyReply, status: number, titre: string, message: string) =>
  reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page(ErreurPage({ titre, message }), cadreSync(request, reply)));

const ici = (request: FastifyRequest) =>
  new URLSearchParams({ retour: request.method === 'GET' ? request.url : '/' });

export function pageErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof OffreError) {
    if (error.code === NON_CONNECTE) return reply.redirect(`/connexion?${ici(request)}`, 303);
    if (error.code === MOT_DE_PASSE_A_CHANGER)
      return reply.redirect(`/compte/mot-de-passe?${ici(request)}`, 303);
    if (error.code === COMPTE_EN_ATTENTE)
      return html(request, reply, 403, 'Compte en attente de validation', error.message);
    return html(request, reply, error.status, TITRES[error.status] ?? 'Erreur', error.message);
  }
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET')
    return html(
      request,
      reply,
      403,
      'Formulaire expiré',
      'Ce formulaire a expiré ou ne vient pas de ce site (protection contre la falsification de requêtes). Revenez à la page précédente, rechargez-la et recommencez.',
    );
  const status = error.statusCode ?? 500;
  if (status < 500)
    return html(
      request,
      reply,
      status,
      TITRES[status] ?? 'Demande invalide',
      status === 413
        ? 'Le contenu envoyé est trop volumineux.'
        : 'La demande n’a pas pu être traitée : vérifiez ce que vous avez saisi.',
    );
  request.log.error({ err: error }, 'erreur interne');
  return html(
    request,
    reply,
    500,
    'Erreur interne',
    'Une erreur interne est survenue. Elle a été journalisée ; réessayez plus tard.',
  );
}
