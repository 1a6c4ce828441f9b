import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely';
import { OffreError } from '../domain/errors.ts';
import { migrations } from './migrations/index.ts';
import type { DB } from './schema.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** True when every migration is already applied (most commands start on an up-to-date base). */
async function upToDate(db: Kysely<DB>, schema: string): Promise<boolean> {
  const { rows: table } = await sql<{ t: string | null }>`
    select to_regclass(quote_ident(${schema}) || '.kysely_migration')::text as t`.execute(db);
  if (!table[0]?.t) return false;
  const { rows } = await sql<{
    name: string;
  }>`select name from ${sql.id(schema, 'kysely_migration')}`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return Object.keys(migrations).every((name) => applied.has(name));
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which: name the current one.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  if (await upToDate(db, rows[0]!.schema)) return [];
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    migrationTableSchema: rows[0]!.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new OffreError(
      'MIGRATION_ECHEC',
      `La migration « ${failed ?? '?'} » a échoué : ${String((error as Error).message ?? error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
