import autocannon from 'autocannon';
import { percentile } from './measure.ts';

// Child process of measure.ts loadTest(): autocannon against one URL (or, when paths follow, each
// connection cycling through those paths of the URL's origin), JSON result on stdout. autocannon
// reports p97.5 but not p95, so every response time is kept and sorted here. SIGTERM stops the
// run early and still reports (a load held "while something else runs" ends with that thing).
const [url, connections, seconds, ...paths] = process.argv.slice(2);
const latencies: number[] = [];
const started = performance.now();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: url!,
      connections: Number(connections),
      duration: Number(seconds),
      timeout: 30,
      ...(paths.length ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) } : {}),
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
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
    seconds: elapsed,
  }),
);
