import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chargerDemo } from '../../src/cli/demo.progress.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Fresh user (06/12): the first `npm start` (empty folder, demo loaded) drew one « Démonstration »
// bar that reached 100 % and started again: loading the formations, then checking them, on one
// bar. Each step now has its bar and its label, as `offre demo` draws them.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

it('draws one bar per step of the demo load, each with its label, never going back', async () => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let texte = '';
  terminal.on('data', (d: Buffer) => {
    texte += d.toString();
  });
  const r = await chargerDemo(
    testContext(database),
    { formations: 6, seed: 42, chunk: 2 },
    { stream: terminal as unknown as NodeJS.WritableStream & { isTTY: boolean }, afterMs: 0 },
  );
  expect(r.formations).toBe(6);
  // Every drawing of a bar, its terminal codes taken out: « <label> [███░░] <n> % ».
  const lignes = texte.replace(new RegExp(`${'\u001b'}\\[[0-9;?]*[A-Za-z]`, 'g'), '\n');
  const dessins = [...lignes.matchAll(/^([^\r\n[]+?) \[[^\]\n]*\] (\d+) %/gm)].map((m) => ({
    etape: m[1]!.trim(),
    pourcent: Number(m[2]),
  }));
  // No remaining time before it means something (« reste 0s » at first, then « reste 30s »).
  expect(texte).not.toMatch(/ \d\d? % \| [^|]*\| reste 0/);
  expect(texte).toContain('reste …');
  expect([...new Set(dessins.map((d) => d.etape))]).toEqual([
    'Chargement des formations',
    'Contrôle de conformité',
  ]);
  for (const etape of new Set(dessins.map((d) => d.etape))) {
    const suite = dessins.filter((d) => d.etape === etape).map((d) => d.pourcent);
    expect(suite).toEqual([...suite].sort((a, b) => a - b));
    expect(suite.at(-1)).toBe(100);
  }
});
