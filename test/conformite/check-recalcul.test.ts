import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { nextFormationEmpreintes, saveEchecs } from '../../src/db/conformite.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// `offre check` (recomputeAll) writes only what differs (formation_region, issue 13) and reads for
// FORM_DOUBLON only the groups' members, the sessions of its own formations not read twice: a
// formation whose stored state went stale behind the store's back (rows written directly, as a
// migration or a fix by hand would) must still be brought back, each formation in a chunk of its
// own (its neighbour in another chunk).

let d: TestDatabase;
let ctx: AppContext;
const org = organismeDe(SIREN_A);
const ids: Record<string, string> = {};

/** The fixture (Lyon 1er, 69381, région 84), of certification `rncp`. */
const copie = (cle: string, rncp: string): FormationInput =>
  formationFixture({ cle_externe: cle, certification: { rncp, cfd: null, certifinfo: null } });

beforeAll(async () => {
  d = await testDatabase();
  ctx = { db: d.db, engine: d.engine, now: () => new Date() };
  // A and B: the same group, the same place and dates (duplicates); C alone in its group.
  for (const [k, rncp] of [
    ['A', 'RNCP99971'],
    ['B', 'RNCP99971'],
    ['C', 'RNCP99972'],
  ] as const)
    ids[k] = (await saveFormation(ctx, org, copie(`CHECK-${k}`, rncp))).id;
}, 120_000);
afterAll(() => d?.close());

/** formation_region as its definition says (migration 0660), from the stored rows. */
async function regionsAttendues() {
  const { rows } = await sql<Record<string, string | null>>`
    select distinct s.code_region, f.id as formation_id, f.statut, f.catalogue, f.siren_proprietaire
    from formation f join session s on s.formation_id = f.id
    where not s.archivee and s.code_region is not null
    order by 1, 2`.execute(d.db);
  return rows;
}
const regions = async () =>
  (
    await sql<Record<string, string | null>>`
    select code_region, formation_id, statut, catalogue, siren_proprietaire from formation_region order by 1, 2`.execute(
      d.db,
    )
  ).rows;

const doublon = async (id: string) =>
  (
    await d.db
      .selectFrom('controle_echec')
      .select('formation_liee')
      .where('formation_id', '=', id)
      .where('code', '=', 'FORM_DOUBLON')
      .executeTakeFirst()
  )?.formation_liee ?? null;

describe('recomputeAll: every formation recomputed, one per chunk', () => {
  it('brings back stale results, verdicts and régions written behind its back', async () => {
    const [a, b, c] = [ids.A!, ids.B!, ids.C!];
    const [premier, second] = [a, b].sort();
    expect(await doublon(second!)).toBe(premier);
    const avant = await regions();
    expect(avant.map((r) => `${r.code_region} ${r.formation_id}`)).toEqual(
      [a, b, c].sort().map((id) => `84 ${id}`),
    );

    // Behind the store's back: the results of A and B gone, C's statut and catalogue changed,
    // one of C's sessions moved to another région, B's sessions all archived then one back.
    await sql`delete from controle_echec where formation_id in (${a}, ${b})`.execute(d.db);
    await sql`delete from controle_formation where formation_id in (${a}, ${b})`.execute(d.db);
    await sql`update formation set statut = 'publiee', catalogue = null where id = ${c}`.execute(d.db);
    await sql`update session set code_region = '11' where formation_id = ${c}`.execute(d.db);
    await sql`update session set archivee = true where formation_id = ${b}`.execute(d.db);
    await sql`update session set archivee = false where formation_id = ${b}`.execute(d.db);
    expect(await regions()).toEqual(avant);

    const r = await recomputeAll(ctx, undefined, 1);
    expect(r.controlees).toBe(3);

    // FORM_DOUBLON found again, each formation's neighbour in another chunk.
    expect(await doublon(second!)).toBe(premier);
    expect(await doublon(premier!)).toBe(second);
    // C's catalogue computed again, and its régions those of its sessions now.
    const catalogue = await d.db
      .selectFrom('formation')
      .select('catalogue')
      .where('id', '=', c)
      .executeTakeFirst();
    expect(catalogue?.catalogue).not.toBeNull();
    const apres = await regions();
    expect(apres).toEqual(await regionsAttendues());
    expect(apres.filter((x) => x.formation_id === c)).toEqual([
      {
        code_region: '11',
        formation_id: c,
        statut: 'publiee',
        catalogue: catalogue!.catalogue,
        siren_proprietaire: SIREN_A,
      },
    ]);
  });

  it('changes a région’s row when only its statut changed, and drops one no live session has', async () => {
    const [a, b] = [ids.A!, ids.B!];
    await sql`update formation set statut = 'a_corriger' where id = ${a}`.execute(d.db);
    await sql`update session set archivee = true where formation_id = ${b}`.execute(d.db);
    await recomputeAll(ctx, undefined, 1);
    const apres = await regions();
    expect(apres).toEqual(await regionsAttendues());
    expect(apres.find((x) => x.formation_id === a)?.statut).toBe('a_corriger');
    expect(apres.some((x) => x.formation_id === b)).toBe(false);
  });
});

/** Every statement sent through it, parameters included (a Kysely plugin: it only looks). */
function envois() {
  const textes: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      textes.push(JSON.stringify(args.node));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { plugin, texte: () => textes.join('\n') };
}

/** The stored failures and digests, without their computation time. */
const stockes = async () => ({
  echecs: (
    await sql<Record<string, unknown>>`
      select formation_id, code, champ, severite, message, evidence::text as evidence, formation_liee
      from controle_echec order by formation_id, code, champ, message`.execute(d.db)
  ).rows,
  empreintes: (
    await sql<
      Record<string, unknown>
    >`select formation_id, empreinte from controle_formation order by 1`.execute(d.db)
  ).rows,
});

describe('recomputeAll: only the failures of formations whose digest changed are sent', () => {
  it('sends none when nothing changed, and those of a formation whose stored digest went', async () => {
    await recomputeAll(ctx, undefined, 2);
    const avant = await stockes();
    const messages = [...new Set(avant.echecs.map((e) => e.message as string))];
    expect(messages.length).toBeGreaterThan(0);

    const rien = envois();
    await recomputeAll({ ...ctx, db: d.db.withPlugin(rien.plugin) }, undefined, 2);
    expect(await stockes()).toEqual(avant);
    for (const m of messages) expect(rien.texte()).not.toContain(JSON.stringify(m).slice(1, -1));

    // A's digest gone behind the store's back: its failures are sent and stored again, the same.
    const a = ids.A!;
    const siens = avant.echecs.filter((e) => e.formation_id === a).map((e) => e.message as string);
    expect(siens.length).toBeGreaterThan(0);
    await sql`delete from controle_formation where formation_id = ${a}`.execute(d.db);
    const un = envois();
    await recomputeAll({ ...ctx, db: d.db.withPlugin(un.plugin) }, undefined, 2);
    expect(await stockes()).toEqual(avant);
    for (const m of siens) expect(un.texte()).toContain(JSON.stringify(m).slice(1, -1));
  });

  it('stores a formation whose digest changed after it was read as if its failures had been sent', async () => {
    const avant = await stockes();
    const c = ids.C!;
    const lus = await nextFormationEmpreintes(d.db, null, 10);
    const connues = new Map(lus.map((r) => [r.id, r.empreinte]));
    const empreinte = connues.get(c);
    expect(empreinte).toBeTruthy();
    const echecs = avant.echecs
      .filter((e) => e.formation_id === c)
      .map((e) => ({
        code: e.code as string,
        severite: e.severite as 'alerte',
        resultat: 'echec' as const,
        champ: e.champ as string | null,
        message: e.message as string,
        preuves: JSON.parse(e.evidence as string),
        ...(e.formation_liee ? { formation_liee: e.formation_liee as string } : {}),
      }));
    await d.db.transaction().execute(async (trx) => {
      // Another writer, between the read of the digests and the write: C's failures and digest changed.
      await sql`delete from controle_echec where formation_id = ${c}`.execute(trx);
      await sql`update controle_formation set empreinte = 'autre' where formation_id = ${c}`.execute(trx);
      const r = await saveEchecs(
        trx,
        [{ formation_id: c, empreinte: empreinte!, echecs }],
        new Date(),
        [],
        connues,
      );
      expect(r).toEqual([{ f: c, document: true }]);
    });
    expect(await stockes()).toEqual(avant);
  });
});
