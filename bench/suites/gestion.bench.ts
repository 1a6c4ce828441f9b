import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { buildApp } from '../../src/http/app.ts';
import { COOKIE_CONNEXION } from '../../src/http/plugins/connexion.plugin.ts';
import { openConnexion } from '../../src/services/comptes/connexion.service.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { benchDatabase, percentile, round } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// The gestionnaire's pages at national scale (issue 9 targets): the queue, the review page and
// the data-quality dashboard of the région holding the most offers, served by the application
// (in-process requests, one at a time, signed-in cookie), after the demo load. Besides the
// durations (which the machine's load inflates), two figures that do not depend on it much: the
// statements each page sends (Kysely plugin, src/db/compteur-requetes.ts) and the process's CPU
// time per request (process.cpuUsage, user + system, the database server's CPU aside).

const SEED = 42;
const REPETITIONS = 40;

async function p95(
  app: Awaited<ReturnType<typeof buildApp>>,
  cookie: string,
  urls: readonly string[],
  compteur: CompteurRequetes,
) {
  const ms: number[] = [];
  let requetes = 0;
  let cpu = 0;
  for (let i = 0; i < REPETITIONS + 5; i++) {
    const url = urls[i % urls.length]!;
    compteur.reset();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await app.inject({ method: 'GET', url, headers: { cookie } });
    const d = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r.statusCode !== 200) throw new Error(`${url} : ${r.statusCode}`);
    if (i >= 5) {
      // the first few warm the caches
      ms.push(d);
      requetes = Math.max(requetes, compteur.n);
      cpu += (c.user + c.system) / 1000;
    }
  }
  ms.sort((a, b) => a - b);
  return {
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    requetes,
    cpu: round(cpu / REPETITIONS),
  };
}
const charge = () => loadavg()[0]!.toFixed(1);

export const gestionSuite: BenchSuite = {
  name: 'gestion',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const database = await benchDatabase(env, 'gestion');
    try {
      const compteur = compteurRequetes();
      const ctx: AppContext = {
        db: database.db.withPlugin(compteur),
        engine: database.engine,
        now: () => new Date(),
        config: readConfig({}),
      };
      await loadDemo(ctx, { formations: env.formations, seed: SEED });
      const { rows } = await sql<{ region: string; n: number }>`
        select code_region as region, count(distinct formation_id)::int as n from session
        where code_region is not null group by 1 order by 2 desc limit 1`.execute(ctx.db);
      const region = rows[0]!.region;
      const u = await createUtilisateur(ctx, { email: 'bench@gestion.test', role: 'gestionnaire', region });
      await ctx.db
        .updateTable('utilisateur')
        .set({ doit_changer_mot_de_passe: false })
        .where('id', '=', u.id)
        .execute();
      const cookie = `${COOKIE_CONNEXION}=${await openConnexion(ctx, u.id)}`;
      const { rows: attente } = await sql<{ id: string }>`
        select f.id from formation f where f.statut = 'en_attente_validation' and exists (
          select 1 from session s where s.formation_id = f.id and s.code_region = ${region})
        order by f.id limit 20`.execute(ctx.db);
      const app = await buildApp(ctx);
      try {
        const avant = charge();
        const file = await p95(
          app,
          cookie,
          ['/gestion', '/gestion?nature=nouvelle', '/gestion?verdict=general'],
          compteur,
        );
        const revue = await p95(
          app,
          cookie,
          attente.map((a) => `/gestion/formations/${a.id}`),
          compteur,
        );
        const qualite = await p95(app, cookie, ['/gestion/qualite'], compteur);
        const note = `région ${region} (la plus fournie), ${env.formations} formations ; requêtes en processus, une à la fois ; charge moyenne ${avant} → ${charge()}`;
        const detail = (x: { p50: number; requetes: number; cpu: number }) =>
          `p50 ${x.p50} ms ; ${x.requetes} requêtes SQL ; CPU du processus ${x.cpu} ms par page`;
        return [
          {
            name: 'GET /gestion (file de validation) p95',
            value: file.p95,
            unit: 'ms',
            target: '≤ 100 ms',
            ok: file.p95 <= 100,
            note: `${note} ; ${detail(file)}`,
          },
          {
            name: 'GET /gestion/formations/{id} (revue) p95',
            value: revue.p95,
            unit: 'ms',
            target: '≤ 100 ms',
            ok: revue.p95 <= 100,
            note: `${attente.length} offres en attente ; ${detail(revue)}`,
          },
          {
            name: 'GET /gestion/qualite (tableau de bord) p95',
            value: qualite.p95,
            unit: 'ms',
            target: '≤ 300 ms',
            ok: qualite.p95 <= 300,
            note: detail(qualite),
          },
        ];
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  },
};
