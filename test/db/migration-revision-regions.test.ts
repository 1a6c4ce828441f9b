import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m1000 from '../../src/db/migrations/1000_revision_regions.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { regionsDeSessions } from '../../src/domain/formation.lignes.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture } from '../api/helpers.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Migration 1000 (the régions of a revision's sessions): its backfill read the régions with the
// live domain function (regionsDeSessions), so a later change of the domain would have changed
// what an old migration does. It is frozen now (its own département → région table, in SQL;
// src/db/migrations-figees.test.ts keeps migrations off live code).
// Here: the database as 0990 left it (1000 down), open and closed revisions inserted, then 1000
// up: each open revision gets the régions of its sessions, a closed one none.

let database: TestDatabase;
let db: Kysely<unknown>;
const lieu = (code_insee: string | null, code_postal: string | null) => ({
  adresse: null,
  code_postal,
  commune: null,
  code_insee,
});
/** Open revisions' sessions (by id), and what their régions are. */
const CAS: readonly [string, string, readonly unknown[], readonly string[]][] = [
  ['rev_lyon', 'en_attente_validation', [{ lieu: lieu('69123', '69001') }], ['84']],
  [
    'rev_trois',
    'a_corriger',
    [{ lieu: lieu('75056', '75001') }, { lieu: lieu(null, '13001') }, { lieu: lieu('2a004', null) }],
    ['11', '93', '94'],
  ],
  [
    'rev_corse_cp',
    'en_attente_validation',
    [{ lieu: lieu(null, '20000') }, { lieu: lieu(null, '20200') }],
    ['94'],
  ],
  [
    'rev_outre_mer',
    'en_attente_validation',
    [{ lieu: lieu('97411', null) }, { lieu: lieu('97502', null) }],
    ['04'],
  ],
  ['rev_sans_lieu', 'en_attente_validation', [{ lieu: null }, {}, { lieu: lieu('x', '123') }], []],
];

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
  const ctx = testContext(database);
  const ids: string[] = [];
  for (let i = 0; i <= CAS.length; i++)
    ids.push((await saveFormation(ctx, SYSTEME('test'), formationFixture({ cle_externe: `M1000-${i}` }))).id);
  await m1000.down(db);
  const inserer = (id: string, formation: string, statut: string, payload: unknown) =>
    sql`insert into formation_revision (id, formation_id, payload, statut, created_by)
      values (${id}, ${formation}, ${JSON.stringify(payload)}::jsonb, ${statut}, 'test')`.execute(db);
  for (const [i, [id, statut, sessions]] of CAS.entries()) await inserer(id, ids[i]!, statut, { sessions });
  // Closed revisions keep no régions; a payload without sessions has none.
  await inserer('rev_validee', ids[CAS.length]!, 'validee', { sessions: [{ lieu: lieu('69123', null) }] });
  await inserer('rev_abandonnee', ids[CAS.length]!, 'abandonnee', {});
});
afterAll(() => database?.close());

describe('migration 1000 on open revisions', () => {
  it('writes the régions of each open revision’s sessions, none for a closed one', async () => {
    await m1000.up(db);
    const { rows } = await sql<{ id: string; code_regions: string[] }>`
      select id, code_regions from formation_revision order by id`.execute(db);
    const lues = Object.fromEntries(rows.map((r) => [r.id, r.code_regions]));
    expect(lues).toEqual({
      ...Object.fromEntries(CAS.map(([id, , , regions]) => [id, regions])),
      rev_validee: [],
      rev_abandonnee: [],
    });
    // As the domain reads them today (the frozen copy agrees with it when written).
    for (const [id, , sessions] of CAS)
      expect(lues[id], id).toEqual(regionsDeSessions(sessions as Parameters<typeof regionsDeSessions>[0]));
  });
});
