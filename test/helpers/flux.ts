import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * The change feed in seq order, one line an event (`seq action name diffusee`), each formation
 * named by its external key or, without one (a demo formation), its id: what the write-path
 * equivalence tests compare between two databases.
 */
export async function fluxEnOrdre(db: Database['db']): Promise<string[]> {
  const { rows } = await sql<{ seq: string; action: string; nom: string; diffusee: boolean | null }>`
    select e.seq, e.action, e.diffusee, coalesce(f.cle_externe, f.id) as nom
    from change_event e left join formation f on f.id = e.entite_id order by e.seq`.execute(db);
  return rows.map((r) => `${r.seq} ${r.action} ${r.nom} ${r.diffusee}`);
}
