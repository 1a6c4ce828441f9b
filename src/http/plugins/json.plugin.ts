import type { FastifyInstance } from 'fastify';
import { OffreError } from '../../domain/errors.ts';

/** Depth of the deepest array or object of `v` (a scalar is 0), without recursion; stops past `max`. */
export function profondeurJson(v: unknown, max: number): number {
  let plus = 0;
  const pile: [unknown, number][] = [[v, 1]];
  while (pile.length > 0) {
    const [x, d] = pile.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > plus) plus = d;
    if (plus > max) return plus;
    for (const enfant of Array.isArray(x) ? x : Object.values(x)) pile.push([enfant, d + 1]);
  }
  return plus;
}

/**
 * The refusal of a body that is valid JSON but holds a key the parser refuses (prototype poisoning:
 * `__proto__`, or `constructor` holding a `prototype`), naming the key and where it is; null when
 * the body is not JSON at all (then it is JSON_INVALIDE).
 */
export function cleInterdite(body: string): OffreError | null {
  let valeur: unknown;
  try {
    valeur = JSON.parse(body);
  } catch {
    return null;
  }
  const pile: [unknown, string][] = [[valeur, '']];
  while (pile.length > 0) {
    const [v, chemin] = pile.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const [cle, enfant] of Object.entries(v)) {
      const ici = chemin ? `${chemin}.${cle}` : cle;
      const interdite =
        cle === '__proto__' ||
        (cle === 'constructor' &&
          enfant !== null &&
          typeof enfant === 'object' &&
          Object.hasOwn(enfant, 'prototype'));
      if (interdite)
        return new OffreError(
          'CLE_JSON_INTERDITE',
          `La clé « ${cle} »${chemin ? ` (dans « ${chemin} »)` : ''} n’est pas acceptée dans un corps JSON (elle pourrait altérer les objets du serveur) : retirez-la.`,
          { champ: ici, cle },
          400,
        );
      pile.push([enfant, ici]);
    }
  }
  return null;
}

/**
 * Fastify's own JSON parser (prototype-poisoning checks kept), then a bound on nesting: code that
 * walks a body (validation, diffs, history) must never meet a 100,000-level document. An empty
 * body (many clients send `Content-Type: application/json` on every POST) is no body: a route
 * without a body schema accepts it, one with a schema refuses it as a missing body (REQUETE_INVALIDE).
 */
export function registerJsonBorne(app: FastifyInstance, max: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    parse(request, body as string, (err: Error | null, valeur?: unknown) => {
      if (err) return done(cleInterdite(body as string) ?? err);
      if (profondeurJson(valeur, max) > max)
        return done(
          new OffreError(
            'JSON_TROP_PROFOND',
            `Le corps JSON est imbriqué sur plus de ${max} niveaux (limite OFFRE_LIMITE_PROFONDEUR_JSON) : aplatissez-le.`,
            { limite: max },
            400,
          ),
        );
      done(null, valeur);
    });
  });
}
