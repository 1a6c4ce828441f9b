import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// What every command loads before it runs: main.ts and the modules it imports statically (the
// command definitions, then withContext's database modules). A command loads the rest with
// import() where it uses it, as bin/build.js splits it; a package reached from here is paid by
// `offre --help` and by every import, in start time and in memory held until the end
// (docs/mesures.md, « Import LHEO : mémoire au repos et pic »).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTREES = ['src/cli/main.ts', 'src/config.ts', 'src/db/database.ts', 'src/db/migrate.ts'];

/** The packages reached from `entrees` through static imports only. */
async function paquetsAuDemarrage(entrees: readonly string[]): Promise<Set<string>> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: [...entrees],
    bundle: true,
    splitting: true,
    write: false,
    metafile: true,
    outdir: 'dist-demarrage',
    format: 'esm',
    platform: 'node',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  const inputs: Metafile['inputs'] = metafile.inputs;
  const vus = new Set<string>(entrees);
  const paquets = new Set<string>();
  const file = [...entrees];
  while (file.length > 0) {
    for (const i of inputs[file.pop()!]?.imports ?? []) {
      if (i.kind !== 'import-statement' || vus.has(i.path)) continue;
      vus.add(i.path);
      if (i.external) paquets.add(i.path);
      else file.push(i.path);
    }
  }
  return paquets;
}

describe('offre: what every command loads at start', () => {
  it('leaves out the packages that only some commands use', async () => {
    const paquets = [...(await paquetsAuDemarrage(ENTREES))];
    // nodemailer (mail outbox, structure approve/refuse), argon2 (passwords), the pages, the
    // workbooks, the embedded engine and the projections load where they are used.
    for (const lourd of [
      'nodemailer',
      '@node-rs/argon2',
      'preact',
      'preact-render-to-string',
      'exceljs',
      'proj4',
      'fastify',
      '@electric-sql/pglite',
    ])
      expect(paquets.filter((p) => p === lourd || p.startsWith(`${lourd}/`))).toEqual([]);
    expect(paquets).toContain('commander');
  }, 30_000);
});
