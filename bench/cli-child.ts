import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.ts';
import { peakRssMb } from './peak-rss.mjs';

// `offre <args>` exactly as bin/offre.js runs it, then this process's own peak RSS and duration
// written to the file named first (so a bench figure is the command's memory, not the bench's).
const [out, ...args] = process.argv.slice(2);
const started = performance.now();
process.once('exit', (code) => {
  writeFileSync(
    out!,
    JSON.stringify({
      code,
      ms: performance.now() - started,
      // User + system CPU of the command (wall time lies on a shared machine).
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      maxRssMb: peakRssMb(),
    }),
  );
});
await main(args);
