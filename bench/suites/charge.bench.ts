import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { benchDatabase, type LoadResult, loadTest, round } from '../measure.ts';
import type { BenchFigure, BenchSuite } from '../types.ts';

// Issue 15 item 8, "load held", on loopback only and bounded in time:
// 1. BENCH_CHARGE_CLIENTS (200) concurrent clients for BENCH_CHARGE_S (60) s on the public search
//    page and the API's search, cycling through varied queries: errors, p99 (target ≤ 1 s on
//    PostgreSQL), the server's RSS at start and end (memory flat).
// 2. BENCH_CHARGE_CLIENTS_IMPORT (as many) clients on the public pages while an LHEO file of
//    BENCH_CHARGE_LHEO (50,000) new formations is imported by the same server process: p99 ≤ 2 s
//    on both engines. The target is the 50,000 one: a smaller file gives figures marked
//    "taille réduite", never a ✓. The import is stopped (its transaction rolled back) after
//    BENCH_CHARGE_MAX_S (600) s: the figure then says how far it got. BENCH_CHARGE_CLIENTS_IMPORT=0:
//    the import alone (no load), for its rate unloaded. The note gives the process's CPU time
//    during the import (every thread: the pages' and the import's).
// Progress lines go to stderr every BENCH_PROGRESS_S (10) s while it runs.
// The server runs in this process; the load comes from a separate process (measure.ts loadTest).
// BENCH_CHARGE_FORMATIONS (5,000) formations of the demo are in the store before. A quick run:
// BENCH_ONLY=charge BENCH_CHARGE_S=10 BENCH_CHARGE_LHEO=2000 npm run bench.

const CLIENTS = Number(process.env.BENCH_CHARGE_CLIENTS ?? 200);
const CLIENTS_IMPORT = Number(process.env.BENCH_CHARGE_CLIENTS_IMPORT ?? CLIENTS);
const SECONDES = Number(process.env.BENCH_CHARGE_S ?? 60);
/** The issue's import size: the target of the figure. */
const LHEO_CIBLE = 50_000;
const LHEO = Number(process.env.BENCH_CHARGE_LHEO ?? LHEO_CIBLE);
const FORMATIONS = Number(process.env.BENCH_CHARGE_FORMATIONS ?? 5_000);
const MAX_S = Number(process.env.BENCH_CHARGE_MAX_S ?? 600);
const PROGRESS_S = Number(process.env.BENCH_PROGRESS_S ?? 10);
const MB = 1024 * 1024;

const MOTS = [
  'bts',
  'cap cuisine',
  'commerce',
  'informatique',
  'boulanger',
  'infirmier',
  'maintenance',
  'vente',
];
const PAGES = [
  ...MOTS.map((q) => `/?q=${encodeURIComponent(q)}`),
  '/?region=84',
  '/?niveau=5',
  '/?q=bts&region=11',
];
const API = [
  ...MOTS.map((q) => `/api/v1/formations?q=${encodeURIComponent(q)}&limit=20`),
  '/api/v1/formations?region=84&limit=20',
  '/api/v1/formations?limit=100',
];

/** An LHEO file of `n` formations: the demo's export repeated, each copy under new formation numbers. */
async function fichierLheo(ctx: AppContext, n: number, out: string): Promise<void> {
  const exp = await openLheoExport(ctx.db, SYSTEME('bench'));
  let texte = '';
  for await (const c of exp.chunks) texte += c;
  const debut = texte.indexOf('<formation ');
  const fin = texte.lastIndexOf('</formation>') + '</formation>'.length;
  const blocs = texte
    .slice(debut, fin)
    .split(/(?<=<\/formation>)\s*/)
    .filter(Boolean);
  const w = createWriteStream(out);
  w.write(texte.slice(0, debut));
  for (let i = 0; i < n; i++) {
    const copie = Math.floor(i / blocs.length);
    const b = blocs[i % blocs.length]!.replace('<formation numero="', `<formation numero="C${copie}-`);
    if (!w.write(`${b}\n`)) await new Promise<void>((r) => w.once('drain', () => r()));
  }
  w.end(texte.slice(fin));
  await finished(w);
}

/** A progress line on stderr (the report is written only at the end). */
const progres = (engine: string, texte: string) => process.stderr.write(`[charge ${engine}] ${texte}\n`);

const charge = (uptime: string, r: LoadResult) =>
  `${r.requests} requêtes en ${round(r.seconds, 0)} s (${Math.round(r.rps)} req/s), p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, max ${round(r.max)} ms ; ${r.errors} erreurs ou délais, ${r.non2xx} non 2xx ; charge machine (loadavg 1 min) ${uptime}`;

export const chargeSuite: BenchSuite = {
  name: 'charge',
  async run(env) {
    const figures: BenchFigure[] = [];
    const pg = env.engine === 'postgres';
    // As `offre serve`: on PGlite the pages read a copy of the base while the import writes.
    const database = await benchDatabase(env, 'charge', { snapshotReads: true });
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    const app = await buildApp(ctx);
    const dit = (texte: string) => progres(env.engine, texte);
    try {
      dit(`démo de ${FORMATIONS} formations…`);
      await loadDemo(ctx, { formations: FORMATIONS, seed: 11 });
      const fichier = join(env.tmpDir, 'charge.xml');
      dit(`fichier LHEO de ${LHEO} formations…`);
      await fichierLheo(ctx, LHEO, fichier);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      for (const p of [PAGES[0]!, API[0]!]) {
        const r = await fetch(base + p);
        if (r.status !== 200) throw new Error(`GET ${p} : ${r.status}`);
      }
      const charge1 = () => round(loadavg()[0]!, 1).toString();

      // 1. Held load on the public search page and the API.
      global.gc?.();
      const rssDebut = Math.round(process.memoryUsage().rss / MB);
      const avant = charge1();
      dit(`1. ${CLIENTS} clients pendant ${SECONDES} s (loadavg ${avant})…`);
      const tenue = await loadTest(base, {
        connections: CLIENTS,
        seconds: SECONDES,
        paths: [...PAGES, ...API],
      });
      global.gc?.();
      const rssFin = Math.round(process.memoryUsage().rss / MB);
      const erreurs = tenue.errors + tenue.non2xx;
      figures.push(
        {
          name: `${CLIENTS} clients ${SECONDES} s (page de recherche publique et API) : p99`,
          value: round(tenue.p99),
          unit: 'ms',
          note: charge(`${avant} → ${charge1()}`, tenue),
          ...(pg ? { target: '≤ 1 000 ms', ok: tenue.p99 <= 1000 } : {}),
        },
        {
          name: `${CLIENTS} clients ${SECONDES} s : erreurs (erreurs réseau, délais, réponses non 2xx)`,
          value: erreurs,
          unit: 'requêtes',
          target: '0',
          ok: erreurs === 0,
        },
        {
          name: `${CLIENTS} clients ${SECONDES} s : RSS du serveur au début → à la fin`,
          value: rssFin - rssDebut,
          unit: 'MB',
          note: `${rssDebut} MB → ${rssFin} MB`,
          target: '≤ +100 MB (mémoire stable)',
          ok: rssFin - rssDebut <= 100,
        },
      );

      // 2. Public pages while an LHEO import of LHEO new formations runs in the same server.
      const avantImport = charge1();
      const reduit = LHEO < LHEO_CIBLE;
      dit(
        `2. import LHEO de ${LHEO} formations avec ${CLIENTS_IMPORT} clients sur les pages (borne ${MAX_S} s, loadavg ${avantImport})…`,
      );
      // The server's RSS during the import (on PGlite it holds the read copy of the base).
      let rssMax = 0;
      const sonde = setInterval(() => {
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
      }, 500);
      const started = performance.now();
      const cpuAvant = process.cpuUsage();
      // The bound: the source fails after MAX_S, the import rolls back, the load stops with it.
      const source = createReadStream(fichier);
      let fait = 0;
      let borne = false;
      let finCharge!: () => void;
      const arret = new Promise<void>((r) => {
        finCharge = r;
      });
      const limite = setTimeout(() => {
        borne = true;
        // The import ends its current batch before it sees the error: the load stops now.
        finCharge();
        source.destroy(new Error(`borne de ${MAX_S} s atteinte`));
      }, MAX_S * 1000);
      const suivi = setInterval(() => {
        const s = (performance.now() - started) / 1000;
        dit(
          `  import : ${fait}/${LHEO} formations écrites en ${Math.round(s)} s (${Math.round(fait / s)} /s), loadavg ${charge1()}`,
        );
      }, PROGRESS_S * 1000);
      const importation = importLheo(ctx, SYSTEME('bench'), source, {
        fichier,
        onProgress: (n) => {
          fait = n;
        },
      });
      const seul = CLIENTS_IMPORT === 0;
      const pendant = seul
        ? null
        : await loadTest(base, {
            connections: CLIENTS_IMPORT,
            seconds: MAX_S + 60,
            paths: PAGES,
            stop: Promise.race([importation, arret]),
          });
      const rapport = await importation.catch((e: unknown) => {
        if (!borne) throw e;
        return null;
      });
      clearTimeout(limite);
      clearInterval(suivi);
      const importS = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuAvant);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      clearInterval(sonde);
      const resultat = rapport
        ? `${rapport.formations.creees} créées en ${round(importS, 0)} s (${Math.round(rapport.formations.creees / importS)} /s)`
        : `interrompu à la borne de ${MAX_S} s après ${fait} formations lues (${Math.round(fait / importS)} /s), rien d’enregistré`;
      dit(`  import : ${resultat} ; CPU du processus ${round(cpuS, 1)} s`);
      const copie = database.copyStats
        ? ` ; copie de lecture PGlite : ${round(database.copyStats.lastMs, 0)} ms, ${Math.round(database.copyStats.lastBytes / MB)} MB ; RSS du serveur pendant l’import : max ${Math.round(rssMax / MB)} MB`
        : ` ; RSS du serveur pendant l’import : max ${Math.round(rssMax / MB)} MB`;
      const cpuNote = ` ; CPU du processus pendant l’import (tous ses fils) : ${round(cpuS, 1)} s`;
      if (!pendant) {
        figures.push({
          name: `import LHEO de ${LHEO} formations seul (sans charge) : débit`,
          value: rapport ? Math.round(rapport.formations.creees / importS) : Math.round(fait / importS),
          unit: 'formations/s',
          note: `import : ${resultat}${copie}${cpuNote}`,
        });
        return figures;
      }
      figures.push(
        {
          name: `pages publiques pendant l’import LHEO de ${LHEO} formations (${CLIENTS_IMPORT} clients) : p99${reduit ? ` (taille réduite : la cible vaut pour ${LHEO_CIBLE})` : ''}`,
          // No answer at all within autocannon's 30 s timeout: the wait is at least that.
          value: pendant.requests > 0 ? round(pendant.p99) : 30_000,
          unit: 'ms',
          note: `${charge(`${avantImport} → ${charge1()}`, pendant)} ; import : ${resultat} (${Math.round(statSync(fichier).size / MB)} MB)${copie}${cpuNote}`,
          target: `≤ 2 000 ms pendant l’import de ${LHEO_CIBLE} formations`,
          ok: !reduit && rapport !== null && pendant.p99 <= 2000 && pendant.errors === 0,
        },
        {
          name: `pages publiques pendant l’import LHEO : erreurs (erreurs réseau, délais, réponses non 2xx)`,
          value: pendant.errors + pendant.non2xx,
          unit: 'requêtes',
          target: '0',
          ok: pendant.errors + pendant.non2xx === 0,
        },
      );
    } finally {
      await app.close();
      await database.close();
    }
    return figures;
  },
};
