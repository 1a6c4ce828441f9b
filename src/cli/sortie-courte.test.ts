import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cheminsAbsolus } from './hote.client.ts';
import { buildProgram } from './main.ts';

// Fresh user (06/12): `offre export lheo … -o f.xml` was refused, only `--out` known. `-o` is the
// short form of `--out` on every command that has it (docs/contrat.md), also through the server.

/** Every command of the tree with its full name (`export lheo`). */
const commandes = (c: Command, avant: string[] = []): [string, Command][] =>
  c.commands.flatMap((s) => {
    const nom = [...avant, s.name()];
    return [[nom.join(' '), s] as [string, Command], ...commandes(s, nom)];
  });

describe('-o, the short form of --out', () => {
  it('is on every command that has --out, and on no other option', () => {
    const avecOut = commandes(buildProgram()).filter(([, c]) => c.options.some((o) => o.long === '--out'));
    expect(avecOut.map(([n]) => n).sort()).toEqual(
      ['export classeur', 'export csv', 'export lheo', 'export xlsx', 'partenaires export'].sort(),
    );
    for (const [nom, c] of avecOut) expect(c.options.find((o) => o.long === '--out')?.short, nom).toBe('-o');
    const autres = commandes(buildProgram()).flatMap(([n, c]) =>
      c.options.filter((o) => o.short === '-o' && o.long !== '--out').map(() => n),
    );
    expect(autres).toEqual([]);
  });

  it('has its file made absolute when the command goes through the server', () => {
    const ici = mkdtempSync(join(tmpdir(), 'offre-o-'));
    expect(cheminsAbsolus(['export', 'lheo', '-o', 'f.xml'], ici, buildProgram())).toEqual([
      'export',
      'lheo',
      '-o',
      join(ici, 'f.xml'),
    ]);
    expect(cheminsAbsolus(['export', 'csv', '-of.csv'], ici, buildProgram())).toEqual([
      'export',
      'csv',
      `-o${join(ici, 'f.csv')}`,
    ]);
  });
});
