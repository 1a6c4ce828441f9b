import { sql } from 'kysely';
import { readConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { COOKIE_CONNEXION } from '../src/http/plugins/connexion.plugin.ts';
import { ouvrirConnexion } from '../src/services/comptes/connexion.service.ts';
import { createUser } from '../src/services/comptes/user.service.ts';
import { loadDemo } from '../src/services/demo.service.ts';

// dev-only profiling harness (not committed): PROF_SCHEMA loaded once with 50k demo.
const url = 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.PROF_SCHEMA ?? 'i9perim_prof';
const admin = await openDatabase({ url, poolSize: 1 });
const { rows: ex } = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = ${schema}`.execute(admin.db);
if (!ex[0]!.n) await sql`create schema ${sql.id(schema)}`.execute(admin.db);
await admin.close();
const database0 = await openDatabase({ url, schema, poolSize: 10 });
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
export const qlog: { sql: string; ms: number }[] = [];
const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public`, types: { getTypeParser: ((oid: number, f?: any) => oid === 1082 ? (v: string) => v : oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, f)) as any } });
const database = { ...database0, db: new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') qlog.push({ sql: e.query.sql, ms: e.queryDurationMillis }); } }) };
await migrate(database.db);
const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date(), config: readConfig({}) };
const { rows: c } = await sql<{ n: number }>`select count(*)::int as n from formation`.execute(ctx.db);
if (c[0]!.n === 0) { console.time('load'); await loadDemo(ctx, { formations: 50000, seed: 42 }); console.timeEnd('load'); }
const { rows } = await sql<{ region: string }>`select code_region as region, count(distinct formation_id)::int as n from session where code_region is not null group by 1 order by 2 desc limit 1`.execute(ctx.db);
const region = rows[0]!.region;
let u = await ctx.db.selectFrom('utilisateur').select('id').where('email', '=', 'bench@gestion.test').executeTakeFirst();
if (!u) { u = await createUser(ctx, { email: 'bench@gestion.test', role: 'gestionnaire', region }); await ctx.db.updateTable('utilisateur').set({ doit_changer_mot_de_passe: false }).where('id', '=', u.id).execute(); }
const cookie = `${COOKIE_CONNEXION}=${await ouvrirConnexion(ctx, u.id)}`;
const { rows: attente } = await sql<{ id: string }>`select f.id from formation f where f.statut = 'en_attente_validation' and exists (select 1 from session s where s.formation_id = f.id and s.code_region = ${region}) order by f.id limit 20`.execute(ctx.db);
const app = await buildApp(ctx);
async function p95(urls: string[], n = 40) {
  const ms: number[] = [];
  for (let i = 0; i < n + 5; i++) { const url = urls[i % urls.length]!; const t0 = performance.now(); const r = await app.inject({ method: 'GET', url, headers: { cookie } }); const d = performance.now() - t0; if (r.statusCode !== 200) throw new Error(`${url} ${r.statusCode}`); if (i >= 5) ms.push(d); }
  ms.sort((a, b) => a - b); return { p50: Math.round(ms[Math.floor(ms.length * 0.5)]!), p95: Math.round(ms[Math.ceil(ms.length * 0.95) - 1]!) };
}
const which = (process.env.PAGES ?? 'file,revue,qualite').split(',');
if (process.env.PROFQ) {
  for (const u of (process.env.PROFQ).split(' ')) {
    const target = u === 'REVUE' ? `/gestion/formations/${attente[0]!.id}` : u;
    for (let i = 0; i < 3; i++) { qlog.length = 0; const t0 = performance.now(); const r = await app.inject({ method: 'GET', url: target, headers: { cookie } }); const d = performance.now() - t0; if (i === 2) { console.log(`== ${target} ${r.statusCode} ${Math.round(d)}ms, ${qlog.length} queries, sum ${Math.round(qlog.reduce((a, q) => a + q.ms, 0))}ms`); for (const q of [...qlog].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(Math.round(q.ms), q.sql.replace(/\s+/g, ' ').slice(0, 400)); } }
  }
  await app.close(); process.exit(0);
}
if (which.includes('file')) console.log('file', await p95(['/gestion', '/gestion?nature=nouvelle', '/gestion?verdict=general']));
if (which.includes('revue')) console.log('revue', await p95(attente.map((a) => `/gestion/formations/${a.id}`)));
if (which.includes('qualite')) console.log('qualite', await p95(['/gestion/qualite'], 20));
await app.close(); await database.close();
