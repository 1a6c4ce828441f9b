import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m1045 from '../../src/db/migrations/1045_documents_sans_doublon.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { SIREN_A } from '../helpers/formations.ts';

// Migration 1045: the formation JSON's `conformite.echecs` no longer carries FORM_DOUBLON (its
// message named another formation to every reader); the stored documents of the formations with
// such a failure, built with it, are dropped and built again on read, without it.

let t: TestApi;
const org = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t?.close());

const stockes = async () =>
  (
    await sql<{
      formation_id: string;
    }>`select formation_id from formation_document order by formation_id`.execute(t.ctx.db)
  ).rows.map((r) => r.formation_id);

describe('migration 1045', () => {
  it('drops the documents of the formations failing FORM_DOUBLON only; rebuilt, they do not carry it', async () => {
    const a = (await saveFormation(t.ctx, org, formationFixture({ cle_externe: 'DOC-A' }))).id;
    const b = (await saveFormation(t.ctx, org, formationFixture({ cle_externe: 'DOC-B' }))).id;
    const seule = (
      await saveFormation(
        t.ctx,
        org,
        formationFixture({
          cle_externe: 'DOC-SEULE',
          certification: { rncp: 'RNCP1', cfd: null, certifinfo: null },
        }),
      )
    ).id;
    const echecs = await sql<{ formation_id: string }>`
      select formation_id from controle_echec where code = 'FORM_DOUBLON' order by formation_id`.execute(
      t.ctx.db,
    );
    expect(echecs.rows.map((r) => r.formation_id)).toEqual([a, b].sort());
    expect(await stockes()).toEqual(expect.arrayContaining([a, b, seule]));
    await m1045.up(t.ctx.db as unknown as Kysely<unknown>);
    const restent = await stockes();
    expect(restent).toContain(seule);
    expect(restent).not.toContain(a);
    expect(restent).not.toContain(b);
    const f = await getFormation(t.ctx.db, SYSTEME('test'), a);
    expect(f!.conformite.echecs.map((e) => e.code)).not.toContain('FORM_DOUBLON');
  });
});
