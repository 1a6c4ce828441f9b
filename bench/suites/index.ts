import type { BenchSuite } from '../types.ts';
import { conformiteSuite } from './conformite.bench.ts';
import { lheoSuite } from './lheo.bench.ts';
import { storeSuite } from './store.bench.ts';

/** Every benchmark suite, in run order. Each work area appends its own. */
export const suites: BenchSuite[] = [storeSuite, conformiteSuite, lheoSuite];
