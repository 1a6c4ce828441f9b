import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cheminsAbsolus } from './hote.ts';

describe('cheminsAbsolus (arguments sent to the server holding the embedded folder)', () => {
  const ici = mkdtempSync(join(tmpdir(), 'offre-hote-'));
  writeFileSync(join(ici, 'stock.csv'), 'x');
  writeFileSync(join(ici, 'import'), 'a file named like a command');

  it('makes existing files and output options absolute, leaves commands, options and values', () => {
    expect(cheminsAbsolus(['referentiel', 'import', 'sirene', 'stock.csv', '--only-known'], ici)).toEqual([
      'referentiel',
      'import',
      'sirene',
      join(ici, 'stock.csv'),
      '--only-known',
    ]);
    expect(cheminsAbsolus(['export', 'csv', '--out', 'sortie.csv', '--region', '84'], ici)).toEqual([
      'export',
      'csv',
      '--out',
      join(ici, 'sortie.csv'),
      '--region',
      '84',
    ]);
    expect(cheminsAbsolus(['lheo', '--out=offre.xml'], ici)).toEqual([
      'lheo',
      `--out=${join(ici, 'offre.xml')}`,
    ]);
    expect(cheminsAbsolus(['db', 'dump', 'sauvegarde.tar.gz'], ici)).toEqual([
      'db',
      'dump',
      join(ici, 'sauvegarde.tar.gz'),
    ]);
    expect(cheminsAbsolus(['apikey', 'add', '--name', 'SI du CFA'], ici)).toEqual([
      'apikey',
      'add',
      '--name',
      'SI du CFA',
    ]);
    expect(cheminsAbsolus(['lheo', '/tmp/absolu.xml'], ici)).toEqual(['lheo', '/tmp/absolu.xml']);
  });
});
