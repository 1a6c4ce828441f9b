import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { formationLueFixture } from '../helpers/formations.ts';
import { bearer, formationFixture, SIREN_A, type TestApi, testApi } from './helpers.ts';

// Review 05/12: an LHEO import that lost its race with a concurrent write on one of its formations
// (after its 3 attempts) answered 200 with that formation rejected, and the rejection said
// « … n’a pas pu passer après lui : rien n’a été enregistré » — while every other formation of the
// file was. An LHEO import applies each valid record on its own (one savepoint each: CONTRACT.md,
// « report counts created / updated / unchanged / rejected »): the formation is rejected, and its
// rejection says that it alone was not written, that the others were, and what to do.
//
// The race is a real one, on the real database: another transaction holds the file's last
// formation (Y) and then waits for one the import has already written (X, in its first batch of
// 200). Each attempt of the import on Y closes the cycle, and PostgreSQL's deadlock detector picks
// the import's statement — the other transaction waits far longer before it looks (deadlock_timeout).

const N = 201;
const numero = (i: number) => `COURSE-${i}`;

let t: TestApi;
let X: string;
let Y: string;
beforeAll(async () => {
  t = await testApi({ poolSize: 4 });
  X = (await saveFormation(t.ctx, SYSTEME('test'), formationFixture({ cle_externe: numero(0) }))).id;
  Y = (await saveFormation(t.ctx, SYSTEME('test'), formationFixture({ cle_externe: numero(N - 1) }))).id;
});
afterAll(async () => t?.close());

const fichier = () =>
  LHEO_DEBUT +
  Array.from({ length: N }, (_, i) =>
    formationToLheo(
      formationLueFixture({ id: `f-${i}`, cle_externe: numero(i), intitule: `Formation de la course ${i}` }),
      () => {},
    ),
  ).join('') +
  LHEO_FIN;

/** Resolves once a backend of the database waits for `pid`'s locks. */
async function attendreBloque(pid: number) {
  for (;;) {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(
      t.ctx.db,
    );
    if (r.rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// PGlite has one connection: its transactions run one after the other, the race cannot happen there
// (test/api/import-concurrent-libelle.test.ts forces a lost race on both engines).
describe.skipIf(TEST_ENGINE !== 'postgres')('an LHEO import losing a real race on one formation', () => {
  it('answers 200 and rejects that formation alone, saying the others were written', async () => {
    const xml = fichier();
    let import_: Promise<Awaited<ReturnType<typeof t.app.inject>>> | undefined;
    await t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local deadlock_timeout = '10min'`.execute(trx);
      const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!;
      await sql`select 1 from formation where id = ${Y} for update`.execute(trx);
      import_ = t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/lheo',
        headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
        payload: xml,
      });
      // The import holds X (first batch) and waits for Y: now wait for X — a deadlock, each time.
      await attendreBloque(pid);
      await sql`select 1 from formation where id = ${X} for update`.execute(trx);
    });
    const r = await import_!;
    expect(r.statusCode, r.body.slice(0, 2000)).toBe(200);
    const rapport = r.json();
    expect(rapport.formations).toEqual({ creees: N - 2, mises_a_jour: 1, inchangees: 0, rejetees: 1 });
    const ligne = xml.split('\n').findIndex((l) => l.includes(`numero="${numero(N - 1)}"`)) + 1;
    expect(rapport.rejets).toEqual([
      {
        chemin: `/lheo/offres/formation[${N}]`,
        code: 'IMPORT_CONCURRENT',
        ligne,
        numero: numero(N - 1),
        message: `Formation n° ${N} (ligne ${ligne}) : cette formation était modifiée au même moment par une autre écriture (un autre import, une saisie, l’API) et n’a pas pu être enregistrée après 3 essais. Renvoyez le fichier dans un instant : ce qui est déjà enregistré restera inchangé.`,
      },
    ]);
    expect(r.body).not.toContain('rien n’a été enregistré');
    // What the report says is what the database holds.
    const rows = await t.ctx.db
      .selectFrom('formation')
      .select(['id', 'intitule'])
      .where('siren_proprietaire', '=', SIREN_A)
      .where('cle_externe', 'like', 'COURSE-%')
      .execute();
    expect(rows).toHaveLength(N);
    const parId = new Map(rows.map((f) => [f.id, f.intitule]));
    expect(parId.get(X)).toBe('Formation de la course 0');
    expect(parId.get(Y)).not.toBe(`Formation de la course ${N - 1}`);

    // Sent again, the file writes the formation refused and leaves the others as they are.
    const encore = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: xml,
    });
    expect(encore.json().formations).toEqual({ creees: 0, mises_a_jour: 1, inchangees: N - 1, rejetees: 0 });
  }, 60_000);
});
