// This process's own peak RSS (MB). On Linux, VmHWM of /proc/self/status: the high-water mark of
// the memory this program has mapped since it started. Not getrusage's maxRSS: Linux keeps
// that one across fork and exec, so a command spawned by a bench process that holds a lot of
// malloc'ed memory (buffers, the pg driver's, PGlite's) starts with the parent's figure as its
// own (docs/mesures.md, « Import LHEO : mémoire au repos et pic »). Elsewhere, maxRSS.
import { readFileSync } from 'node:fs';

export function peakRssMb() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {}
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
