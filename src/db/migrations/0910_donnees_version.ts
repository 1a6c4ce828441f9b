import { type Kysely, sql } from 'kysely';

// The public-data version (issue 15, issue 13 item 3): a number that moves when a transaction that
// wrote something a public reader can see commits, and only then. The caches of public reads
// (http/web/page-cache.ts, http/api/read-cache.ts) keep an answer while it is unchanged; before,
// they used the PostgreSQL snapshot, which moves on every write anywhere on the server (API quota
// sync, sign-ins, the security journal, other databases), so a cached page lived about a second.
//
// - `donnees_version (id = 1, v)`: the version, bumped by one in the writing transaction itself:
//   a reader that reads v and then the data sees data at least as new as v (never older data under
//   a newer v), in every process sharing the database.
// - Statement-level triggers `donnees_version_marquer` on every table except DISPENSEES (below):
//   the first statement of a transaction that writes one of them (insert, update, delete,
//   truncate, COPY) inserts one row in `donnees_version_marque`, and the transaction-local setting
//   `offre.donnees_marquees` makes the following statements skip at once (one setting read per
//   statement: a bulk import of thousands of rows in a few hundred statements pays nothing
//   measurable). A savepoint rolled back undoes both the row and the setting together.
// - That row carries a deferred constraint trigger, `donnees_version_incrementer`, which runs at
//   COMMIT: it bumps `v` and deletes the row. So the version's row lock is taken at the very end of
//   the transaction, after every statement, and held only while it commits.
//
// Lock order (why this cannot deadlock): taking the row lock at the first public write would (a
// transaction that locked a formation `for update`, formation.service.ts, then waits for the
// version held by a second one that waits for the same formation); and it would serialise every
// writer from its first write to its commit (a reference import would stop the back office for its
// whole length). Taken at commit, it is the LAST lock of every transaction: after `feed_counter`
// (feed.repository.ts, taken by the last statement) and after every row lock; there is no other
// deferred trigger in the schema, so a transaction holding it waits for nothing but its own commit
// and no cycle can go through it. Writers run in READ COMMITTED (no repeatable-read writer would
// fail on the concurrent update).
//
// Tables exempted: nothing there is shown to a public reader (the search page, the public and
// partner API): a write there alone must not empty the caches. A table made by a later migration
// must get the trigger in that migration, or an entry with its reason in the exemptions of
// test/db/donnees-version.test.ts, which fails until one or the other is done.
export const DISPENSEES = [
  // The version itself.
  'donnees_version',
  'donnees_version_marque',
  // Migration bookkeeping (Kysely).
  'kysely_migration',
  'kysely_migration_lock',
  // API keys, their IP restrictions and the quota counters (synced about once a second under API load).
  'api_key',
  'api_key_ip',
  'api_usage',
  // Accounts, their structures, sign-in sessions, one-time tokens, attempt limits, server secrets.
  'utilisateur',
  'structure',
  'structure_etablissement',
  'connexion',
  'jeton',
  'limite_tentative',
  'secret_serveur',
  // The security journal, the mail outbox, the users' notifications.
  'audit_securite',
  'courriel',
  'notification',
  // Import jobs and their progress, the journal of workbook imports, reference files awaiting a
  // decision, files made for partners: what they import is written to triggered tables.
  'import_tache',
  'classeur_import',
  'referentiel_depot',
  'fichier_partenaire',
  // The change feed: not served by the caches (its readers page by seq), and every event is written
  // with the formation write it records (triggered) in the same transaction.
  'change_event',
  'feed_counter',
  // The history of changes: its formation rows are written with the formation write they record
  // (triggered) in the same transaction; its other rows (API keys, accounts) are private.
  'historique',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table donnees_version (id integer primary key check (id = 1), v bigint not null);
    insert into donnees_version values (1, 1);
    -- One row per transaction that wrote public data, from its first such statement to its commit.
    create table donnees_version_marque (xact xid8 primary key);

    create function donnees_version_marquer() returns trigger language plpgsql as $$
    begin
      if current_setting('offre.donnees_marquees', true) = 'oui' then return null; end if;
      perform set_config('offre.donnees_marquees', 'oui', true);
      insert into donnees_version_marque values (pg_current_xact_id());
      return null;
    end $$;

    create function donnees_version_incrementer() returns trigger language plpgsql as $$
    begin
      update donnees_version set v = v + 1 where id = 1;
      delete from donnees_version_marque where xact = new.xact;
      return null;
    end $$;

    create constraint trigger donnees_version_incrementer after insert on donnees_version_marque
      deferrable initially deferred
      for each row execute function donnees_version_incrementer();
  `.execute(db);
  const { rows } = await sql<{ t: string }>`
    select c.relname as t from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
    order by 1`.execute(db);
  const dispensees = new Set<string>(DISPENSEES);
  for (const { t } of rows) {
    if (dispensees.has(t)) continue;
    await sql`create trigger donnees_version_marquer after insert or update or delete or truncate on ${sql.id(t)}
      for each statement execute function donnees_version_marquer()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ t: string }>`
    select c.relname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid
    where g.tgname = 'donnees_version_marquer' and c.relnamespace = current_schema()::regnamespace`.execute(
    db,
  );
  for (const { t } of rows) await sql`drop trigger donnees_version_marquer on ${sql.id(t)}`.execute(db);
  await sql`
    drop table donnees_version_marque;
    drop table donnees_version;
    drop function donnees_version_marquer();
    drop function donnees_version_incrementer();
  `.execute(db);
}
