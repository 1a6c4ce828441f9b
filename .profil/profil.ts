import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';

const CAS: [string, string][] = [
  ['accueil vide', ''],
  ['mots courants', 'q=CAP'],
  ['mot rare', 'q=horticole'],
  ['faute de frappe', 'q=boulangr'],
  ['commune + 30 km', 'q=cuisine&ou=Lyon&rayon=30'],
  ['commune + 30 km sans mots', 'ou=Nantes&rayon=30'],
  ['avec filtres', 'q=BTS&niveau=5&ouvert=1&tri=debut'],
];
const enApi = (qs: string) =>
  qs.replace('rayon=', 'rayon_km=').replace('ouvert=1', 'recrutement_ouvert=true').replace('niveau=5', 'type_diplome=BTS');

const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/test', schema: process.env.SCHEMA ?? 'i10_profil', poolSize: 4 });
const app = await buildApp({ db: db.db, engine: db.engine, now: () => new Date() }, { apiCache: false });
const only = process.argv[2];
const N = Number(process.env.N ?? 7);
for (const [nom, qs] of CAS) {
  if (only && !nom.includes(only)) continue;
  for (const [ou, url] of [['page', `/?${qs}`], ['API', `/api/v1/formations?${enApi(qs) || 'tri=pertinence'}&limit=20`]]) {
    const ms: number[] = [];
    let total = '';
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      const r = await app.inject({ method: 'GET', url });
      ms.push(performance.now() - t);
      if (r.statusCode !== 200) throw new Error(`${url} ${r.statusCode} ${r.body.slice(0, 300)}`);
      if (ou === 'API') total = String(r.json().total);
    }
    ms.sort((a, b) => a - b);
    console.log(`${nom.padEnd(28)} ${ou.padEnd(5)} médiane ${ms[Math.floor(N / 2)]!.toFixed(0).padStart(5)} ms  min ${ms[0]!.toFixed(0).padStart(5)}  total=${total}`);
  }
}
await app.close();
await db.close();
