import { type Compilable, CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1240: every formation and contact an import inserts writes one entry in each index of
// its table. Two indexes of formation said the same thing (the owner alone, and the unique pair
// owner and external key), and the owner indexes of `contact` held a null entry for every contact of
// another owner. One unique index for the pair, partial owner indexes: same uniqueness, same reads
// answered by an index (plans under enable_seqscan = off, as test/db/session-index.test.ts).

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
  await loadDemo(ctx, { formations: 120, seed: 5 });
  await sql`analyze`.execute(database.db);
});
afterAll(() => database?.close());

async function plan(q: Compilable<unknown>): Promise<string> {
  const { sql: texte, parameters } = q.compile();
  return database.db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    try {
      const { rows } = await c.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${texte}`, [...parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(c);
    }
  });
}

async function index(table: string): Promise<Record<string, string>> {
  const { rows } = await sql<{
    indexname: string;
    indexdef: string;
  }>`select indexname, indexdef from pg_indexes
    where tablename = ${table} order by indexname`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING btree /, '')]));
}

const any = (xs: readonly string[]) => sql<string>`any(cast(${[...xs]} as text[]))`;

async function uns<T>(q: string, col: string): Promise<T[]> {
  const { rows } = await sql<Record<string, T>>`${sql.raw(q)}`.execute(database.db);
  return rows.map((r) => r[col]!);
}

/** SQLSTATE of the statement's error (null: it succeeded). */
async function etat(q: ReturnType<typeof sql>): Promise<string | null> {
  return database.db.transaction().execute(async (trx) => {
    await sql`savepoint s`.execute(trx);
    try {
      await q.execute(trx);
      return null;
    } catch (e) {
      return (e as { code?: string }).code ?? 'inconnu';
    } finally {
      await sql`rollback to savepoint s`.execute(trx);
    }
  });
}

describe('the indexes of the rows an import inserts (1240)', () => {
  it('keeps one unique index for the owner and the key of a formation, partial owner indexes of contacts', async () => {
    // Kept as they were: the pair index, not deduplicated, would make every probe of the
    // sessions of a formation read more pages than the entry it saves at insert (1240).
    const session = await index('session');
    expect(session.session_formation).toBe('(formation_id)');
    expect(session.session_cle_externe).toBe('(formation_id, cle_externe) WHERE (cle_externe IS NOT NULL)');
    const formation = await index('formation');
    expect(formation.formation_cle_externe).toBe('(siren_proprietaire, cle_externe)');
    expect(Object.keys(formation)).not.toContain('formation_siren');
    expect(formation.formation_mandataire).toBe('(mandataire_siret) WHERE (mandataire_siret IS NOT NULL)');
    const contact = await index('contact');
    expect(contact.contact_formation).toBe('(formation_id) WHERE (formation_id IS NOT NULL)');
    expect(contact.contact_session).toBe('(session_id) WHERE (session_id IS NOT NULL)');
    expect(contact.contact_organisme).toBe('(organisme_siret) WHERE (organisme_siret IS NOT NULL)');
    const { rows } = await sql<{ u: boolean }>`select indisunique as u from pg_index
      where indexrelid = 'formation_cle_externe'::regclass`.execute(database.db);
    expect(rows.map((r) => r.u)).toEqual([true]);
  });

  it('refuses the same external key twice under one formation or one owner, never two without key', async () => {
    const [{ id: f, siren_proprietaire: siren }] = (
      await sql<{ id: string; siren_proprietaire: string }>`select id, siren_proprietaire from formation
        order by id limit 1`.execute(database.db)
    ).rows as [{ id: string; siren_proprietaire: string }];
    const session = (id: string, cle: string | null) =>
      sql`insert into session (id, formation_id, cle_externe) values (${id}, ${f}, ${cle}), (${`${id}b`}, ${f}, ${cle})`;
    expect(await etat(session('se_t1', 'S-1'))).toBe('23505');
    expect(await etat(session('se_t2', null))).toBeNull();
    const formation = (id: string, cle: string | null) =>
      sql`insert into formation (id, siren_proprietaire, cle_externe, created_by, updated_by)
        values (${id}, ${siren}, ${cle}, 'test', 'test'), (${`${id}b`}, ${siren}, ${cle}, 'test', 'test')`;
    expect(await etat(formation('fo_t1', 'F-1'))).toBe('23505');
    expect(await etat(formation('fo_t2', null))).toBeNull();
  });

  it('answers the reads by formation, owner and contact owner with an index', async () => {
    const db = database.db;
    const formations = await uns<string>('select id from formation order by id limit 20', 'id');
    const sessions = await uns<string>('select id from session order by id limit 20', 'id');
    const sirets = await uns<string>('select siret from organisme order by siret limit 20', 'siret');
    const [siren] = await uns<string>(
      'select siren_proprietaire from formation limit 1',
      'siren_proprietaire',
    );

    const parFormation = await plan(
      db.selectFrom('session').selectAll().where('formation_id', '=', any(formations)),
    );
    expect(parFormation).toMatch(/session_formation/);
    const parProprietaire = await plan(
      db.selectFrom('formation').select('id').where('siren_proprietaire', '=', siren!),
    );
    expect(parProprietaire).toMatch(/formation_cle_externe/);
    const parMandataire = await plan(
      db.selectFrom('formation').select('id').where('mandataire_siret', '=', any(sirets)),
    );
    expect(parMandataire).toMatch(/formation_mandataire/);

    // selectFormationContacts, selectSessionContacts (formation.repository.ts), the facts of a
    // check (conformite.repository.ts): `in` lists, `= any`, and both owners at once.
    const contacts = db.selectFrom('contact').selectAll();
    expect(await plan(contacts.where('formation_id', 'in', formations))).toMatch(/contact_formation/);
    expect(await plan(contacts.where('session_id', 'in', sessions))).toMatch(/contact_session/);
    expect(await plan(contacts.where('organisme_siret', '=', any(sirets)))).toMatch(/contact_organisme/);
    const lesDeux = await plan(
      contacts.where((eb) =>
        eb.or([eb('formation_id', '=', any(formations)), eb('session_id', '=', any(sessions))]),
      ),
    );
    expect(lesDeux).toMatch(/contact_formation/);
    expect(lesDeux).toMatch(/contact_session/);
  });

  it('still deletes the contacts of a deleted session (cascade through the partial index)', async () => {
    const [s] = await uns<string>(
      'select session_id from contact where session_id is not null order by session_id limit 1',
      'session_id',
    );
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`delete from session where id = ${s}`.execute(trx);
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from contact where session_id = ${s}`.execute(trx);
        expect(rows[0]!.n).toBe(0);
        throw new Error('annulée');
      })
      .catch((e) => {
        if ((e as Error).message !== 'annulée') throw e;
      });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from contact where session_id = ${s}`.execute(database.db);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
