import type { AppContext } from '../src/context.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { suggestCertifications } from '../src/services/espace.service.ts';
import { rechercher } from '../src/services/recherche.service.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';

// Cost of the search's query reading (specialty acronyms, terms too short: docs/recherche.md) and of
// the certification picker's typo correction (docs/espace.md), on the demo of N formations on
// PostgreSQL: median wall-clock ms of R runs of each query after one warm-up, with the number of
// results. Run on main and on the branch for before/after:
// N=2000 R=15 node bin/run-ts.js scripts/mesure-recherche-sigles.ts

const N = Number(process.env.N ?? 2000);
const R = Number(process.env.R ?? 15);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const db = await openPrivateSchema(url, `mesure_sigles_${process.pid}`, 2);
const ctx: AppContext = { db: db.db, engine: db.engine, now: () => new Date() };
const mediane = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fois = async (nom: string, fn: () => Promise<number>) => {
  let n = await fn();
  const ms: number[] = [];
  for (let i = 0; i < R; i++) {
    const t = performance.now();
    n = await fn();
    ms.push(performance.now() - t);
  }
  console.log(`${nom.padEnd(36)} ${mediane(ms).toFixed(1).padStart(7)} ms  (${n} résultats)`);
};
try {
  await loadDemo(ctx, { formations: N, seed: 42 });
  const aujourdhui = new Date().toISOString().slice(0, 10);
  for (const q of ['bts management commercial', 'BTS MCO', 'mco', 'BTS SAM', 'cuisine', 'a', 'boulangr']) {
    await fois(`rechercher q=${q}`, async () => {
      const r = await rechercher(
        ctx.db,
        { kind: 'anonyme' },
        { q, taille: 20, aujourdhui, publicSeulement: true },
      );
      return r.total;
    });
  }
  for (const q of ['cuisine', 'cuisne', 'management commercial', 'managment comercial']) {
    await fois(`certifications q=${q}`, async () => {
      const r = (await suggestCertifications(ctx.db, q, aujourdhui)) as unknown;
      return Array.isArray(r) ? r.length : (r as { proposees: unknown[] }).proposees.length;
    });
  }
} finally {
  await db.close?.();
}
