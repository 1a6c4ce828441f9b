import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { membresDesGroupes } from '../../src/db/referentiel-facts.repository.ts';
import { cleGroupe } from '../../src/domain/regles/doublon.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// FORM_DOUBLON's groups (responsable, RNCP, CFD, formateur) of the formations a write recomputes,
// read by one statement whose rows the server compares in a number that grows with the
// responsable's offer, not with the offer times the groups: the bench's workbook (one network of
// 3,500 formations in ≈ 3,200 groups, its statistics stale after the network took them over, as
// after any large import) made PostgreSQL compare each formation with every group of its
// responsable (≈ 2 million rows for 600 formations, ≈ 1 s of server CPU per statement, 4 per
// import: docs/mesures.md, « Classeur appliqué : les groupes de FORM_DOUBLON »).

type Noeud = {
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: Noeud[];
};

/** The rows each node of an executed plan produced or discarded, summed over its loops. */
const lignesTraitees = (n: Noeud): number =>
  ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Join Filter'] ?? 0)) *
    (n['Actual Loops'] ?? 1) +
  (n.Plans ?? []).reduce((t, p) => t + lignesTraitees(p), 0);

const N = 300;
let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
  // The bench's shape (bench/suites/classeur.bench.ts classeurRempli): the demo (analysed once
  // loaded), then one network made responsable of the whole offer, statistics left as they were.
  await loadDemo(ctx, { formations: N, seed: 7 });
  await sql`update formation set responsable_siret = (select min(siret) from organisme)`.execute(database.db);
}, 120_000);
afterAll(() => database?.close());

describe('membresDesGroupes (FORM_DOUBLON groups of the formations recomputed)', () => {
  it('compares each formation of the responsable once, not once per group', async () => {
    const { rows: toutes } = await sql<{
      id: string;
      statut: string;
      responsable_siret: string | null;
      code_rncp: string | null;
      code_cfd: string | null;
      formateur_siret: string | null;
    }>`select id, statut, responsable_siret, code_rncp, code_cfd, formateur_siret from formation order by id`.execute(
      database.db,
    );
    const ids = toutes.filter((_, i) => i % 2 === 0).map((f) => f.id);
    const cle = (f: (typeof toutes)[number]) =>
      cleGroupe(f.responsable_siret, f.code_rncp, f.code_cfd, f.formateur_siret);
    const groupes = new Set(toutes.filter((f) => ids.includes(f.id)).map(cle));
    expect(groupes.size).toBeGreaterThan(N / 3);
    // The members: the live formations of those groups, whatever the plan.
    const attendus = toutes
      .filter((f) => !['archivee', 'supprimee'].includes(f.statut) && groupes.has(cle(f)))
      .map((f) => f.id);
    const { rows } = await membresDesGroupes(ids).execute(database.db);
    expect(rows.map((r) => r.id).sort()).toEqual(attendus);

    const q = membresDesGroupes(ids).compile(database.db);
    const { rows: plan } = await database.db.executeQuery<{ 'QUERY PLAN': [{ Plan: Noeud }] | string }>(
      CompiledQuery.raw(`explain (analyze, format json) ${q.sql}`, [...q.parameters]),
    );
    const json = plan[0]!['QUERY PLAN'];
    const racine = (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan as Noeud;
    // A few passes over the responsable's offer and the formations named; 45,000 rows once per group.
    expect(lignesTraitees(racine)).toBeLessThan(10 * N);
  });
});
