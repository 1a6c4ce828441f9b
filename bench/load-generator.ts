import autocannon from 'autocannon';
import { rng } from '../src/demo/prng.ts';
import { percentile } from './measure.ts';

// Child process of measure.ts loadTest(): autocannon against one URL (or, when paths follow, each
// connection cycling through those paths of the URL's origin), JSON result on stdout. autocannon
// reports p97.5 but not p95, so every response time is kept and sorted here. SIGTERM stops the
// run early and still reports (a load held "while something else runs" ends with that thing).
// BENCH_PROGRESS_S (10): every so many seconds, a progress line on stderr (requests answered,
// errors, slowest answer of the interval), so that a long run shows it is alive.
// BENCH_LOAD_ZIPF_S set (e.g. 1): instead of cycling, every request draws its path at random (seeded
// by BENCH_LOAD_SEED, 1), the path of rank r (0-based, in the order given) with a weight of
// 1 / (r + 1)^s: a few popular searches and a long tail, as real traffic, not one short cycle.
// BENCH_LOAD_HEADERS (JSON object): headers sent with every request (e.g. Accept-Encoding).
const [url, connections, seconds, ...paths] = process.argv.slice(2);
const PROGRESS_S = Number(process.env.BENCH_PROGRESS_S ?? 10);
const ZIPF_S = process.env.BENCH_LOAD_ZIPF_S ? Number(process.env.BENCH_LOAD_ZIPF_S) : null;

/** A path drawn by Zipf weight (cumulative weights, binary search): one call per request. */
function zipf(s: number, seed: number): () => string {
  const r = rng(seed);
  const cumul: number[] = [];
  let total = 0;
  for (let i = 0; i < paths.length; i++) {
    total += 1 / (i + 1) ** s;
    cumul.push(total);
  }
  return () => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumul.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumul[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return paths[lo]!;
  };
}
const HEADERS = JSON.parse(process.env.BENCH_LOAD_HEADERS ?? '{}') as Record<string, string>;
const tirage =
  ZIPF_S !== null && paths.length ? zipf(ZIPF_S, Number(process.env.BENCH_LOAD_SEED ?? 1)) : null;
const latencies: number[] = [];
const started = performance.now();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: url!,
      connections: Number(connections),
      duration: Number(seconds),
      timeout: 30,
      headers: HEADERS,
      ...(tirage
        ? { requests: [{ method: 'GET' as const, setupRequest: (req) => ({ ...req, path: tirage() }) }] }
        : paths.length
          ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) }
          : {}),
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  let erreurs = 0;
  let lent = 0;
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
    lent = Math.max(lent, responseTime);
  });
  instance.on('reqError', () => erreurs++);
  const progres = setInterval(() => {
    const s = Math.round((performance.now() - started) / 1000);
    process.stderr.write(
      `  [charge ${s} s] ${latencies.length} réponses, ${erreurs} erreurs, la plus lente des ${PROGRESS_S} dernières s : ${Math.round(lent)} ms\n`,
    );
    lent = 0;
  }, PROGRESS_S * 1000);
  instance.on('done', () => clearInterval(progres));
  process.once('SIGTERM', () => instance.stop());
});
latencies.sort((a, b) => a - b);
// The parent may be gone (a bench stopped by hand): no EPIPE trace then.
process.stdout.on('error', () => {});
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / (elapsed || Number(seconds)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerRequest: result.throughput.total / Math.max(1, result.requests.total),
    seconds: elapsed,
  }),
);
