import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isConflitConcurrent } from '../db/conflit.ts';
import { OffreError } from '../domain/errors.ts';
import { messageParametre } from './parametre.fr.ts';

/** RFC 9457 problem details, with a stable `code` and, for invalid input, every field at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  erreurs?: { champ: string; message: string; code: string }[];
  [k: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Introuvable',
  409: 'Conflit',
  413: 'Contenu trop volumineux',
  415: 'Type de contenu non pris en charge',
  422: 'Données refusées',
  429: 'Trop de requêtes',
  500: 'Erreur interne',
  503: 'Service momentanément indisponible',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://offre.example/problemes/${code}`,
    title: TITLES[status] ?? 'Erreur',
    status,
    code,
    detail,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}

/** A state-changing request sent with the session cookie but without a valid anti-forgery token. */
export const MESSAGE_CSRF =
  'Jeton anti-falsification (CSRF) absent ou invalide : rechargez la page et recommencez. Un script qui utilise la session envoie le jeton de la page dans l’en-tête X-CSRF-Token.';

/** The one error handler: domain errors → problem details; 5xx bodies stay generic; all logged. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const erreurs = error.validation.map((v) => {
      const issue = (v.params as { issue?: { path?: PropertyKey[]; code?: string } } | undefined)?.issue;
      const champ =
        [v.instancePath.replace(/^\//, '').replaceAll('/', '.'), issue?.path?.map(String).join('.')]
          .filter(Boolean)
          .join('.') || String(error.validationContext ?? '');
      const parametre = error.validationContext === 'querystring' || error.validationContext === 'params';
      return {
        champ,
        message: parametre
          ? messageParametre(champ, { ...v.params, code: v.keyword, message: v.message }, v.message ?? '')
          : (v.message ?? 'valeur invalide'),
        code: String(issue?.code ?? v.keyword ?? 'invalide'),
      };
    });
    return sendProblem(
      reply,
      problem(400, 'REQUETE_INVALIDE', `La requête contient ${erreurs.length} champ(s) invalide(s).`, {
        instance: request.url,
        erreurs,
      }),
    );
  }
  if (error instanceof OffreError) {
    return sendProblem(
      reply,
      problem(error.status, error.code, error.message, { instance: request.url, ...error.details }),
    );
  }
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (error.statusCode === 400 && error instanceof SyntaxError)
  ) {
    return sendProblem(
      reply,
      problem(400, 'JSON_INVALIDE', 'Le corps de la requête n’est pas un JSON valide.', {
        instance: request.url,
      }),
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendProblem(
      reply,
      problem(415, 'TYPE_NON_PRIS_EN_CHARGE', 'Type de contenu non pris en charge : envoyez du JSON.', {
        instance: request.url,
      }),
    );
  }
  if (error.statusCode === 413) {
    const limite = request.routeOptions.bodyLimit;
    return sendProblem(
      reply,
      problem(
        413,
        'TROP_VOLUMINEUX',
        `Le corps de la requête dépasse la limite de cette route (${Math.round(limite / 1024).toLocaleString('fr-FR')} Ko). Un fichier volumineux s’importe par la commande « offre import … » ou l’import asynchrone de l’espace (/espace/imports).`,
        { instance: request.url, limite_octets: limite },
      ),
    );
  }
  if (error.code === 'FST_ERR_HANDLER_TIMEOUT') {
    return sendProblem(
      reply,
      problem(
        503,
        'DELAI_DEPASSE',
        'La réponse a pris plus que le temps admis pour une lecture (OFFRE_LIMITE_DUREE_S) : réessayez, ou restreignez la demande (filtres, limit).',
        { instance: request.url },
      ),
    );
  }
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return sendProblem(reply, problem(403, 'CSRF_INVALIDE', MESSAGE_CSRF, { instance: request.url }));
  }
  if (error.statusCode === 429) {
    return sendProblem(
      reply,
      problem(429, 'TROP_DE_REQUETES', 'Trop de requêtes : réessayez dans un instant.', {
        instance: request.url,
      }),
    );
  }
  if (error.statusCode && error.statusCode < 500) {
    return sendProblem(
      reply,
      problem(error.statusCode, 'REQUETE_INVALIDE', error.message, { instance: request.url }),
    );
  }
  if (isConflitConcurrent(error)) {
    // A race lost to another request writing the same rows, past the services' own retries.
    request.log.warn({ err: error }, 'écriture concurrente');
    return sendProblem(
      reply,
      problem(
        409,
        'ECRITURE_CONCURRENTE',
        'Une autre requête a écrit les mêmes données en même temps : rien n’a été enregistré. Renvoyez la requête dans un instant.',
        { instance: request.url },
      ),
    );
  }
  request.log.error({ err: error }, 'erreur interne');
  return sendProblem(
    reply,
    problem(500, 'ERREUR_INTERNE', 'Une erreur interne est survenue. Elle a été journalisée.', {
      instance: request.url,
    }),
  );
}
