import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';

// Issue 13: an import whose formations change but whose establishments are stored as the file
// describes them sends no statement to `organisme` — no update, not even the `on conflict do
// update … where` that finds nothing to change but still locks (and logs) each row it meets —
// on both write paths. A role's own UAI that differs from the establishment's first known one
// changes nothing of the establishment (the formation keeps it, formation.*_uai).
// (The rows' xmax is no witness: the foreign-key checks of formation lock them FOR KEY SHARE.)

const fixture = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const modifie = fixture
  .replaceAll('</intitule-formation>', ' (rentrée 2027)</intitule-formation>')
  .replace('<code-UAI>0690001A</code-UAI>', '<code-UAI>0690009Z</code-UAI>');
const systeme = SYSTEME('test-lheo-organismes');

let t: TestApi;
beforeAll(async () => {
  let clock = Date.UTC(2026, 0, 15);
  t = await testApi({
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
});
afterAll(async () => t?.close());

/** Counts the statements that insert into (or upsert) `organisme`, whatever they write. */
async function compterUpserts() {
  for (const q of [
    sql`create table if not exists h_upserts (n int not null)`,
    sql`create or replace function h_compter() returns trigger language plpgsql as $$
      begin insert into h_upserts values (1); return null; end $$`,
    sql`drop trigger if exists h_compter on organisme`,
    sql`create trigger h_compter before insert on organisme for each statement execute function h_compter()`,
    sql`delete from h_upserts`,
  ])
    await q.execute(t.ctx.db);
}
const upserts = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from h_upserts`.execute(t.ctx.db)).rows[0]!.n);

/** Each organisme row's physical version: a new one on update. */
async function versions() {
  const { rows } = await sql<{
    siret: string;
    v: string;
  }>`select siret, concat_ws(' ', ctid, xmin) as v from organisme order by siret`.execute(t.ctx.db);
  return rows;
}

describe('import de formations changées, organismes inchangés', () => {
  it.each(['bulk', 'single'] as const)('n’envoie rien aux organismes (chemin %s)', async (writePath) => {
    await importLheo(t.ctx, systeme, Readable.from([fixture]), { writePath });
    const organismes = await t.ctx.db.selectFrom('organisme').selectAll().orderBy('siret').execute();
    const avant = await versions();
    expect(avant.length).toBeGreaterThan(0);
    await compterUpserts();
    const r = await importLheo(t.ctx, systeme, Readable.from([modifie]), { writePath });
    expect(r.formations).toMatchObject({ creees: 0, mises_a_jour: 3, rejetees: 0 });
    expect(await upserts()).toBe(0);
    expect(await versions()).toEqual(avant);
    expect(await t.ctx.db.selectFrom('organisme').selectAll().orderBy('siret').execute()).toEqual(organismes);
    const uai = await t.ctx.db
      .selectFrom('formation')
      .select('responsable_uai')
      .where('responsable_siret', '=', '13002526500013')
      .executeTakeFirstOrThrow();
    expect(uai.responsable_uai).toBe('0690009Z');
  });
});
