import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestWrk } from '../bench/wrk.ts';
import type { AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { CACHE_STATIQUES, precompresserStatiques } from '../src/http/web/statiques.ts';

// CPU of this process (the server; wrk is another process) per request for a static asset and a
// page, sent as is, compressed on request (@fastify/compress, level 1: a copies' folder left empty)
// and from the compressed copies (web/statiques.ts), passes alternated (A/B) N times:
//   node bin/run-ts.js scripts/mesure-compression.ts        (N=3 passes, S=5 seconds each)
// CHEMIN=/dsfr/utility/utility.min.css measures another asset. Empty embedded database, in /tmp.

const N = Number(process.env.N ?? 3);
const S = Number(process.env.S ?? 5);
const CHEMIN = process.env.CHEMIN ?? '/dsfr/dsfr.min.css';
const dossier = mkdtempSync(join(tmpdir(), 'offre-mesure-compression-'));
const vide = join(dossier, 'copies-vides');
await precompresserStatiques(CACHE_STATIQUES);
const d = await openDatabase({ dataDir: join(dossier, 'base') });
await migrate(d.db);
const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
const ecouter = async (statiquesCompresses: string) => {
  const app = await buildApp(ctx, { statiquesCompresses });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
};
const surDemande = await ecouter(vide);
const copies = await ecouter(CACHE_STATIQUES);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const lignes: Record<string, { us: number[]; rps: number[]; octets: number }> = {};
const mesurer = async (nom: string, url: string, chemin: string, encodage?: string) => {
  const avant = cpuMs();
  const r = await loadTestWrk(url, {
    connections: 4,
    seconds: S,
    paths: [chemin],
    headers: encodage ? { 'accept-encoding': encodage } : {},
  });
  if (r.non2xx || r.errors) throw new Error(`${nom} : ${r.non2xx} non 2xx, ${r.errors} erreurs`);
  lignes[nom] ??= { us: [], rps: [], octets: 0 };
  const l = lignes[nom];
  l.us.push(((cpuMs() - avant) * 1000) / r.requests);
  l.rps.push(r.rps);
  l.octets = r.bytesPerRequest;
};
for (let i = 0; i < N; i++) {
  await mesurer(`${CHEMIN} tel quel`, copies.url, CHEMIN);
  await mesurer(`${CHEMIN} br, à la demande`, surDemande.url, CHEMIN, 'br');
  await mesurer(`${CHEMIN} br, copie`, copies.url, CHEMIN, 'br');
  await mesurer(`${CHEMIN} gzip, à la demande`, surDemande.url, CHEMIN, 'gzip');
  await mesurer(`${CHEMIN} gzip, copie`, copies.url, CHEMIN, 'gzip');
  await mesurer('/ (cache des pages) tel quel', copies.url, '/');
  await mesurer('/ (cache des pages) br', copies.url, '/', 'br');
  await mesurer('/accessibilite tel quel', copies.url, '/accessibilite');
  await mesurer('/accessibilite br', copies.url, '/accessibilite', 'br');
}
const mediane = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
process.stdout.write(
  '| requête | µs de CPU du serveur / requête (médiane) | req/s (médiane) | octets / réponse |\n',
);
process.stdout.write('|---|---:|---:|---:|\n');
for (const [nom, l] of Object.entries(lignes))
  process.stdout.write(
    `| ${nom} | ${Math.round(mediane(l.us))} (${l.us.map(Math.round).join(', ')}) | ${Math.round(mediane(l.rps))} | ${Math.round(l.octets)} |\n`,
  );
await surDemande.app.close();
await copies.app.close();
await d.close();
rmSync(dossier, { recursive: true, force: true });
