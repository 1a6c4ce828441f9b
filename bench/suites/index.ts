import type { BenchSuite } from '../types.ts';

/** Every benchmark suite, in run order. Each work area appends its own. */
export const suites: BenchSuite[] = [];
