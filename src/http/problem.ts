import type { FastifyReply } from 'fastify';
import { type CodeErreur, ERREURS } from '../domain/errors.catalogue.ts';

/**
 * RFC 9457 problem details, with a stable `code` of the catalogue (domain/errors.catalogue.ts)
 * and, for invalid input, every field at fault (`erreurs`: `champ`, `message`, `code`).
 */
export interface Problem {
  /** `https://offre.example/problemes/<code>`. */
  type: string;
  /** The catalogue's French title of `code`. */
  title: string;
  status: number;
  code: CodeErreur;
  /** What exactly was refused, in French (names the field, the file, the line). */
  detail: string;
  /** The path of the refused request. */
  instance?: string;
  erreurs?: { champ: string; message: string; code: string }[];
  [k: string]: unknown;
}

/** The problem details of `code`; `status` defaults to the catalogue's. */
export function problem(
  code: CodeErreur,
  detail: string,
  extra: Record<string, unknown> = {},
  status: number = ERREURS[code].status,
): Problem {
  return {
    type: `https://offre.example/problemes/${code}`,
    title: ERREURS[code].titre,
    status,
    code,
    detail,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}
