import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/http/app.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';
import { melange } from './suites/charge.bench.ts';

const database = await openPrivateSchema(process.env.DATABASE_URL!, `prof_${randomBytes(4).toString('hex')}`);
const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
await loadDemo(ctx, { formations: Number(process.env.N ?? 1000), seed: 11 });
const app = await buildApp(ctx, { apiCache: false });
const pages = melange(400).filter((u) => !u.startsWith('/api/'));
for (const u of pages.slice(0, 30)) await app.inject({ method: 'GET', url: u });
const s = new Session();
s.connect();
await s.post('Profiler.enable');
await s.post('Profiler.setSamplingInterval', { interval: 200 });
await s.post('Profiler.start');
const c0 = process.cpuUsage();
const n = Number(process.env.R ?? 300);
for (let i = 0; i < n; i++) {
  const r = await app.inject({ method: 'GET', url: pages[i % pages.length]! });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode}`);
}
const c = process.cpuUsage(c0);
const { profile } = await s.post('Profiler.stop');
writeFileSync(process.env.OUT ?? '/tmp/hcp/page.cpuprofile', JSON.stringify(profile));
console.log(`CPU par page (processus serveur) : ${((c.user + c.system) / 1000 / n).toFixed(2)} ms sur ${n} pages`);
await app.close();
await database.close();
