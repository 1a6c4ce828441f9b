// Types of peak-rss.mjs for the TypeScript bench files.
/** This process's own peak RSS (MB): VmHWM on Linux (not inherited across fork and exec), else maxRSS. */
export function peakRssMb(): number;
