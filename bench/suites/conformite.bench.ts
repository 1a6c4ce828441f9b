import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { formationsUsingCertifications } from '../../src/db/conformite.repository.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { recomputeAll, recomputeFormations } from '../../src/services/conformite.service.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openPrivateSchema } from '../../test/helpers/private-schema.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// Conformity at national scale: the full `offre check` (no stored failure, then the unchanged
// re-check), and the recheck after one RNCP fiche changes its end date.

async function freshDatabase(env: BenchEnv): Promise<Database> {
  if (env.engine === 'pglite') {
    const database = await openDatabase({ dataDir: join(env.tmpDir, 'conformite') });
    await migrate(database.db);
    return database;
  }
  return openPrivateSchema(env.databaseUrl!, `bench_conformite_${randomBytes(4).toString('hex')}`, 4);
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

export const conformiteSuite: BenchSuite = {
  name: 'conformite',
  async run(env) {
    const database = await freshDatabase(env);
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    try {
      await loadDemo(ctx, { formations: env.formations, seed: 42 });
      const figures: BenchFigure[] = [];

      // Cold: no stored failure, so every formation in failure has its failures written.
      await sql`truncate controle_echec, controle_formation`.execute(ctx.db);
      let t = performance.now();
      const cold = await recomputeAll(ctx);
      const coldMs = performance.now() - t;
      const target = env.engine === 'postgres' ? 10_000 : undefined;
      figures.push({
        name: `offre check, ${cold.controlees} formations (premier contrôle : aucun échec en base)`,
        value: seconds(coldMs),
        unit: 's',
        ...(target ? { target: '≤ 10 s', ok: coldMs <= target } : {}),
        note: `échecs écrits pour ${cold.resultatsModifies} formations`,
      });

      t = performance.now();
      const warm = await recomputeAll(ctx);
      figures.push({
        name: `offre check, ${warm.controlees} formations (aucun changement)`,
        value: seconds(performance.now() - t),
        unit: 's',
        note: `${warm.resultatsModifies} formations réécrites`,
      });

      // The most used RNCP fiche ends three years earlier: recheck exactly the formations that use it.
      const top = await ctx.db
        .selectFrom('formation')
        .select('code_rncp')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('code_rncp', 'is not', null)
        .groupBy('code_rncp')
        .orderBy('n', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      t = performance.now();
      const r = await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('certification')
          .set({ date_fin: '2026-08-31' })
          .where('code', '=', top.code_rncp!)
          .execute();
        const ids = await formationsUsingCertifications(trx, [top.code_rncp!], []);
        return recomputeFormations(trx, ids, ctx.now());
      });
      const recheckMs = performance.now() - t;
      figures.push({
        name: `recontrôle après changement de date de fin d’une fiche RNCP (${r.controlees} formations)`,
        value: Math.round(recheckMs),
        unit: 'ms',
        target: '≤ 1000 ms',
        ok: recheckMs <= 1000,
        note: `${r.derivesModifies.length} formations changent de classement`,
      });
      return figures;
    } finally {
      await database.close();
    }
  },
};
