import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/** Advisory lock key between migrating a private schema and dropping one (any fixed bigint). */
const SCHEMA_LOCK = 7_406_001;

/**
 * A new migrated schema of its own on the PostgreSQL server of `url` (named `schema`, created
 * here), dropped on close: the bench's (bench/measure.ts); test files get a database copied from a
 * migrated template instead (test/helpers/pg-template.ts). Throws what PostgreSQL throws (the
 * schema is dropped again if migrating fails).
 */
export async function openPrivateSchema(url: string, schema: string, poolSize = 10): Promise<Database> {
  const admin = await openDatabase({ url, poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const database = await openDatabase({ url, schema, poolSize });
  const drop = async () => {
    await database.close();
    await sql`select pg_advisory_lock(${SCHEMA_LOCK})`.execute(admin.db);
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await sql`select pg_advisory_unlock(${SCHEMA_LOCK})`.execute(admin.db);
    await admin.close();
  };
  // Kysely's migrator lists the tables of every schema (pg_get_serial_sequence on each): a
  // schema another file drops meanwhile makes it fail with "schema … does not exist". Schemas
  // migrate together under a shared lock; a drop waits for the exclusive one.
  await sql`select pg_advisory_lock_shared(${SCHEMA_LOCK})`.execute(admin.db);
  try {
    await migrate(database.db);
  } catch (e) {
    await sql`select pg_advisory_unlock_shared(${SCHEMA_LOCK})`.execute(admin.db);
    await drop();
    throw e;
  }
  await sql`select pg_advisory_unlock_shared(${SCHEMA_LOCK})`.execute(admin.db);
  return { ...database, close: drop };
}
