import { randomBytes } from 'node:crypto';
import { loadFormationsAControler, nextFormationIds } from '../src/db/conformite.repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadFaits, loadRuns } from '../src/db/referentiel-facts.repository.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';

// What naming the organismes in the rule messages costs the rules' reads (docs/conformite.md):
// loadFaits of this tree against a baseline loadFaits (another checkout, BASE) on the same demo
// offer, the same rounds (250 formations: the writes' and the LHEO import's recompute round),
// alternated A/B/A/B so that a busy machine weighs on both alike.
//   BASE=/tmp/main-checkout node bin/run-ts.js scripts/mesure-noms-organismes.ts [formations] [pglite|postgres]
const n = Number(process.argv[2] ?? 10_000);
const engine = process.argv[3] ?? 'postgres';
const base = process.env.BASE;
if (!base) throw new Error('BASE : le dossier d’une autre copie (ligne de base) est requis');
const { loadFaits: loadFaitsBase } = (await import(
  `${base}/src/db/referentiel-facts.repository.ts`
)) as typeof import('../src/db/referentiel-facts.repository.ts');

const database =
  engine === 'pglite'
    ? await (async () => {
        const d = await openDatabase({ dataDir: `/tmp/mesure-noms-${randomBytes(4).toString('hex')}` });
        await migrate(d.db);
        return d;
      })()
    : await openPrivateSchema(
        process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        `mesure_noms_${randomBytes(4).toString('hex')}`,
        4,
      );
const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
try {
  await loadDemo(ctx, { formations: n, seed: 42 });
  const runs = await loadRuns(ctx.db);
  const rounds: string[][] = [];
  for (let after: string | null = null; ; ) {
    const ids = await nextFormationIds(ctx.db, after, 250);
    if (ids.length === 0) break;
    rounds.push(ids);
    after = ids.at(-1)!;
  }
  const formations = await Promise.all(rounds.map((ids) => loadFormationsAControler(ctx.db, ids)));
  const t = { base: 0, noms: 0 };
  let nommes = 0;
  for (let pass = 0; pass < 3; pass++)
    for (const fs of formations) {
      for (const [k, f] of pass % 2
        ? ([
            ['noms', loadFaits],
            ['base', loadFaitsBase],
          ] as const)
        : ([
            ['base', loadFaitsBase],
            ['noms', loadFaits],
          ] as const)) {
        const s = performance.now();
        const faits = await f(ctx.db, fs, runs);
        t[k] += performance.now() - s;
        if (k === 'noms' && pass === 0) nommes += faits.noms.size;
      }
    }
  const sirets = new Set(
    formations
      .flat()
      .flatMap((f) => [f.responsable?.siret, f.formateur?.siret])
      .filter(Boolean),
  );
  console.log(
    JSON.stringify({
      engine,
      formations: n,
      tours: rounds.length,
      passes: 3,
      loadFaits_base_ms_par_tour: +(t.base / rounds.length / 3).toFixed(2),
      loadFaits_noms_ms_par_tour: +(t.noms / rounds.length / 3).toFixed(2),
      ratio: +(t.noms / t.base).toFixed(3),
      sirets: sirets.size,
      sirets_nommes_par_tour_total: nommes,
    }),
  );
} finally {
  await database.close();
}
