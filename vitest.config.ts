import { defineConfig } from 'vitest/config';

// `npm test`: pure unit tests once; data-layer and HTTP tests on PGlite always and on
// PostgreSQL too when DATABASE_URL is set; browser tests once (on PGlite).
const integration = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
const browser = ['test/browser/**/*.test.ts'];
// API quotas out of the way of tests that are not about them (test/securite/quotas.test.ts sets its own).
const sansQuotas = {
  OFFRE_QUOTA_LECTURE_IP: '1000000',
  OFFRE_QUOTA_ECRITURE_IP: '1000000',
  OFFRE_QUOTA_LECTURE_CLE: '1000000',
  OFFRE_QUOTA_ECRITURE_CLE: '1000000',
};
// Embedded databases with a 16MB buffer pool instead of PGlite's 128MB: each PGlite start zeroes
// its pool in WebAssembly, ≈ 0.5 s of CPU per opening (test databases, CLI runs, `offre` children,
// which inherit the variable); nothing a test checks depends on the pool's size (docs/mesures.md).
// Set it empty to run PGlite's default.
const pglite = { OFFRE_PGLITE_SHARED_BUFFERS: process.env.OFFRE_PGLITE_SHARED_BUFFERS ?? '16MB' };

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    // Timeouts catch a hang, not slowness (speed is measured by `npm run bench`): on a machine 3×
    // slower than usual (01/12/2026, docs/mesures.md) the browser journeys took 45 to 106 s.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Vitest's default on 2 cores is one worker: the suite then waits in line on PostgreSQL, child
    // processes and Chromium. Three workers on the 2-core CI machine overlap those waits (with two,
    // the baseline run of 01/12/2026 kept the cores busy half the time: ≈ 660 s of CPU in 693 s on
    // 2 cores, docs/mesures.md); test files share nothing but the PostgreSQL server, where each works
    // in its own schema. OFFRE_TEST_WORKERS overrides it (a smaller machine, a debugging run).
    maxWorkers: Number(process.env.OFFRE_TEST_WORKERS ?? 3),
    globalSetup: ['test/helpers/build-global-setup.ts'],
    // Measurement only: OFFRE_TEST_CPU=/tmp/cpu.tsv appends each test file's CPU, its descendants'
    // (Chromium, `offre` children) included, to that file (test/helpers/cpu-par-fichier.ts).
    setupFiles: process.env.OFFRE_TEST_CPU ? ['test/helpers/cpu-par-fichier.ts'] : [],
    projects: [
      // Every project loads its modules once per worker, not once per test file (`isolate: false`):
      // unit 20.6 s → 9.0 s of CPU; the integration and browser projects, see docs/mesures.md.
      // Test files then share module state within a worker: CONTRIBUTING.md says what each must
      // leave behind (nothing).
      {
        extends: true as const,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], isolate: false },
      },
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: integration,
          exclude: browser,
          env: { OFFRE_TEST_ENGINE: 'pglite', ...sansQuotas, ...pglite },
          isolate: false,
        },
      },
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: integration,
                exclude: browser,
                env: { OFFRE_TEST_ENGINE: 'postgres', ...sansQuotas },
                isolate: false,
                globalSetup: ['test/helpers/pg-global-setup.ts'],
              },
            },
          ]
        : []),
      {
        extends: true as const,
        test: { name: 'browser', include: browser, env: { OFFRE_TEST_ENGINE: 'pglite', ...sansQuotas, ...pglite }, isolate: false },
      },
    ],
  },
});
