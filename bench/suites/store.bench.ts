import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { toBulkChunk } from '../../src/demo/bulk-rows.ts';
import { planOf } from '../../src/demo/formations.ts';
import { generateOrganismes, organismeCount } from '../../src/demo/organismes.ts';
import { demoReferentiels } from '../../src/demo/referentiels.ts';
import { buildApp } from '../../src/http/app.ts';
import { DEMO_ACTEUR, demoChunks, loadDemo } from '../../src/services/demo.service.ts';
import { benchDatabase, loadTest, measurePeakRss, round, sortieJson, timeIt } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// The offer store at national scale: demo load speed against a same-run raw COPY of the same
// rows, the list API under load, and change-feed paging.

const SEED = 42;
const STORE_TABLES = [
  'formation',
  'session',
  'contact',
  'session_evenement',
  'historique',
  'change_event',
  'organisme',
] as const;
const REF_TABLES = [
  'certification',
  'certification_lien',
  'certification_habilitation',
  'etablissement',
  'organisme_declare',
  'uai',
  'commune',
] as const;

export const storeSuite: BenchSuite = {
  name: 'store',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const pgTarget = env.engine === 'postgres';
    const figures: BenchFigure[] = [];
    const database = await benchDatabase(env, 'store');
    try {
      const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
      const load = await measurePeakRss(() => loadDemo(ctx, { formations: env.formations, seed: SEED }));
      const rows = await countRows(ctx);
      const rate = rows / (load.result.chargementMs / 1000);
      figures.push(
        {
          name: `chargement démo (${env.formations} formations, ${load.result.sessions} sessions)`,
          value: round(load.result.chargementMs / 1000),
          unit: 's',
          note: `${rows} lignes`,
        },
        { name: 'chargement démo, débit', value: Math.round(rate), unit: 'rows/s' },
        {
          name: 'calcul de conformité après chargement',
          value: round(load.result.controleMs / 1000),
          unit: 's',
        },
        { name: 'pic de mémoire pendant chargement et contrôle', value: load.peakMb, unit: 'MB' },
      );
      if (env.databaseUrl) {
        const copy = await copyBaseline(env, rows);
        const ratio = rate / copy.rate;
        // The same comparison with the row generation taken out of both sides: database work only.
        const gen = await timeIt(async () => generateOnly(env.formations));
        const ratioDb = (copy.ms - copy.generationMs) / (load.result.chargementMs - gen.ms);
        figures.push(
          {
            name: 'référence : COPY PostgreSQL brut des mêmes lignes',
            value: Math.round(copy.rate),
            unit: 'rows/s',
            note: `${copy.rows} lignes en ${round(copy.ms / 1000)} s, génération comprise (${round(copy.generationMs / 1000)} s)`,
          },
          {
            name: 'chargement / COPY brut (génération des lignes comprise des deux côtés)',
            value: round(ratio, 3),
            unit: 'ratio',
            ...(pgTarget ? { target: '≥ 0,30', ok: ratio >= 0.3 } : {}),
          },
          {
            name: 'chargement / COPY brut (base seule : génération déduite des deux côtés)',
            value: round(ratioDb, 3),
            unit: 'ratio',
            note: `génération seule des lignes de la démo : ${round(gen.ms / 1000)} s`,
          },
        );
      }

      // The list is measured twice: as served (public read cache on, the same page polled) and
      // with the cache off (every request rebuilds the page from the database).
      for (const apiCache of [true, false]) {
        const app = await buildApp(ctx, { apiCache });
        await app.listen({ port: 0, host: '127.0.0.1' });
        try {
          const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
          const warm = await fetch(`${base}/api/v1/formations?limit=100`);
          if (warm.status !== 200) throw new Error(`GET /api/v1/formations : ${warm.status}`);
          // CPU of this process (the server) per request: the machine is shared, wall time is not.
          const cpu0 = process.cpuUsage();
          const list = await loadTest(`${base}/api/v1/formations?limit=100`, {
            connections: 10,
            seconds: 10,
          });
          const cpu = process.cpuUsage(cpu0);
          const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(1, list.requests);
          const label = apiCache ? '' : ' (sans cache)';
          figures.push(
            {
              name: `GET /api/v1/formations?limit=100 débit${label}`,
              value: Math.round(list.rps),
              unit: 'req/s',
              note: `10 connexions, 10 s, ${list.non2xx} réponses non 2xx ; CPU du serveur ${round(cpuMs, 2)} ms par requête`,
              ...(pgTarget && apiCache
                ? { target: '≥ 1 000', ok: list.rps >= 1000 && list.non2xx === 0 }
                : {}),
            },
            {
              name: `GET /api/v1/formations?limit=100 p95${label}`,
              value: round(list.p95),
              unit: 'ms',
              note: `p50 ${round(list.p50)} ms, p99 ${round(list.p99)} ms`,
              ...(pgTarget && apiCache ? { target: '≤ 50 ms', ok: list.p95 <= 50 } : {}),
            },
          );
          if (!apiCache) {
            // Distinct pages one after the other (no cache hit): the server's CPU per page, which
            // the load of a shared machine does not change (unlike the rates above).
            const serie = await pagesEnSerie(app);
            figures.push({
              name: 'GET /api/v1/formations?limit=100, pages distinctes en série : CPU du serveur par page',
              value: round(serie.cpuMs, 2),
              unit: 'ms',
              note: `${serie.pages} pages, ${round(serie.msParPage)} ms de temps écoulé par page`,
            });
            continue;
          }
          // The consumer is another process (pageFeedCpu): this process's CPU is the server's.
          const cpuFlux0 = process.cpuUsage();
          const feed = await pageFeedCpu(base);
          const cpuFlux = process.cpuUsage(cpuFlux0);
          const cpuFluxS = (cpuFlux.user + cpuFlux.system) / 1e6;
          figures.push({
            name: 'flux /api/v1/changes?limit=1000 de 0 à la fin',
            value: Math.round(feed.events / (feed.ms / 1000)),
            unit: 'events/s',
            note: `${feed.events} événements en ${round(feed.ms / 1000)} s, lus par un client dans un autre processus ; CPU du serveur ${round(cpuFluxS)} s, ${Math.round(feed.events / cpuFluxS)} événements par seconde de CPU ; client ${round(feed.clientS)} s`,
          });
        } finally {
          await app.close();
        }
      }
    } finally {
      await database.close();
    }
    return figures;
  },
};

/** The demo rows built in memory without any database: the generation share of the load. */
function generateOnly(n: number): number {
  const plan = planOf(SEED, 2027, generateOrganismes(SEED, organismeCount(n)));
  demoReferentiels(SEED, plan.organismes);
  let sessions = 0;
  for (const formations of demoChunks(plan, n, 1000))
    sessions += toBulkChunk(formations, DEMO_ACTEUR).sessions.length;
  return sessions;
}

export async function countRows(ctx: AppContext): Promise<number> {
  let total = 0;
  for (const t of [...STORE_TABLES, ...REF_TABLES]) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(ctx.db);
    total += Number(rows[0]!.n);
  }
  return total;
}

/** Walks the list by its cursor (100 per page, up to 200 pages) through inject: CPU and wall per page. */
async function pagesEnSerie(app: Awaited<ReturnType<typeof buildApp>>) {
  let cursor: string | null = null;
  let pages = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  do {
    const r: { statusCode: number; body: string } = await app.inject({
      method: 'GET',
      url: `/api/v1/formations?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    });
    if (r.statusCode !== 200) throw new Error(`GET /api/v1/formations : ${r.statusCode}`);
    // Not parsed (that would be the client's CPU): the cursor is the body's last field.
    const fin = /"next_cursor":(null|"[^"]*")}$/.exec(r.body);
    if (!fin) throw new Error('GET /api/v1/formations : next_cursor absent');
    cursor = JSON.parse(fin[1]!) as string | null;
    pages++;
  } while (cursor && pages < 200);
  const cpu = process.cpuUsage(cpu0);
  return {
    pages,
    cpuMs: (cpu.user + cpu.system) / 1000 / pages,
    msParPage: (performance.now() - t0) / pages,
  };
}

/**
 * Reads the whole change feed, 1,000 events a page, from seq 0, by a consumer in another process
 * (bench/feed-client.ts), as a real consumer is: the number of events, the wall time of the reading (ms, the child's start-up left out) and the CPU
 * the consumer spent (s). This process's CPU meanwhile is the server's alone (it used to read the
 * feed itself: its fetch and JSON.parse, ≈ 45 µs per event, were counted with the server's and
 * took the server's CPU). `encodage`: the Accept-Encoding sent.
 */
export function pageFeedCpu(
  base: string,
  encodage: 'identity' | 'gzip' = 'identity',
): Promise<{ events: number; ms: number; clientS: number }> {
  const script = fileURLToPath(new URL('../feed-client.ts', import.meta.url));
  const runTs = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
  const child = spawn(process.execPath, [runTs, script, base, encodage], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return sortieJson<{ events: number; ms: number; clientS: number }>(child, 'client du flux');
}

// ---- same-run baseline: the rows the demo writes, COPYed raw into index-free copies of the tables ----

/** One COPY text field: \N for null, arrays and JSON as PostgreSQL reads them, specials escaped. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  const s = Array.isArray(v)
    ? `{${v.map((x) => (typeof x === 'number' ? x : `"${String(x).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

class CopyBuffer {
  readonly chunks = new Map<string, { columns: string[]; parts: Buffer[]; rows: number }>();
  add(table: string, rows: readonly object[]) {
    if (rows.length === 0) return;
    const t = this.chunks.get(table) ?? { columns: Object.keys(rows[0]!), parts: [], rows: 0 };
    this.chunks.set(table, t);
    const cols = t.columns;
    t.parts.push(
      Buffer.from(
        `${rows.map((r) => cols.map((c) => field((r as Record<string, unknown>)[c])).join('\t')).join('\n')}\n`,
      ),
    );
    t.rows += rows.length;
  }
}

/**
 * Same-run baseline: the rows the demo of `env.formations` formations writes, generated then
 * COPYed raw into index-free copies of the tables in a scratch schema of PostgreSQL.
 */
export async function copyBaseline(
  env: BenchEnv,
  expectedRows: number,
): Promise<{ rows: number; ms: number; generationMs: number; rate: number }> {
  const schema = `bench_copy_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url: env.databaseUrl!, poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const client = new pg.Client({
    connectionString: env.databaseUrl,
    options: `-c search_path=${schema},public`,
  });
  try {
    // The real tables give the column types; the baseline tables copy them without indexes or constraints.
    const model = await openDatabase({ url: env.databaseUrl!, schema, poolSize: 1 });
    await migrate(model.db);
    await model.close();
    await client.connect();
    for (const t of [...STORE_TABLES, ...REF_TABLES])
      await client.query(`create table raw_${t} (like ${t} including defaults including identity)`);

    const started = performance.now();
    const buffer = new CopyBuffer();
    const organismes = generateOrganismes(SEED, organismeCount(env.formations));
    // The rentrée only shifts dates: the same rows for the baseline's purpose.
    const plan = planOf(SEED, 2027, organismes);
    for (const { table, rows } of demoReferentiels(SEED, organismes))
      buffer.add(
        table,
        rows.map((r) => ({ ...r, run_id: 1 })),
      );
    buffer.add(
      'organisme',
      organismes.map((o) => ({
        siret: o.siret,
        siren: o.siren,
        raison_sociale: o.raison_sociale,
        nda: o.nda,
        uai: o.uai,
        adresse: o.adresse,
        code_postal: o.code_postal,
        commune: o.commune,
        code_insee: o.code_insee,
        lat: o.lat,
        lon: o.lon,
      })),
    );
    buffer.add(
      'contact',
      organismes.flatMap((o) =>
        o.contacts.map((c) => ({ formation_id: null, session_id: null, organisme_siret: o.siret, ...c })),
      ),
    );
    let seq = 0;
    for (const formations of demoChunks(plan, env.formations, 1000)) {
      const c = toBulkChunk(formations, DEMO_ACTEUR);
      buffer.add(
        'formation',
        c.formations.map((f) => ({
          id: f.id,
          ...f.colonnes,
          commentaire_gestionnaire: f.commentaire_gestionnaire ?? null,
          created_at: f.creation.created_at,
          created_by: f.creation.created_by,
          validee_at: f.creation.validee_at ?? null,
          validee_par: f.creation.validee_par ?? null,
        })),
      );
      buffer.add('session', c.sessions);
      buffer.add(
        'contact',
        c.contacts.map((x) => ({
          formation_id: x.formation_id ?? null,
          session_id: x.session_id ?? null,
          organisme_siret: null,
          type: x.type,
          nom: x.nom,
          telephone: x.telephone,
          courriel: x.courriel,
        })),
      );
      buffer.add('session_evenement', c.evenements);
      buffer.add(
        'historique',
        c.historique.map((h) => ({ ...h, diff: JSON.stringify(h.diff) })),
      );
      buffer.add(
        'change_event',
        c.formations.map((f) => ({
          seq: ++seq,
          type: 'formation',
          entite_id: f.id,
          action: 'create',
          at: new Date(),
        })),
      );
    }
    const generationMs = performance.now() - started;
    let rows = 0;
    for (const [table, t] of buffer.chunks) {
      await pipeline(
        Readable.from(t.parts),
        client.query(copyFrom(`copy raw_${table} (${t.columns.join(', ')}) from stdin`)),
      );
      rows += t.rows;
    }
    const ms = performance.now() - started;
    if (rows !== expectedRows)
      process.stderr.write(`(référence COPY : ${rows} lignes contre ${expectedRows} chargées)\n`);
    return { rows, ms, generationMs, rate: rows / (ms / 1000) };
  } finally {
    await client.end().catch(() => {});
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}
