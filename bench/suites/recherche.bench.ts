import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { type KyselyPlugin, sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { rechercher } from '../../src/services/recherche.service.ts';
import { benchDatabase, percentile, round, timeIt } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// The public search (docs/recherche.md) on the demo offer: latency of the search page and of the
// API search, one request at a time (the read cache off: every request asks the database), for
// broad words, a rare word, a typo, a commune + 30 km, and filters; the full index rebuild; and a
// write searched in its own transaction. Targets of issue 10 (at 50,000 formations).

const SEED = 42;
const REPETITIONS = 40;

const CAS: readonly [string, string][] = [
  // The home page: every public formation counted (its counts are kept per index version).
  ['page d’accueil, sans critère', ''],
  ['mots courants', 'q=CAP'],
  ['mot rare', 'q=horticole'],
  ['faute de frappe', 'q=boulangr'],
  ['commune + 30 km', 'q=cuisine&ou=Lyon&rayon=30'],
  ['commune + 30 km sans mots', 'ou=Nantes&rayon=30'],
  ['avec filtres', 'q=BTS&niveau=5&ouvert=1&tri=debut'],
  ['facette seule', 'niveau=3'],
];

const enApi = (qs: string) =>
  qs
    .replace('rayon=', 'rayon_km=')
    .replace('ouvert=1', 'recrutement_ouvert=true')
    .replace('niveau=5', 'type_diplome=BTS')
    .replace('niveau=3', 'type_diplome=CAP');

/**
 * What does not depend on the machine's load, per request (median of 10, after the latencies):
 * the CPU time of this process (the server's work plus the client's fetch; PGlite's work too,
 * it runs in the process) and the SQL statements the request sends (round trips to the database).
 */
async function travail(url: string, compteur: { n: number }): Promise<{ cpuMs: number; requetes: number }> {
  const cpu: number[] = [];
  const requetes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const avant = compteur.n;
    const u = process.cpuUsage();
    const r = await fetch(url);
    await r.arrayBuffer();
    const d = process.cpuUsage(u);
    cpu.push((d.user + d.system) / 1000);
    requetes.push(compteur.n - avant);
  }
  cpu.sort((a, b) => a - b);
  requetes.sort((a, b) => a - b);
  return { cpuMs: percentile(cpu, 50), requetes: percentile(requetes, 50) };
}

async function latences(url: string): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < REPETITIONS + 3; i++) {
    const t = await timeIt(async () => {
      const r = await fetch(url);
      if (r.status !== 200) throw new Error(`${url} : ${r.status}`);
      await r.arrayBuffer();
    });
    if (i >= 3) ms.push(t.ms);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

export const rechercheSuite: BenchSuite = {
  name: 'recherche',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const pg = env.engine === 'postgres';
    const cible = pg ? 50 : 150;
    const echelle = env.formations >= 50_000;
    const database = await benchDatabase(env, 'recherche');
    try {
      const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
      await loadDemo(ctx, { formations: env.formations, seed: SEED });
      // Statistics and dead rows as autovacuum would leave them a minute after a bulk load (without
      // statistics the planner guesses the place search's joins, measured 5–10× slower; without the
      // vacuum, the load's successive index writes leave formation_recherche at 3× its size and
      // every broad search reads the dead rows' pages: the test server runs with autovacuum off).
      await sql`vacuum analyze formation, session, commune, formation_recherche, recherche_jeton, recherche_lieu, recherche_mot`.execute(
        ctx.db,
      );
      const rebuild = await timeIt(() =>
        sql`select recherche_indexer(array(select id from formation))`.execute(ctx.db),
      );
      figures.push({
        name: `reconstruction complète de l’index (${env.formations} formations)`,
        value: round(rebuild.ms / 1000, 2),
        unit: 's',
      });
      // The rebuild rewrote every row of the index: autovacuum's part again.
      await sql`vacuum analyze formation_recherche`.execute(ctx.db);

      // A write is searchable in its own transaction: update + search, rolled back.
      const id = (
        await ctx.db
          .selectFrom('formation')
          .select('id')
          .where('statut', '=', 'publiee')
          .executeTakeFirstOrThrow()
      ).id;
      const maj: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = await timeIt(() =>
          ctx.db
            .transaction()
            .execute(async (trx) => {
              await trx
                .updateTable('formation')
                .set({ intitule: `Xylographe ${i}` })
                .where('id', '=', id)
                .execute();
              const r = await rechercher(trx, SYSTEME('bench'), {
                q: 'xylographe',
                taille: 20,
                aujourdhui: '2026-01-01',
              });
              if (r.total !== 1) throw new Error(`écriture non trouvée dans sa transaction : ${r.total}`);
              throw new Error('rollback');
            })
            .catch((e: Error) => {
              if (e.message !== 'rollback') throw e;
            }),
        );
        maj.push(t.ms);
      }
      maj.sort((a, b) => a - b);
      figures.push({
        name: 'écriture d’une formation puis recherche dans la même transaction p95',
        value: round(percentile(maj, 95)),
        unit: 'ms',
        note: `p50 ${round(percentile(maj, 50))} ms, 20 fois`,
      });

      // Every statement the app sends, counted (raw SQL included: it goes through the plugins too).
      const compteur = { n: 0 };
      const compte: KyselyPlugin = {
        transformQuery: (a) => {
          compteur.n++;
          return a.node;
        },
        transformResult: async (a) => a.result,
      };
      const app = await buildApp({ ...ctx, db: ctx.db.withPlugin(compte) }, { apiCache: false });
      const load = () => os.loadavg()[0]!.toFixed(1);
      const chargeAvant = load();
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        for (const [nom, qs] of CAS)
          for (const [ou, url] of [
            ['page', `${base}/?${qs}`],
            ['API', `${base}/api/v1/formations?${enApi(qs) || 'tri=pertinence'}&limit=20`],
          ] as const) {
            const l = await latences(url);
            const w = await travail(url, compteur);
            figures.push({
              name: `recherche ${ou}, ${nom} p95`,
              value: round(l.p95),
              unit: 'ms',
              note:
                `p50 ${round(l.p50)} ms, ${REPETITIONS} requêtes une à une, ${env.formations} formations, ` +
                `charge ${chargeAvant} → ${load()} ; par requête : ${round(w.cpuMs)} ms de CPU du processus, ` +
                `${w.requetes} instructions SQL`,
              ...(echelle ? { target: `≤ ${cible} ms`, ok: l.p95 <= cible } : {}),
            });
          }
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
    return figures;
  },
};
