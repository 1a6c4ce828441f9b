// Child process of store.bench.ts pageFeedCpu(): a consumer of the change feed, as a real one is
// (another process than the server). Reads /api/v1/changes from seq 0 to the end, 1,000 events a
// page (fetch, then the body parsed as JSON), and prints on stdout, as JSON: the number of events,
// the wall time of the reading (ms, from the first request to the last answer: this process's
// start-up is left out) and the CPU this process spent reading (s).
// Usage: feed-client.ts <base URL> <Accept-Encoding sent: identity | gzip>
const [base, encodage = 'identity'] = process.argv.slice(2);
const c0 = process.cpuUsage();
const t0 = performance.now();
let since = '0';
let events = 0;
for (;;) {
  const r = await fetch(`${base}/api/v1/changes?since=${since}&limit=1000`, {
    headers: { 'accept-encoding': encodage },
  });
  if (r.status !== 200) {
    process.stderr.write(`GET /api/v1/changes : ${r.status}\n`);
    process.exit(1);
  }
  const body = (await r.json()) as { data: unknown[]; next_cursor: string };
  if (body.data.length === 0) break;
  events += body.data.length;
  since = body.next_cursor;
}
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ events, ms, clientS: (c.user + c.system) / 1e6 }));
