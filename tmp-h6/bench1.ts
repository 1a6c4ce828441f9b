import { classeurSuite } from '../bench/suites/classeur.bench.ts';
import { mkdtempSync } from 'node:fs';
const figures = await classeurSuite.run({ engine: (process.env.ENGINE ?? 'pglite') as 'pglite', formations: 0, tmpDir: mkdtempSync('/tmp/h6b-'), databaseUrl: 'postgres://postgres@127.0.0.1:5432/test' });
console.log(JSON.stringify(figures, null, 1));
