import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { DISPENSEES } from '../../src/db/migrations/0910_donnees_version.ts';
import { dataVersion } from '../../src/db/snapshot.repository.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';

// The public-data version (migration 0910): every table either moves it (statement trigger) or is
// exempted with a reason; a transaction moves it once, at commit; a rollback does not.

/**
 * Tables made after 0910 that no public reader sees, with the reason: a new table goes here (or
 * gets the trigger in its migration), or the first test fails.
 */
const DISPENSEES_APRES_0910: readonly string[] = [
  // 1040: the new-formation form's one-time tokens (token → formation created); the formation
  // itself is written in the same transaction, which moves the version.
  'formulaire_envoi',
  // 1110: the words of the certifications' titles, for the espace's certification picker only (no
  // public reader); written by the triggers of certification, whose own write moves the version.
  'certification_mot',
  // 1290: the change feed's numbers lost at a restore, read by the feed only (not cached), written
  // by the restore command alone.
  'flux_rupture',
];

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ poolSize: 4 });
});
afterAll(() => database?.close());

const version = async () => BigInt((await dataVersion(database.db)).split('.')[0]!);
const nouvelleCampagne = (annee: number) =>
  sql`insert into campagne (annee, libelle, fenetre_debut, fenetre_fin)
      values (${annee}, 'x', ${`${annee}-08-01`}, ${`${annee + 1}-07-31`})`;

describe('public-data version', () => {
  it('is moved by every table of the schema but the exempted ones, on insert, update, delete and truncate', async () => {
    const { rows } = await sql<{ t: string; types: number[] }>`
      select c.relname as t,
        coalesce(array_agg(g.tgtype::int) filter (where g.tgname = 'donnees_version_marquer'), '{}') as types
      from pg_class c left join pg_trigger g on g.tgrelid = c.oid
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      group by c.relname order by 1`.execute(database.db);
    const dispensees = new Set([...DISPENSEES, ...DISPENSEES_APRES_0910]);
    const sansDecision = rows.filter((r) => r.types.length === 0 && !dispensees.has(r.t)).map((r) => r.t);
    expect(sansDecision, 'table ni déclenchée ni dispensée').toEqual([]);
    // Statement level (no bit 0), after (no bit 1), insert 4, delete 8, update 16, truncate 32.
    for (const r of rows.filter((x) => x.types.length > 0)) {
      expect(dispensees.has(r.t), `${r.t} est dispensée mais déclenchée`).toBe(false);
      expect(r.types, r.t).toEqual([4 | 8 | 16 | 32]);
    }
    // No exemption of a table that does not exist (a typo exempts nothing and hides nothing).
    const tables = new Set(rows.map((r) => r.t));
    expect([...dispensees].filter((t) => !tables.has(t))).toEqual([]);
    expect(rows.filter((r) => r.types.length > 0).length).toBeGreaterThan(25);
  });

  it('moves once per committed transaction, however many public statements it has', async () => {
    const avant = await version();
    await database.db.transaction().execute(async (trx) => {
      await nouvelleCampagne(2101).execute(trx);
      await sql`update campagne set libelle = 'y' where annee = 2101`.execute(trx);
      await sql`delete from campagne where annee = 2101`.execute(trx);
    });
    expect(await version()).toBe(avant + 1n);
    await nouvelleCampagne(2102).execute(database.db);
    expect(await version()).toBe(avant + 2n);
    // A statement that changes no row still counts (the trigger is per statement): never stale.
    await sql`truncate formation_document_a_refaire`.execute(database.db);
    expect(await version()).toBe(avant + 3n);
    // The marks are gone at commit.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from donnees_version_marque`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('does not move on a rollback, nor for a savepoint rolled back, and does for one released', async () => {
    const avant = await version();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await nouvelleCampagne(2103).execute(trx);
        throw new Error('annulée');
      }),
    ).rejects.toThrow('annulée');
    expect(await version()).toBe(avant);
    await database.db.transaction().execute(async (trx) => {
      await sql`savepoint a`.execute(trx);
      await nouvelleCampagne(2104).execute(trx);
      await sql`rollback to savepoint a`.execute(trx);
    });
    expect(await version()).toBe(avant);
    // The mark undone with its savepoint: the transaction's next public write marks it again.
    await database.db.transaction().execute(async (trx) => {
      await sql`savepoint a`.execute(trx);
      await nouvelleCampagne(2105).execute(trx);
      await sql`rollback to savepoint a`.execute(trx);
      await sql`savepoint b`.execute(trx);
      await nouvelleCampagne(2106).execute(trx);
      await sql`release savepoint b`.execute(trx);
    });
    expect(await version()).toBe(avant + 1n);
  });

  it('does not move for writes no public reader sees (quotas, sign-ins, security journal, API keys)', async () => {
    const avant = await version();
    await sql`insert into limite_tentative (cle, nombre, fin) values ('v:test', 1, now() + interval '1 minute')
      on conflict (cle) do update set nombre = limite_tentative.nombre + 1`.execute(database.db);
    await sql`insert into audit_securite (at, evenement, acteur, ip, cible, details)
      values (now(), 'connexion', 'x', null, null, '{}')`.execute(database.db);
    await sql`update feed_counter set seq = seq where id = 1`.execute(database.db);
    expect(await version()).toBe(avant);
  });

  it('never gives a version again, even when a restored dump brings an older counter back', async () => {
    const avant = await dataVersion(database.db);
    // As `pg_restore --clean` under running servers would: the counter of an older dump.
    await sql`update donnees_version set v = v - 3 where id = 1`.execute(database.db);
    for (const annee of [2120, 2121, 2122]) await nouvelleCampagne(annee).execute(database.db);
    const apres = await dataVersion(database.db);
    expect(apres.split('.')[0]).toBe(avant.split('.')[0]);
    expect(apres).not.toBe(avant);
  });

  // PGlite runs one transaction at a time: lock order only matters on PostgreSQL.
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'takes its lock at commit: two writers locking the same rows in opposite order do not deadlock through it',
    async () => {
      await nouvelleCampagne(2110).execute(database.db);
      await nouvelleCampagne(2111).execute(database.db);
      const avant = await version();
      let suite!: () => void;
      const premiereEcrite = new Promise<void>((r) => {
        suite = r;
      });
      let fin!: () => void;
      const finir = new Promise<void>((r) => {
        fin = r;
      });
      // T1 writes row A and waits; T2 writes row B, then A (waits for T1); T1 commits, T2 goes on.
      // Had the version's lock been taken at the first public write, T1 would wait for T2's lock
      // on the version while T2 waits for T1's on A: a deadlock.
      const t1 = database.db.transaction().execute(async (trx) => {
        await sql`update campagne set libelle = 't1' where annee = 2110`.execute(trx);
        suite();
        await finir;
        await sql`update feed_counter set seq = seq where id = 1`.execute(trx);
      });
      await premiereEcrite;
      const t2 = database.db.transaction().execute(async (trx) => {
        await sql`update campagne set libelle = 't2' where annee = 2111`.execute(trx);
        const a = sql`update campagne set libelle = 't2' where annee = 2110`.execute(trx);
        await new Promise((r) => setTimeout(r, 200));
        fin();
        await a;
      });
      await Promise.all([t1, t2]);
      expect(await version()).toBe(avant + 2n);
    },
  );
});
