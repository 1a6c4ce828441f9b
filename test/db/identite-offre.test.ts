import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFormationsAControler } from '../../src/db/conformite.repository.ts';
import { identiteSql } from '../../src/db/plateforme.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { identiteDe } from '../../src/services/plateforme.etats.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// An offer's identity (the key of its platform states) is computed twice: in TypeScript by the
// writers — the recomputation and the decisions (services/plateforme.etats.ts identiteDe, of the
// rules' read of the offer) — and in SQL by the readers — the formation's states, the platform
// feed, the instructeurs' list (db/plateforme.repository.ts identiteSql). Were they to differ on
// one offer, its decisions would write a state no page, list or feed reads. They agree on offers
// with and without a cle_externe (an empty one counting as none), without certification code or
// responsable, with repeated, missing, empty, archived places, none at all, and places whose
// order depends on the collation (Corsican codes, a lowercase letter).

let database: TestDatabase;
const sys = SYSTEME('test');
beforeAll(async () => {
  database = await testDatabase();
  await loadReferentiels(database.db, REFERENTIELS);
});
afterAll(() => database?.close());

const lieu = (code_insee: string) => ({
  adresse: '1 rue de la Gare',
  code_postal: '69001',
  commune: 'Lyon 1er Arrondissement',
  code_insee,
});
const session = (cle: string, code_insee: string) => ({
  cle_externe: cle,
  debut: '2026-09-01',
  fin: '2028-06-30',
  capacite: 12,
  lieu: lieu(code_insee),
});

it('identiteDe (writers) and identiteSql (readers) agree on varied offers', async () => {
  const ctx = { ...testContext(database), now: () => NOW };
  const cree = async (cle: string, over: Record<string, unknown> = {}) =>
    (await saveFormation(ctx, sys, bts(cle, { intitule: `BTS ${cle}`, ...over }))).id;
  const plusieurs = [
    session('S1', '69381'),
    session('S2', '38185'),
    session('S3', '69381'),
    session('S4', '2B033'),
    session('S5', '2A004'),
    session('S6', '20000'),
  ];
  const ids = {
    cle: await cree('ID-CLE'),
    sansCle: await cree('ID-SANS', { cle_externe: null }),
    plusieurs: await cree('ID-PLUS', { cle_externe: null, sessions: plusieurs }),
    cleEtLieux: await cree('ID-CLE-LIEUX', { sessions: plusieurs }),
    cfdSeul: await cree('ID-CFD', { cle_externe: null, certification: { rncp: null, cfd: '32031213' } }),
    rncpSeul: await cree('ID-RNCP', { cle_externe: null, certification: { rncp: 'RNCP38368', cfd: null } }),
    sansSession: await cree('ID-SANS-SESSION', { cle_externe: null }),
    archivee: await cree('ID-ARCHIVEE', { cle_externe: null, sessions: plusieurs }),
    casse: await cree('ID-CASSE', { cle_externe: null, sessions: plusieurs }),
    cleVide: await cree('ID-CLE-VIDE', { sessions: plusieurs }),
    sansResponsable: await cree('ID-SANS-RESP', { cle_externe: null }),
  };
  // States a write through the service does not give: a session without place, one with an empty
  // code, an archived one, none live, a lowercase code (JavaScript's sort puts « 2B » before « 2a »,
  // a linguistic collation the other way), an empty cle_externe, no responsable.
  const db = ctx.db;
  await sql`update session set code_insee = null where formation_id = ${ids.plusieurs} and cle_externe = 'S2'`.execute(
    db,
  );
  await sql`update session set code_insee = '' where formation_id = ${ids.plusieurs} and cle_externe = 'S6'`.execute(
    db,
  );
  await sql`update session set archivee = true where formation_id = ${ids.archivee} and cle_externe in ('S1', 'S4')`.execute(
    db,
  );
  await sql`update session set archivee = true where formation_id = ${ids.sansSession}`.execute(db);
  await sql`update session set code_insee = '2a004' where formation_id = ${ids.casse} and cle_externe = 'S5'`.execute(
    db,
  );
  await sql`update formation set cle_externe = '' where id = ${ids.cleVide}`.execute(db);
  await sql`update formation set responsable_siret = null where id = ${ids.sansResponsable}`.execute(db);
  const toutes = Object.values(ids);
  const ts = new Map((await loadFormationsAControler(db, toutes)).map((f) => [f.id, identiteDe(f)]));
  const enSql = new Map(
    (
      await db
        .selectFrom('formation as f')
        .select(['f.id', identiteSql('f').as('identite')])
        .where('f.id', 'in', toutes)
        .execute()
    ).map((r) => [r.id, r.identite]),
  );
  expect(Object.fromEntries(enSql)).toEqual(Object.fromEntries(ts));
  // The cases are what they say (not all alike by a fixture's accident).
  expect(ts.get(ids.plusieurs)).toBe('cert:RNCP38368|32031213|13002526500013|2A004,2B033,69381');
  expect(ts.get(ids.casse)).toBe('cert:RNCP38368|32031213|13002526500013|20000,2B033,2a004,38185,69381');
  expect(ts.get(ids.archivee)).toBe('cert:RNCP38368|32031213|13002526500013|20000,2A004,38185,69381');
  expect(ts.get(ids.sansSession)).toBe('cert:RNCP38368|32031213|13002526500013|');
  expect(ts.get(ids.cleVide)).toMatch(/^cert:/);
  expect(ts.get(ids.sansResponsable)).toBe('cert:RNCP38368|32031213||69381');
  expect(ts.get(ids.cle)).toMatch(/^cle:\d{9}:ID-CLE$/);
  expect(new Set(ts.values()).size).toBe(toutes.length);
});
