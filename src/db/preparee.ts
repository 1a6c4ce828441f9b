import { createHash } from 'node:crypto';
import { type Expression, sql } from 'kysely';

/**
 * Prepared statements (PostgreSQL server only) for the hot reads whose SQL text is one of a few
 * (the list page of the whole catalogue, the change feed, the data version): each connection
 * parses such a statement once, then binds and runs it. Measured (docs/mesures.md « Lectures :
 * cache, flux, pages »): the data version and the feed's pages gain (PostgreSQL CPU per cached hit
 * 0.25 → 0.14–0.18 ms, per feed event 28–41 → 25–31 µs); the list page does not yet, because under
 * the default `plan_cache_mode = auto` PostgreSQL still plans it afresh at every call (a forced
 * generic plan would take its ≈ 5–7 ms of backend CPU to ≈ 1.7–3.2 ms: a session setting, not
 * made). A statement is marked by a comment
 * at its start (`MARQUE`, or `select MARQUE` as Kysely's `modifyFront` writes it); the pool's
 * clients run a marked text as a named statement (`preparer`), named from its text's hash. Only
 * texts from a bounded set may be marked: every text becomes one statement kept by every connection
 * of the pool until it closes. PGlite reads the mark as the comment it is.
 */
export const MARQUE = '/*offre:preparee*/';

/** Kysely `modifyFront` argument that marks a select: `select /*offre:preparee*\/ …`. */
export const preparee: Expression<unknown> = sql.raw(MARQUE);

const marquee = (text: string) => text.startsWith(MARQUE) || text.startsWith(`select ${MARQUE}`);

/** Statement name by marked text (texts from a bounded set: see above). */
const noms = new Map<string, string>();

interface ClientPg {
  query: (...args: unknown[]) => unknown;
}

/**
 * Makes `client` (a pg client of the pool, on connect) run marked texts as named statements:
 * `query(text, values)` becomes `query({ name, text, values })`; any other call is left as it is.
 */
export function preparer(client: ClientPg): void {
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2 || !marquee(text)) return query(...args);
    let name = noms.get(text);
    if (!name) {
      name = `offre_${createHash('sha1').update(text).digest('base64url')}`;
      noms.set(text, name);
    }
    return query({ name, text, values });
  };
}
