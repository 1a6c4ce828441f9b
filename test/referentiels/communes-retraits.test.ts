import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeImport } from '../../src/cli/commands/referentiel.command.ts';
import type { Database } from '../../src/db/database.ts';
import { rechercher } from '../../src/services/recherche.service.ts';
import { type ImportResult, importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture } from './helpers.ts';

// A fresh user's report: `offre referentiel import communes communes.csv` printed
// « commune +73 ~35342 -4 » and nothing about the 4. The removals are (commune, postal code)
// pairs stored that neither the file nor the built-in list has (93066 Saint-Denis has 93200 and
// 93210 in the 2024 file, 93380 too in the COG list: kept, test communes-plus-recentes; 93999 is
// known to neither); the file's rows without coordinates are kept.
// Fixture: rows cut from the real file (same header, same values).

describe('communes file: removals named, rows without coordinates kept', () => {
  let database: Database;
  let r: ImportResult;
  beforeAll(async () => {
    database = await testDatabase();
    // Saint-Denis as the built-in list (INSEE COG) has it, before the file: three postal codes,
    // and one known to neither the list nor the file.
    await database.db
      .insertInto('commune')
      .values(
        ['93200', '93210', '93380', '93999'].map((code_postal) => ({
          code_insee: '93066',
          code_postal,
          nom: 'Saint-Denis',
          code_departement: '93',
          code_region: '11',
        })),
      )
      .execute();
    r = await importReferentiel(contexte(database), {
      kind: 'communes',
      fichier: fixture('communes/communes-retraits.csv'),
    });
  });
  afterAll(() => database.close());

  it('names the removed facts, with their name, in the summary the command prints', () => {
    expect(r.diff.commune?.retraits).toBe(1);
    expect(r.diff.commune?.exemples.retraits).toEqual([
      { code_insee: '93066', code_postal: '93999', nom: 'Saint-Denis' },
    ]);
    const texte = resumeImport(r);
    // Additions: the built-in list's communes the file lacks (its complement), not counted here.
    expect(texte).toMatch(/^Changements \(\+ ajoutés, ~ modifiés, - retirés\) : commune \+\d+ ~3 -1,/m);
    expect(texte).toContain('Retirés car absents du fichier : commune 93066 93999 Saint-Denis.');
  });

  it('keeps a commune of the file without coordinates, and searches « Où ? » in it alone', async () => {
    const talican = await database.db
      .selectFrom('commune')
      .select(['code_postal', 'nom', 'lat', 'lon'])
      .where('code_insee', '=', '60694')
      .execute();
    expect(talican).toEqual([{ code_postal: '60390', nom: 'Les Hauts-Talican', lat: null, lon: null }]);
    const res = await rechercher(
      database.db,
      { kind: 'anonyme' },
      { ou: 'Les Hauts-Talican', rayon_km: 20, taille: 1, aujourdhui: '2026-09-01' },
    );
    expect(res.lieu?.code_insee).toBe('60694');
    expect(res.rayonIgnore).toBe(true);
  });
});

describe('summary of a removal of more than five facts', () => {
  it('names five and counts the others', () => {
    const retraits = ['01', '02', '03', '04', '05'].map((n) => ({
      code_insee: `930${n}`,
      code_postal: '93000',
      nom: `C${n}`,
    }));
    const r = {
      statut: 'importe',
      run_id: 3,
      kind: 'communes',
      jeu: 'communes',
      libelle: 'communes et codes postaux',
      disposition: null,
      fichier: 'c.csv',
      lignes: { lues: 1, gardees: 1, rejetees: 0, ignorees: 0, completees: 0 },
      diff: {
        commune: {
          ajouts: 0,
          modifications: 0,
          retraits: 8,
          exemples: { ajouts: [], modifications: [], retraits },
        },
      },
      impact: { formations: 0, ids: [] },
      offres: null,
      alertes: [],
      rejets: [],
      duree_ms: 1,
    } as unknown as ImportResult;
    expect(resumeImport(r)).toContain(
      'Retirés car absents du fichier : commune 93001 93000 C01, 93002 93000 C02, 93003 93000 C03, 93004 93000 C04, 93005 93000 C05… et 3 autres.',
    );
  });
});
