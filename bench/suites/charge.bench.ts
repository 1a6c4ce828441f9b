import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { rng } from '../../src/demo/prng.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { benchDatabase, type LoadResult, loadTest, round, runOffre } from '../measure.ts';
import { type ServeProcess, startServe } from '../serve-process.ts';
import type { BenchFigure, BenchSuite } from '../types.ts';

// Issue 15 item 8, "load held", on loopback only and bounded in time:
// 1. BENCH_CHARGE_CLIENTS (200) concurrent clients for BENCH_CHARGE_S (60) s on the public search
//    page and the API's search, on a wide query mix (below): errors, p99 (target ≤ 1 s on
//    PostgreSQL), the server's RSS at start and end (memory flat).
// 2. BENCH_CHARGE_CLIENTS_IMPORT (as many) clients on the public pages while an LHEO file of
//    BENCH_CHARGE_LHEO (50,000) new formations is imported (see below where): p99 ≤ 2 s
//    on both engines. The target is the 50,000 one: a smaller file gives figures marked
//    "taille réduite", never a ✓. The import is stopped (its transaction rolled back) after
//    BENCH_CHARGE_MAX_S (600) s: the figure then says how far it got.
// Progress lines go to stderr every BENCH_PROGRESS_S (10) s while it runs.
// The server runs in this process; the load comes from a separate process (measure.ts loadTest).
// BENCH_CHARGE_FORMATIONS (5,000) formations of the demo are in the store before. A quick run:
// BENCH_ONLY=charge BENCH_CHARGE_S=10 BENCH_CHARGE_LHEO=2000 npm run bench.
// The query mix (melange below): BENCH_CHARGE_URLS (400) distinct URLs, three search pages for one
// API search, built from a seeded draw over words, filters and page numbers; each request draws
// one of them by Zipf weight (rank r: 1 / (r + 1)^BENCH_CHARGE_ZIPF, default 1), so the caches
// (anonymous page, API) meet a long tail as real traffic does: their hit ratio is reported beside
// the figures, with the server process's CPU per request. BENCH_CHARGE_CACHE=0 turns both caches
// off, BENCH_CHARGE_CACHE_PAGES=0 the page cache only (the uncached path, for comparison).
// On PostgreSQL the import of phase 2 runs as a separate `offre import lheo` process, as a real
// deployment would (BENCH_CHARGE_IMPORT=inline: in the server's process, as on PGlite, whose
// embedded base belongs to one process).
// BENCH_CHARGE_WORKERS=N (PostgreSQL): the server is a real `offre serve --workers N` process tree
// (bench/serve-process.ts) instead of this process; its CPU and RSS are the whole tree's (/proc),
// the cache hits are then not counted (OFFRE_API_CACHE follows BENCH_CHARGE_CACHE).

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

const URLS = Number(process.env.BENCH_CHARGE_URLS ?? 400);
const ZIPF = Number(process.env.BENCH_CHARGE_ZIPF ?? 1);
const CACHE = process.env.BENCH_CHARGE_CACHE !== '0';
const CACHE_PAGES = CACHE && process.env.BENCH_CHARGE_CACHE_PAGES !== '0';
const IMPORT_INLINE = process.env.BENCH_CHARGE_IMPORT === 'inline';
const WORKERS = Number(process.env.BENCH_CHARGE_WORKERS ?? 0);

// Words as people type them, most asked first (the draw favours the first ones).
const MOTS = [
  'bts',
  'cap cuisine',
  'commerce',
  'informatique',
  'boulanger',
  'vente',
  'maintenance',
  'coiffure',
  'infirmier',
  'comptabilité',
  'électricité',
  'logistique',
  'cap',
  'bac pro',
  'pâtissier',
  'mécanique automobile',
  'hôtellerie restauration',
  'aide soignant',
  'gestion',
  'plomberie',
  'menuiserie',
  'esthétique',
  'réseaux',
  'transport',
  'assistant',
  'banque',
  'immobilier',
  'paysagiste',
  'maçon',
  'soudure',
  'numérique',
  'développeur web',
  'tourisme',
  'petite enfance',
  'agriculture',
  'communication',
  'licence',
  'management',
  'boucher',
  'chaudronnerie',
];
const REGIONS = ['84', '11', '52', '93', '44', '76', '75', '32', '53', '28', '24', '27', '94'];
const NIVEAUX = ['3', '4', '5', '6', '7'];

/**
 * The load's distinct URLs, most popular first: search pages (words, filters, page numbers) and
 * API searches, three pages for one API URL, drawn from a seeded PRNG (the same mix every run).
 */
export function melange(n: number, seed = 8): string[] {
  const r = rng(seed);
  const mot = () => r.weighted(MOTS.map((m, i) => [m, 1 / (i + 1)] as const));
  const pages = new Set<string>(['/']);
  const api = new Set<string>(['/api/v1/formations?limit=100']);
  const nApi = Math.round(n / 4);
  for (let essais = 0; (pages.size < n - nApi || api.size < nApi) && essais < n * 100; essais++) {
    const p = new URLSearchParams();
    if (r.chance(0.9)) p.set('q', mot());
    if (r.chance(0.3)) p.set('region', r.pick(REGIONS));
    if (r.chance(0.15)) p.set('niveau', r.pick(NIVEAUX));
    if (r.chance(0.1)) p.set('ouvert', '1');
    if (r.chance(0.1)) p.set('tri', 'debut');
    if (r.chance(0.5) && api.size < nApi) {
      p.set('limit', '20');
      api.add(`/api/v1/formations?${p}`);
    } else if (pages.size < n - nApi) {
      // Page 1 mostly, then fewer and fewer (2, 3… 6).
      let page = 1;
      while (page < 6 && r.chance(0.3)) page++;
      if (page > 1) p.set('page', String(page));
      pages.add(`/?${p}`.replace(/\?$/, ''));
    }
  }
  // Ranks: three pages, then one API URL, in the order they were first drawn.
  const ps = [...pages];
  const as = [...api];
  const tout: string[] = [];
  for (let i = 0; i < Math.max(ps.length, as.length * 3); i++) {
    if (i < ps.length) tout.push(ps[i]!);
    if (i % 3 === 2 && as[(i - 2) / 3]) tout.push(as[(i - 2) / 3]!);
  }
  return tout;
}

/** An LHEO file of `n` formations: the demo's export repeated, each copy under new formation numbers. */
async function fichierLheo(ctx: AppContext, n: number, out: string): Promise<void> {
  const exp = await openLheoExport(ctx.db, SYSTEME('bench'), {}, ctx.now());
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

/** Cache answers seen by the server, per cache: `x-offre-cache` hit / miss. */
interface Compteurs {
  pages: { hit: number; miss: number };
  api: { hit: number; miss: number };
}
const compteurs = (): Compteurs => ({ pages: { hit: 0, miss: 0 }, api: { hit: 0, miss: 0 } });
const taux = (c: { hit: number; miss: number }) =>
  c.hit + c.miss ? `${Math.round((100 * c.hit) / (c.hit + c.miss))} % (${c.hit}/${c.hit + c.miss})` : '—';
const caches = (c: Compteurs) =>
  WORKERS > 0
    ? `caches ${CACHE ? 'activés' : 'désactivés'} (succès non comptés : serveur hors du processus du banc)`
    : CACHE
      ? `succès des caches : page de recherche ${CACHE_PAGES ? taux(c.pages) : 'désactivé'}, API ${taux(c.api)}`
      : 'caches désactivés';
/** The server process's CPU (user + system) per answered request, ms. */
const cpuParRequete = (ms: number, r: LoadResult) =>
  `CPU ${WORKERS > 0 ? `de \`offre serve --workers ${WORKERS}\` (tout l’arbre de processus)` : 'du processus serveur'} ${round(ms / Math.max(1, r.requests), 2)} ms par requête`;

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
    const app = await buildApp(ctx, { apiCache: CACHE, pageCache: CACHE_PAGES });
    let vus = compteurs();
    app.addHook('onResponse', async (request, reply) => {
      const c = reply.getHeader('x-offre-cache');
      if (c !== 'hit' && c !== 'miss') return;
      vus[request.url.startsWith('/api/') ? 'api' : 'pages'][c]++;
    });
    const mix = melange(URLS);
    const pagesSeules = mix.filter((u) => !u.startsWith('/api/'));
    const dit = (texte: string) => progres(env.engine, texte);
    let serveur: ServeProcess | null = null;
    try {
      dit(`démo de ${FORMATIONS} formations…`);
      await loadDemo(ctx, { formations: FORMATIONS, seed: 11 });
      const fichier = join(env.tmpDir, 'charge.xml');
      dit(`fichier LHEO de ${LHEO} formations…`);
      await fichierLheo(ctx, LHEO, fichier);
      if (WORKERS > 0 && !pg) throw new Error('BENCH_CHARGE_WORKERS demande PostgreSQL');
      serveur =
        WORKERS > 0 ? await startServe(database, WORKERS, { OFFRE_API_CACHE: CACHE ? '1' : '0' }) : null;
      if (!serveur) await app.listen({ port: 0, host: '127.0.0.1' });
      const base = serveur?.base ?? `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      /** CPU time of the server so far (this process, or the `offre serve` tree), ms. */
      const cpuMs = () => {
        if (serveur) return serveur.cpuMs();
        const c = process.cpuUsage();
        return (c.user + c.system) / 1000;
      };
      const rss = () => (serveur ? serveur.rssMb() * MB : process.memoryUsage().rss);
      if (serveur) dit(`serveur : offre serve --workers ${WORKERS} sur ${base}`);
      for (const p of [pagesSeules[0]!, mix.find((u) => u.startsWith('/api/'))!]) {
        const r = await fetch(base + p);
        if (r.status !== 200) throw new Error(`GET ${p} : ${r.status}`);
      }
      const charge1 = () => round(loadavg()[0]!, 1).toString();

      // 1. Held load on the public search page and the API.
      global.gc?.();
      const rssDebut = Math.round(rss() / MB);
      const avant = charge1();
      dit(
        `1. ${CLIENTS} clients pendant ${SECONDES} s sur ${mix.length} adresses (loadavg ${avant}, caches ${CACHE ? (CACHE_PAGES ? 'page et API' : 'API seule') : 'désactivés'})…`,
      );
      vus = compteurs();
      const cpu1 = cpuMs();
      const tenue = await loadTest(base, {
        connections: CLIENTS,
        seconds: SECONDES,
        paths: mix,
        zipf: { s: ZIPF, seed: 1 },
      });
      const cpuTenue = cpuMs() - cpu1;
      const vusTenue = vus;
      global.gc?.();
      const rssFin = Math.round(rss() / MB);
      const erreurs = tenue.errors + tenue.non2xx;
      figures.push(
        {
          name: `${CLIENTS} clients ${SECONDES} s (page de recherche publique et API) : p99`,
          value: round(tenue.p99),
          unit: 'ms',
          note: `${charge(`${avant} → ${charge1()}`, tenue)} ; ${mix.length} adresses tirées selon Zipf (s = ${ZIPF}) ; ${caches(vusTenue)} ; ${cpuParRequete(cpuTenue, tenue)}`,
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

      // 2. Public pages while an LHEO import of LHEO new formations runs: in a separate
      // `offre import lheo` process on PostgreSQL (as deployed), in the server's process on PGlite.
      const horsProcessus = pg && !IMPORT_INLINE;
      const ou = horsProcessus ? 'processus `offre import lheo` séparé' : 'dans le processus du serveur';
      const avantImport = charge1();
      const reduit = LHEO < LHEO_CIBLE;
      dit(
        `2. import LHEO de ${LHEO} formations (${ou}) avec ${CLIENTS_IMPORT} clients sur ${pagesSeules.length} pages (borne ${MAX_S} s, loadavg ${avantImport})…`,
      );
      const compter = async () =>
        Number(
          (await sql<{ n: string }>`select count(*)::text as n from formation`.execute(ctx.db)).rows[0]!.n,
        );
      const formationsAvant = await compter();
      // The server's RSS during the import (on PGlite it holds the read copy of the base).
      let rssMax = 0;
      const sonde = setInterval(() => {
        rssMax = Math.max(rssMax, rss());
      }, 500);
      const started = performance.now();
      // The bound: the source fails (or the process gets SIGTERM) after MAX_S, the import rolls
      // back, the load stops with it.
      const source = horsProcessus ? null : createReadStream(fichier);
      const abandon = new AbortController();
      let importCpuS: number | null = null;
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
        source?.destroy(new Error(`borne de ${MAX_S} s atteinte`));
        abandon.abort();
      }, MAX_S * 1000);
      const suivi = setInterval(() => {
        const s = (performance.now() - started) / 1000;
        dit(
          horsProcessus
            ? `  import : en cours depuis ${Math.round(s)} s, loadavg ${charge1()}`
            : `  import : ${fait}/${LHEO} formations écrites en ${Math.round(s)} s (${Math.round(fait / s)} /s), loadavg ${charge1()}`,
        );
      }, PROGRESS_S * 1000);
      const importation: Promise<{ creees: number }> = source
        ? importLheo(ctx, SYSTEME('bench'), source, {
            fichier,
            onProgress: (n) => {
              fait = n;
            },
          }).then((r) => ({ creees: r.formations.creees }))
        : runOffre(database, ['import', 'lheo', fichier], { signal: abandon.signal }).then(async (run) => {
            if (run.code !== 0) throw new Error(`offre import lheo : code ${run.code}`);
            importCpuS = run.cpuS;
            return { creees: (await compter()) - formationsAvant };
          });
      vus = compteurs();
      const cpu2 = cpuMs();
      const pendant = await loadTest(base, {
        connections: CLIENTS_IMPORT,
        seconds: MAX_S + 60,
        paths: pagesSeules,
        zipf: { s: ZIPF, seed: 2 },
        stop: Promise.race([importation, arret]),
      });
      const cpuPendant = cpuMs() - cpu2;
      const vusPendant = vus;
      const rapport = await importation.catch((e: unknown) => {
        if (!borne) throw e;
        return null;
      });
      clearTimeout(limite);
      clearInterval(suivi);
      const importS = (performance.now() - started) / 1000;
      clearInterval(sonde);
      const resultat = rapport
        ? `${rapport.creees} créées en ${round(importS, 0)} s (${Math.round(rapport.creees / importS)} /s, ${ou}${importCpuS !== null ? `, ${round(importCpuS, 1)} s de CPU` : ''})`
        : `interrompu à la borne de ${MAX_S} s${horsProcessus ? '' : ` après ${fait} formations lues (${Math.round(fait / importS)} /s)`}, rien d’enregistré (${ou})`;
      dit(`  import : ${resultat}`);
      const copie = database.copyStats
        ? ` ; copie de lecture PGlite : ${round(database.copyStats.lastMs, 0)} ms, ${Math.round(database.copyStats.lastBytes / MB)} MB ; RSS du serveur pendant l’import : max ${Math.round(rssMax / MB)} MB`
        : ` ; RSS du serveur pendant l’import : max ${Math.round(rssMax / MB)} MB`;
      figures.push(
        {
          name: `pages publiques pendant l’import LHEO de ${LHEO} formations (${CLIENTS_IMPORT} clients) : p99${reduit ? ` (taille réduite : la cible vaut pour ${LHEO_CIBLE})` : ''}`,
          // No answer at all within autocannon's 30 s timeout: the wait is at least that.
          value: pendant.requests > 0 ? round(pendant.p99) : 30_000,
          unit: 'ms',
          note: `${charge(`${avantImport} → ${charge1()}`, pendant)} ; ${pagesSeules.length} pages tirées selon Zipf (s = ${ZIPF}) ; ${caches(vusPendant)} ; ${cpuParRequete(cpuPendant, pendant)}${horsProcessus ? '' : ' (import compris)'} ; import : ${resultat} (${Math.round(statSync(fichier).size / MB)} MB)${copie}`,
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
      await serveur?.stop();
      await app.close();
      await database.close();
    }
    return figures;
  },
};
