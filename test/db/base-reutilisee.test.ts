import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';
import {
  bilan,
  type Gabarit,
  lireGabarit,
  nouvelleInstance,
  remettreANeuf,
} from '../helpers/pglite-reutilisee.ts';

// The worker's PGlite instance put back in the template's state between test files
// (test/helpers/pglite-reutilisee.ts): what a file leaves is either undone, or seen (the next
// file then gets a new instance). PGlite only: on PostgreSQL each file has a database of its own.

const rows = async <R>(c: PGlite, text: string) => (await c.query<R>(text)).rows;
const un = async <R>(c: PGlite, text: string) => (await rows<R>(c, text))[0]!;

/** Everything the reset puts back, read in one statement (counts, a sequence, statistics, settings). */
const etat = (c: PGlite) =>
  un<Record<string, unknown>>(
    c,
    `select (select count(*)::int from organisme) as organismes,
            (select count(*)::int from api_key) as cles,
            (select count(*)::int from kysely_migration) as migrations,
            (select md5(string_agg(t::text, '|' order by t::text)) from plateforme_regle t) as regles,
            (select last_value::text || is_called from audit_securite_id_seq) as sequence,
            (select count(*)::int from pg_statistic where starelid = 'organisme'::regclass) as statistiques,
            (select reltuples::text || '/' || relpages from pg_class where oid = 'organisme'::regclass) as comptes,
            (select pg_relation_size('organisme')::int) as taille,
            (select pg_relation_size('donnees_version_marque')::int) as marques,
            current_setting('work_mem') as work_mem,
            (select count(*)::int from pg_tables where tablename = 'brouillon_test') as temporaires`,
  );

describe.skipIf(TEST_ENGINE !== 'pglite')('the worker’s PGlite instance between test files', () => {
  let client: PGlite;
  let gabarit: Gabarit;
  let neuf: Record<string, unknown>;
  beforeAll(async () => {
    client = await nouvelleInstance();
    gabarit = await lireGabarit(client);
    neuf = await etat(client);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
  });

  it('undoes rows, seeded rows, sequences, planner statistics, settings and an open transaction', async () => {
    // A reset of an untouched instance changes nothing and sees nothing.
    expect(await remettreANeuf(client, gabarit)).toEqual([]);
    expect(await etat(client)).toEqual(neuf);
    // One exec each: several statements in one exec would share one transaction.
    for (const statement of [
      "insert into organisme (siret, siren, created_at, updated_at) select lpad(i::text, 14, '0'), lpad(i::text, 9, '0'), now(), now() from generate_series(1, 300) i",
      "insert into api_key (id, name, prefix, hash, scope) values ('k', 'k', 'p', 'h', 'read')",
      'insert into donnees_version_marque select i::text::xid8 from generate_series(1, 500) i',
      'delete from kysely_migration where name = (select max(name) from kysely_migration)',
      'update plateforme_regle set actif = not actif',
      "select nextval('audit_securite_id_seq')",
      'analyze organisme',
      "set work_mem = '7MB'",
      'create temporary table brouillon_test (x int)',
      "begin; insert into organisme (siret, siren, created_at, updated_at) values ('99999999999999', '999999999', now(), now())",
    ])
      await client.exec(statement);
    expect(await etat(client)).not.toEqual(neuf);
    expect(await remettreANeuf(client, gabarit)).toEqual([]);
    expect(await etat(client)).toEqual(neuf);
  });

  it('puts back a table emptied by rows written then deleted, and by a rolled back write', async () => {
    await client.exec(
      "insert into organisme (siret, siren, created_at, updated_at) values ('11111111111111', '111111111', now(), now())",
    );
    await client.exec('delete from organisme');
    await client.exec(
      "begin; insert into api_key (id, name, prefix, hash, scope) values ('k', 'k', 'p', 'h', 'read'); rollback",
    );
    expect(await etat(client)).not.toEqual(neuf);
    expect(await remettreANeuf(client, gabarit)).toEqual([]);
    expect(await etat(client)).toEqual(neuf);
  });

  // What the reset does not undo: seen, the instance is not kept.
  const objets: [string, string][] = [
    ['a new table', 'create table restee (x int)'],
    ['a new index', 'create index restee on organisme (siren, siret)'],
    ['a new function', 'create function restee() returns int language sql as $$ select 1 $$'],
    [
      'a replaced function',
      'create or replace function commune_normaliser() returns trigger language plpgsql as $$ begin return new; end $$',
    ],
    ['a disabled trigger', 'alter table session disable trigger all'],
    ['an altered column', 'alter table organisme alter column raison_sociale set default $$x$$'],
    ['a dropped constraint', 'alter table api_key drop constraint api_key_pkey cascade'],
    ['a new sequence', 'create sequence restee'],
    ['a new schema', 'create schema restee'],
    ['a new role', 'create role restee'],
    ['a table’s storage option', 'alter table organisme set (fillfactor = 50)'],
    ['a database setting', 'alter database postgres set work_mem = $$7MB$$'],
    ['a setting written by ALTER SYSTEM', 'alter system set work_mem = $$7MB$$'],
    ['a comment', "comment on table organisme is 'x'"],
    ['a database-wide ANALYZE (the catalogs’ statistics)', 'analyze'],
    ['a large object', 'select lo_create(0)'],
  ];
  it.each(objets)('sees %s', async (_, statement) => {
    const c = await nouvelleInstance();
    try {
      expect(await remettreANeuf(c, gabarit)).toEqual([]);
      await c.exec(statement);
      expect(await remettreANeuf(c, gabarit)).not.toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('serves the next testDatabase() with the same instance, clean, and a new one after a change it cannot undo', async () => {
    const a = await testDatabase();
    const avant = { ...bilan, rejets: bilan.rejets.length };
    await a.db
      .insertInto('organisme')
      .values({ siret: '22222222222222', siren: '222222222', created_at: new Date(), updated_at: new Date() })
      .execute();
    await a.close();
    await expect(a.db.selectFrom('organisme').selectAll().execute()).rejects.toThrow();
    const b = await testDatabase();
    expect(bilan.neuves).toBe(avant.neuves);
    expect(await b.db.selectFrom('organisme').selectAll().execute()).toEqual([]);
    await b.db.schema.createTable('restee').addColumn('x', 'integer').execute();
    await b.close();
    const c = await testDatabase();
    expect(bilan.neuves).toBe(avant.neuves + 1);
    expect(bilan.rejets.length).toBe(avant.rejets + 1);
    expect(await c.db.introspection.getTables()).not.toContainEqual(
      expect.objectContaining({ name: 'restee' }),
    );
    await c.close();
  });
});
