import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheminsAbsolus } from './hote.client.ts';
import { buildProgram } from './main.ts';

describe('cheminsAbsolus (arguments sent to the server holding the embedded folder)', () => {
  const ici = mkdtempSync(join(tmpdir(), 'offre-hote-'));
  writeFileSync(join(ici, 'stock.csv'), 'x');
  writeFileSync(join(ici, 'import'), 'a file named like a command');

  it('makes existing files and output options absolute, leaves commands, options and values', () => {
    expect(
      cheminsAbsolus(['referentiel', 'import', 'sirene', 'stock.csv', '--only-known'], ici, buildProgram()),
    ).toEqual(['referentiel', 'import', 'sirene', join(ici, 'stock.csv'), '--only-known']);
    expect(
      cheminsAbsolus(['export', 'csv', '--out', 'sortie.csv', '--region', '84'], ici, buildProgram()),
    ).toEqual(['export', 'csv', '--out', join(ici, 'sortie.csv'), '--region', '84']);
    expect(cheminsAbsolus(['lheo', '--out=offre.xml'], ici, buildProgram())).toEqual([
      'lheo',
      `--out=${join(ici, 'offre.xml')}`,
    ]);
    expect(cheminsAbsolus(['db', 'dump', 'sauvegarde.tar.gz'], ici, buildProgram())).toEqual([
      'db',
      'dump',
      join(ici, 'sauvegarde.tar.gz'),
    ]);
    expect(cheminsAbsolus(['apikey', 'add', '--name', 'SI du CFA'], ici, buildProgram())).toEqual([
      'apikey',
      'add',
      '--name',
      'SI du CFA',
    ]);
    expect(cheminsAbsolus(['lheo', '/tmp/absolu.xml'], ici, buildProgram())).toEqual([
      'lheo',
      '/tmp/absolu.xml',
    ]);
  });
});
