import { CompiledQuery } from 'kysely';

// Compiled statements kept per shape. Building a list page's select with Kysely and compiling it
// costs ≈ 0.3 ms of CPU per request (an object tree built, frozen, then visited), as much as a
// tenth of what the server spends on a page (docs/mesures.md « Liste sans cache : le CPU du
// serveur par requête »), for a text that only changes with the reader and the page size. The one
// value that varies from page to page (the keyset cursor) is a bind parameter: the statement is
// compiled once per shape with a marker in its place, and each page's CompiledQuery is that one
// with the marker's parameters replaced by the value.

/** Stands for the varying value while compiling: never a real value (U+0000 is refused by COPY). */
const MARQUEUR = '\u0000offre:gabarit\u0000';

interface Gabarit {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Indexes of the parameters that are the varying value. */
  readonly places: readonly number[];
}

// Per Kysely instance (its dialect and plugins compile the text); a bounded number of shapes.
const parDb = new WeakMap<object, Map<string, Gabarit>>();
const MAX_FORMES = 500;

/**
 * `construire(valeur).compile()`, from a compilation kept for `db` and `forme` (everything but
 * `valeur` that decides the statement, its text and its other parameters: the caller's key).
 * `valeur` null is its own shape (a statement without it). When `valeur` is not bound as a
 * whole parameter of the compilation (absent, or inside the text or another value), nothing is
 * kept and the statement is compiled at each call.
 */
export function compileeGardee(
  db: object,
  forme: string,
  valeur: string | null,
  construire: (valeur: string | null) => { compile(): CompiledQuery },
): CompiledQuery {
  let formes = parDb.get(db);
  if (!formes) {
    formes = new Map();
    parDb.set(db, formes);
  }
  const cle = `${valeur === null ? '0' : '1'}${forme}`;
  let g = formes.get(cle);
  if (!g) {
    const q = construire(valeur === null ? null : MARQUEUR).compile();
    const places = q.parameters.flatMap((p, i) => (p === MARQUEUR ? [i] : []));
    // Not a plain parameter somewhere (in the text, inside another value): compiled at each call.
    const ailleurs =
      q.sql.includes(MARQUEUR) || q.parameters.some((p) => p !== MARQUEUR && String(p).includes(MARQUEUR));
    if (ailleurs || (valeur !== null && places.length === 0)) return construire(valeur).compile();
    if (formes.size >= MAX_FORMES) formes.clear();
    g = { sql: q.sql, parameters: q.parameters, places };
    formes.set(cle, g);
  }
  if (valeur === null) return CompiledQuery.raw(g.sql, [...g.parameters]);
  const parameters = [...g.parameters];
  for (const i of g.places) parameters[i] = valeur;
  return CompiledQuery.raw(g.sql, parameters);
}
