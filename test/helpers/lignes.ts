import { sql } from 'kysely';
import type { Executor } from '../../src/db/executor.ts';
import type { DB } from '../../src/db/schema.ts';

/**
 * How many rows `table` holds; with `ou`, only those whose columns equal its values
 * (`{ formation_id: id }`). What a test reads to say « nothing stored » or « one row more ».
 */
export async function compterLignes(
  db: Executor,
  table: keyof DB & string,
  ou: Readonly<Record<string, string | number | boolean>> = {},
): Promise<number> {
  const conditions = Object.entries(ou).map(([colonne, valeur]) => sql`${sql.ref(colonne)} = ${valeur}`);
  const filtre = conditions.length > 0 ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)}${filtre}`.execute(db);
  return rows[0]!.n;
}
