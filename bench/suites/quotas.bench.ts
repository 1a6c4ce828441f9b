import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { benchDatabase, round } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// Cost of the API quotas (issue 15 item 4) on the cheapest request there is: a cached public
// read, the same page polled, with the quotas off and then on (a limit too high to refuse
// anything, so that every request is counted and none refused). Same run, same database.

const FORMATIONS = 1_000;
const URL_LUE = '/api/v1/formations?limit=100';
// Few requests a round: in process (inject), every response of this page stays in memory for a
// while (≈ 0.7 MB each, measured on main as well: not the quotas), so many would exhaust the heap.
const REQUETES = 150;

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
      // In process, one request at a time (fastify.inject): the figure is the service time of a
      // request, free of the load generator's share of a 2-core machine. Off and on alternate,
      // five rounds each; the median round is kept.
      const apps = { off: await buildApp(ctxDe(false)), on: await buildApp(ctxDe(true)) };
      const tours: Record<'off' | 'on', number[]> = { off: [], on: [] };
      const caches: Record<'off' | 'on', number> = { off: 0, on: 0 };
      try {
        for (let tour = 0; tour < 6; tour++)
          for (const cle of ['off', 'on'] as const) {
            const t0 = performance.now();
            for (let i = 0; i < REQUETES; i++) {
              const r = await apps[cle].inject({ url: URL_LUE, remoteAddress: '10.0.0.1' });
              if (r.statusCode !== 200) throw new Error(`${URL_LUE} : ${r.statusCode}`);
              if (tour > 0 && r.headers['x-offre-cache'] === 'hit') caches[cle]++;
            }
            // The first round warms both apps up (cache filled, code compiled): not kept.
            if (tour > 0) tours[cle].push(((performance.now() - t0) * 1000) / REQUETES);
          }
      } finally {
        await apps.off.close();
        await apps.on.close();
      }
      const mediane = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
      const off = mediane(tours.off);
      const on = mediane(tours.on);
      const n = REQUETES * 5;
      figures.push(
        {
          name: `lecture en cache ${URL_LUE}, quotas désactivés`,
          value: round(off),
          unit: 'µs',
          note: `temps de service médian d’une requête (5 tours de ${REQUETES}, en processus) ; ${Math.round((100 * caches.off) / n)} % servies par le cache`,
        },
        {
          name: `lecture en cache ${URL_LUE}, quotas actifs`,
          value: round(on),
          unit: 'µs',
          note: `chaque requête comptée, aucune refusée ; ${Math.round((100 * caches.on) / n)} % servies par le cache`,
        },
        {
          name: 'quotas : surcoût par lecture en cache',
          value: round(on - off),
          unit: 'µs',
          target: '≤ 10 % de la lecture',
          ok: on - off <= off * 0.1,
          note: `rapport ${round(on / off, 3)}`,
        },
      );
      // The hook's own work, alone: counting one request of a known caller (the local path).
      const { CompteurPartage } = await import('../../src/http/api/quota.counter.ts');
      const c = new CompteurPartage(database.db, 60_000, () => new Date(), 60_000);
      await c.compter('bench', 1e9);
      const N = 200_000;
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await c.compter('bench', 1e9);
      figures.push({
        name: 'quotas : comptage d’une requête (chemin local, sans base)',
        value: round(((performance.now() - t0) * 1000) / N, 3),
        unit: 'µs',
        note: `${N} appels ; la base n’est écrite qu’à la première requête d’un appelant dans une fenêtre, puis une fois par seconde`,
      });
      await c.synchroniser();
    } finally {
      await database.close();
    }
    return figures;
  },
};
