import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as neu from '../src/db/gestion.repository.ts';
import * as old from './old-gestion.ts';
const schema = 'i9perim_prof';
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 10, options: `-c search_path=${schema},public`, types: { getTypeParser: ((oid: number, f?: any) => oid === 1082 ? (v: string) => v : oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, f)) as any } });
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
const regions = ['11'];
const fns: Record<string, (m: any) => Promise<unknown>> = {
  file: (m) => m.selectFileValidation(db, regions),
  comptes: (m) => m.selectComptesStatut(db, regions),
  codes: (m) => m.selectEchecsParCode(db, regions),
  organismes: (m) => m.selectOrganismesEnEchec(db, regions),
};
const res: Record<string, { old: number[]; neu: number[] }> = {};
for (let i = 0; i < 15; i++) {
  for (const [k, f] of Object.entries(fns)) {
    res[k] ??= { old: [], neu: [] };
    for (const [name, m] of [['old', old], ['neu', neu]] as const) {
      const t0 = performance.now(); await f(m); const d = performance.now() - t0;
      if (i >= 2) res[k][name].push(d);
    }
  }
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length / 2)]!); };
for (const [k, v] of Object.entries(res)) console.log(k, 'old median', med(v.old), 'ms; new median', med(v.neu), 'ms');
// same answers?
for (const [k, f] of Object.entries(fns)) { const a = JSON.stringify(await f(old)); const b = JSON.stringify(await f(neu)); console.log(k, 'same result:', a === b); }
await db.destroy();
