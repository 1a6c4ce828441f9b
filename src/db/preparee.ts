import { createHash } from 'node:crypto';
import { type Expression, sql } from 'kysely';

/**
 * Prepared statements (PostgreSQL server only) for the hot reads whose SQL text is one of a few
 * (the list page of the whole catalogue, the change feed, the data version): each connection
 * parses such a statement once, then binds and runs it. These reads run on the read pool
 * (database.ts `lecture`, context.ts `lectureDe`), whose sessions set `plan_cache_mode =
 * force_generic_plan`: each statement keeps one generic plan. Under the default (`auto`, the main
 * pool's), PostgreSQL planned the list page afresh at every call (a custom plan, 447 out of 447)
 * while the feed's statements went generic after 5 calls. Measured (docs/mesures.md « Lectures :
 * cache, flux, pages » and « Pool de lecture »): data version, PostgreSQL CPU per cached hit
 * 0.25 → 0.14–0.18 ms; feed, per event 28–41 → 25–31 µs; list page, per page (one page repeated,
 * 20,000 formations) 2.2–2.7 → 1.6–1.7 ms once on the read pool. The main pool keeps `auto`: the
 * plans PL/pgSQL keeps for the write triggers, and those of the filtered reads (not marked, their
 * best plan depends on their values), are left as they were. A statement is marked by a comment
 * at its start (`MARQUE`, or `select MARQUE` as Kysely's `modifyFront` writes it); the pool's
 * clients run a marked text as a named statement (`preparer`), named from its text's hash. Only
 * texts from a bounded set may be marked: every text becomes one statement kept by every connection
 * of the pool until it closes. PGlite reads the mark as the comment it is.
 * Results of these statements stay in text format: binary results (pg's `binary: true`, which
 * decodes every field as UTF-8 then copies it back) and one aggregated value per page both cost
 * Node more per page (measured, docs/mesures.md « Pool de lecture »). The statements that carry
 * stored documents (the list page's and the feed's formations) are not run this way on
 * PostgreSQL through pg's text results: they are prepared statements read in binary off the
 * socket (lecture-binaire.ts, named `offre_b_…`), their texts as raw bytes (docs/mesures.md
 * « Pages distinctes : le plan gardé, les octets lus sur la socket »).
 */
export const MARQUE = '/*offre:preparee*/';

/** Kysely `modifyFront` argument that marks a select: `select /*offre:preparee*\/ …`. */
export const preparee: Expression<unknown> = sql.raw(MARQUE);

/** Whether `text` is marked (MARQUE at its start, or after `select `). */
export const marquee = (text: string) => text.startsWith(MARQUE) || text.startsWith(`select ${MARQUE}`);

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
