import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformiteSuite } from './suites/conformite.bench.ts';
const tmpDir = mkdtempSync(join(tmpdir(), 'h4-bench-'));
const engine = (process.env.ENGINE ?? 'postgres') as 'pglite' | 'postgres';
const figures = await conformiteSuite.run({ engine, formations: Number(process.env.BENCH_FORMATIONS ?? 2000), tmpDir, databaseUrl: process.env.DATABASE_URL });
console.log(JSON.stringify(figures, null, 1));
rmSync(tmpDir, { recursive: true, force: true });
