// The benchmark harness contract: `npm run bench` runs every suite of ./suites/index.ts on PGlite
// and on PostgreSQL (when reachable), and writes bench/results/report.{json,md}.

export interface BenchEnv {
  readonly engine: 'pglite' | 'postgres';
  /** Number of formations at national scale for this run (default 50,000; BENCH_FORMATIONS overrides). */
  readonly formations: number;
  /** A scratch folder for generated files, removed after the run. */
  readonly tmpDir: string;
  /** PostgreSQL server of the run (for the postgres engine, and for raw COPY baselines). */
  readonly databaseUrl: string | undefined;
}

export interface BenchFigure {
  readonly name: string; // e.g. "GET /api/v1/formations?limit=100 p95"
  readonly value: number;
  readonly unit: string; // "ms", "req/s", "rows/s", "MB", "s", "ratio"
  readonly target?: string; // e.g. "≤ 50 ms"
  readonly ok?: boolean; // whether the target is met
  readonly note?: string;
}

export interface BenchSuite {
  readonly name: string;
  run(env: BenchEnv): Promise<BenchFigure[]>;
}
