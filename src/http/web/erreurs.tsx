import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { cadreSync } from './cadre.ts';
import { ErreurPage } from './erreur.page.tsx';
import { page } from './layout.tsx';

// How the pages show a refusal: a French DSFR page (or a redirection to sign in). The decision
// (which code, which status, which message) is the one error handler's (http/errors.handler.ts),
// shared with the API's problem details; this file only renders. Never a stack trace.

const TITRES: Record<number, string> = {
  400: 'Demande invalide',
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Action impossible',
  410: 'Lien expiré',
  413: 'Envoi trop volumineux',
  414: 'Adresse trop longue',
  415: 'Demande invalide',
  429: 'Trop de tentatives',
  500: 'Erreur interne',
  503: 'Service momentanément indisponible',
};

/** Page titles of the codes that deserve their own (else the status's title). */
const TITRES_CODE: Partial<Record<CodeErreur, string>> = {
  COMPTE_EN_ATTENTE: 'Compte en attente de validation',
  CSRF_INVALIDE: 'Formulaire expiré',
};

/** The "page not found" message (unknown address, formation no longer diffused). */
export const PAGE_INTROUVABLE = {
  titre: 'Page introuvable',
  message:
    'La page que vous cherchez n’existe pas, ou plus. Elle a peut-être été déplacée ou la formation n’est plus diffusée.',
};

/** Sends the French error page of a refusal: `code` chooses the title, `message` is shown as is. */
export function sendErreurPage(
  request: FastifyRequest,
  reply: FastifyReply,
  refus: { status: number; code: CodeErreur; message: string },
) {
  const titre = TITRES_CODE[refus.code] ?? TITRES[refus.status] ?? 'Erreur';
  return reply
    .status(refus.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page(ErreurPage({ titre, message: refus.message }), cadreSync(request, reply)));
}
