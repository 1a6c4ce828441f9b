import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { type DemoSummary, loadDemo } from '../../src/services/demo.service.ts';
import { testDatabase } from '../helpers/db.ts';

const N = 150;
let database: Database;
let ctx: AppContext;
let summary: DemoSummary;
beforeAll(async () => {
  database = await testDatabase();
  ctx = { db: database.db, engine: database.engine, now: () => new Date('2026-11-24T10:00:00Z') };
  summary = await loadDemo(ctx, { formations: N, seed: 42, chunk: 40 });
});
afterAll(() => database.close());

const count = async (q: string) =>
  Number(
    (await sql.raw<{ n: number }>(`select count(*)::int as n from ${q}`).execute(database.db)).rows[0]!.n,
  );

describe('offre demo', () => {
  it('loads the formations with three sessions each, their contacts and events', async () => {
    expect(summary).toMatchObject({ formations: N, sessions: 3 * N });
    expect(await count('formation')).toBe(N);
    expect(await count('session')).toBe(3 * N);
    expect(await count('contact where formation_id is not null')).toBeGreaterThanOrEqual(2 * N - 20);
    expect(await count(`session_evenement where type = 'reunion_information'`)).toBeGreaterThan(0);
    expect(await count(`session where financeur is not null and numero_marche is not null`)).toBeGreaterThan(
      0,
    );
  });

  it('gives no archived formation a session whose recruitment is not closed', async () => {
    expect(await count(`formation where statut = 'archivee'`)).toBeGreaterThan(0);
    expect(
      await count(`session s join formation f on f.id = s.formation_id
        where f.statut = 'archivee' and s.etat_recrutement <> 'ferme'`),
    ).toBe(0);
  });

  it('records one create history entry and one change-feed event per formation, in seq order', async () => {
    expect(await count(`historique where action = 'create' and acteur = 'systeme:demo'`)).toBe(N);
    const { rows } = await sql<{
      seq: number;
      action: string;
    }>`select seq, action from change_event order by seq`.execute(database.db);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['create']));
    expect((await sql<{ seq: number }>`select seq from feed_counter`.execute(database.db)).rows[0]!.seq).toBe(
      N,
    );
  });

  it('records in each change event whether its formation is diffused once loaded, as a single write does', async () => {
    expect(await count('change_event where diffusee is null')).toBe(0);
    expect(
      await count(`change_event e join formation f on f.id = e.entite_id
        where e.diffusee <> (f.statut = 'publiee' and f.catalogue = 'general')`),
    ).toBe(0);
    expect(await count('change_event where diffusee')).toBeGreaterThan(0);
    expect(await count('change_event where not diffusee')).toBeGreaterThan(0);
  });

  it('writes the matching reference facts, each under a finished run of its official kind', async () => {
    const { rows } = await sql<{
      kind: string;
    }>`select distinct kind from ref_run where finished_at is not null order by kind`.execute(database.db);
    expect(rows.map((r) => r.kind)).toEqual(['acce', 'bcn', 'communes', 'kit', 'lpof', 'rncp', 'sirene']);
    expect(await count(`certification where code = 'RNCP34031'`)).toBe(1);
    expect(await count(`certification_lien where cfd = '32031213' and rncp = 'RNCP34031'`)).toBe(1);
    // The BCN's title, to the letter (capitals, no accents): a real BCN import keeps it.
    expect(
      await count(
        `certification where code = '32031213' and intitule = 'MANAGEMENT COMMERCIAL OPERATIONNEL (BTS)'`,
      ),
    ).toBe(1);
    expect(await count(`etablissement where etat = 'F'`)).toBeGreaterThan(0);
    expect(await count(`organisme_declare where not qualiopi_apprentissage`)).toBeGreaterThan(0);
    expect(await count('commune')).toBe(150);
    // Every session place is a commune of the reference.
    expect(
      await count(
        'session s where not exists (select 1 from commune c where c.code_insee = s.code_insee and c.code_postal = s.code_postal)',
      ),
    ).toBe(0);
  });

  it('computes conformity: most published offers diffused, the deliberate defects non réglementaire', async () => {
    expect(await count('formation where catalogue is null')).toBe(0);
    const diffusees = await count(`formation where statut = 'publiee' and catalogue = 'general'`);
    expect(diffusees / N).toBeGreaterThan(0.6);
    expect(await count(`formation where catalogue = 'non_reglementaire'`)).toBeGreaterThan(0);
    expect(
      await count(
        `session s join formation f on f.id = s.formation_id where f.statut = 'publiee' and s.diffusee_at is null`,
      ),
    ).toBe(0);
  });

  it('leaves the search index exactly as a full rebuild makes it (each formation indexed once)', async () => {
    const etat = async () =>
      (
        await sql<{
          r: string;
        }>`select concat_ws('|', r.formation_id, r.document::text, r.niveau, r.type_diplome,
            r.apprentissage, r.conventionne, r.diffusee, r.publique, r.debuts::text, r.debuts_tous::text,
            (select string_agg(j.jeton, ',' order by j.jeton) from recherche_jeton j where j.id = any(r.jetons)),
            (select string_agg(j.jeton, ',' order by j.jeton) from recherche_jeton j where j.id = any(r.jetons_tous))) as r
          from formation_recherche r order by r.formation_id`.execute(database.db)
      ).rows.map((x) => x.r);
    const charge = await etat();
    expect(charge).toHaveLength(N);
    await sql`select recherche_indexer(array(select id from formation))`.execute(database.db);
    expect(await etat()).toEqual(charge);
    expect(await count(`formation_recherche where diffusee`)).toBeGreaterThan(0);
  });

  it('refuses to load into a database that already holds formations', async () => {
    await expect(loadDemo(ctx, { formations: 10, seed: 1 })).rejects.toMatchObject({
      code: 'DEMO_BASE_NON_VIDE',
    });
    expect(await count('formation')).toBe(N);
  });
});
