import type { AddressInfo } from 'node:net';
import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { benchDatabase, loadTest, round } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// Cost of the API quotas (issue 15 item 4) on the cheapest request there is: a cached public
// read, the same page polled by 10 connections for 10 s, with the quotas off and then on (a limit
// too high to refuse anything, so that every request is counted and none refused). Same run,
// same database: the figure is a ratio.

const FORMATIONS = 1_000;
const URL_LUE = '/api/v1/formations?limit=100';

export const quotasSuite: BenchSuite = {
  name: 'quotas',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const database = await benchDatabase(env, 'quotas');
    try {
      const base = readConfig();
      const ctxDe = (actifs: boolean): AppContext => ({
        db: database.db,
        engine: database.engine,
        now: () => new Date(),
        config: { ...base, quotas: { ...base.quotas, actifs, lectureIp: 1_000_000_000 } },
      });
      await loadDemo(ctxDe(false), { formations: FORMATIONS, seed: 7 });
      const mesures: Record<string, Awaited<ReturnType<typeof loadTest>>> = {};
      for (const actifs of [false, true, false, true]) {
        const app = await buildApp(ctxDe(actifs), { apiCache: true });
        await app.listen({ port: 0, host: '127.0.0.1' });
        try {
          const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${URL_LUE}`;
          const warm = await fetch(url);
          if (warm.status !== 200) throw new Error(`${URL_LUE} : ${warm.status}`);
          const r = await loadTest(url, { connections: 10, seconds: 10 });
          if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} réponses non 2xx, ${r.errors} erreurs`);
          // Off/on twice, the better of each kept: one slow run of a shared machine is not the cost.
          const cle = actifs ? 'on' : 'off';
          if (!mesures[cle] || r.rps > mesures[cle].rps) mesures[cle] = r;
        } finally {
          await app.close();
        }
      }
      const off = mesures.off!;
      const on = mesures.on!;
      const surcout = (1 / on.rps - 1 / off.rps) * 1e6;
      figures.push(
        {
          name: `lecture en cache ${URL_LUE} débit, quotas désactivés`,
          value: Math.round(off.rps),
          unit: 'req/s',
          note: `p50 ${round(off.p50)} ms, p95 ${round(off.p95)} ms ; 10 connexions, 10 s, ${FORMATIONS} formations`,
        },
        {
          name: `lecture en cache ${URL_LUE} débit, quotas actifs`,
          value: Math.round(on.rps),
          unit: 'req/s',
          note: `p50 ${round(on.p50)} ms, p95 ${round(on.p95)} ms ; chaque requête comptée, aucune refusée`,
        },
        {
          name: 'quotas : débit avec / sans, lecture en cache',
          value: round(on.rps / off.rps, 3),
          unit: 'ratio',
          target: '≥ 0,9',
          ok: on.rps / off.rps >= 0.9,
          note: `surcoût ≈ ${round(surcout)} µs par requête (différence des temps moyens de service)`,
        },
      );
    } finally {
      await database.close();
    }
    return figures;
  },
};
