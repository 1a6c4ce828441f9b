// Preloaded (node --import) into a measured command: writes its own peak RSS (MB, peak-rss.mjs), CPU time
// (user + system, s) and the time its event loop waited idle (s: for the database, a file, a
// timer) on exit to the file named by OFFRE_BENCH_RSS_OUT (a child's maxRSS cannot be read from
// its parent in Node).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { peakRssMb } from './peak-rss.mjs';

process.once('exit', () => {
  const out = process.env.OFFRE_BENCH_RSS_OUT;
  const u = process.resourceUsage();
  if (out)
    writeFileSync(
      out,
      JSON.stringify({
        rss: peakRssMb(),
        cpu: (u.userCPUTime + u.systemCPUTime) / 1e6,
        attente: performance.eventLoopUtilization().idle / 1000,
      }),
    );
});
