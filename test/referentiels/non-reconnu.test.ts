import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { useTestApi } from '../api/helpers.ts';
import { buildZip, fixture, tmp } from './helpers.ts';

// A fresh user (07/12): a BCN table re-saved with « , » was refused quoting its header joined by
// « ; » (« en-tête « FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLO… » »: it read like the expected
// header), and a zip holding the wrong file said only « fichier ZIP sans la structure attendue ».

const t = useTestApi();
const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refus = (kind: string, fichier: string) =>
  importReferentiel(t.ctx, { kind, fichier }).then(
    () => expect.unreachable('accepted'),
    (e: { code: string; message: string }) => e,
  );

describe('a reference file not recognised', () => {
  it('a BCN table with « , » instead of « ; »: its own first line quoted, the separator named', async () => {
    const virgules = readFileSync(fixture('bcn/N_FORMATION_DIPLOME.csv'), 'utf8').replaceAll(';', ',');
    writeFileSync(join(dir, 'virgules.csv'), virgules);
    const r = await refus('bcn', join(dir, 'virgules.csv'));
    expect(r.code).toBe('REFERENTIEL_MAUVAIS_TYPE');
    expect(r.message).toContain('séparateur « , » au lieu de « ; »');
    expect(r.message).toContain('première ligne « FORMATION_DIPLOME,NIVEAU_FORMATION_DIPLO');
    expect(r.message).not.toContain('FORMATION_DIPLOME;');
    expect(r.message).toContain('aucun référentiel n’a été modifié');
  });

  it('a zip holding another file: its members named, and what it should hold', async () => {
    const communes = readFileSync(fixture('communes/communes.csv'));
    const zip = buildZip(join(dir, 'communes.zip'), [{ name: 'inside.csv', data: communes }]);
    for (const [kind, attendu] of [
      ['rncp', 'export_fiches_CSV_Standard'],
      ['acce', 'numero_uai'],
    ] as const) {
      const r = await refus(kind, zip);
      expect(r.code).toBe('REFERENTIEL_MAUVAIS_TYPE');
      expect(r.message).toContain(
        'fichier ZIP qui contient « inside.csv » (CSV, première ligne « insee_com,insee_reg,insee_dep,commune',
      );
      expect(r.message).toContain(`attendu : `);
      expect(r.message).toContain(attendu);
    }
  });
});
