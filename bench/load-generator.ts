import autocannon from 'autocannon';
import { percentile } from './measure.ts';

// Child process of measure.ts loadTest(): autocannon against one URL, JSON result on stdout.
// autocannon reports p97.5 but not p95, so every response time is kept and sorted here.
const [url, connections, seconds] = process.argv.slice(2);
const latencies: number[] = [];
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    { url: url!, connections: Number(connections), duration: Number(seconds) },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});
latencies.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || Number(seconds)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
