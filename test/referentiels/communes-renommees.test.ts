import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeImport } from '../../src/cli/commands/referentiel.command.ts';
import type { Database } from '../../src/db/database.ts';
import { type ImportResult, importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture } from './helpers.ts';

// A fresh user's report: the communes import summary said « commune +… ~… -… » and named the
// removals, never a commune whose name changed between the stored list and the file (a renamed
// commune: its places, the rule LIEU_COMMUNE and « Où ? » now read the new name). It names them,
// once per INSEE code (whatever its postal codes), old → new, five at most, then « … et N autres ».
// Fixture: rows of the real 2024 file; the stored names are older spellings.

describe('communes file: renamed communes named in the summary', () => {
  let database: Database;
  let r: ImportResult;
  beforeAll(async () => {
    database = await testDatabase();
    const avant = [
      ['85113', '85350', 'L’Ile-d’Yeu'],
      ['93066', '93200', 'Saint Denis'],
      ['93066', '93210', 'Saint Denis'],
      ['72181', '72000', 'Le Mans'],
      ['72181', '72100', 'Le Mans'],
    ];
    await database.db
      .insertInto('commune')
      .values(
        avant.map(([code_insee, code_postal, nom]) => ({
          code_insee: code_insee!,
          code_postal: code_postal!,
          nom: nom!,
        })),
      )
      .execute();
    r = await importReferentiel(contexte(database), {
      kind: 'communes',
      fichier: fixture('communes/communes-renommees.csv'),
    });
  });
  afterAll(() => database.close());

  it('names each renamed commune once, old → new, with its INSEE code', () => {
    expect(r.diff.commune?.renommages).toEqual({
      nombre: 2,
      exemples: [
        { code_insee: '85113', avant: 'L’Ile-d’Yeu', apres: "L'Île-d'Yeu" },
        { code_insee: '93066', avant: 'Saint Denis', apres: 'Saint-Denis' },
      ],
    });
    expect(resumeImport(r)).toContain(
      "Communes renommées : 85113 L’Ile-d’Yeu → L'Île-d'Yeu, 93066 Saint Denis → Saint-Denis.",
    );
  });
});

describe('summary of more than five renamed communes', () => {
  it('names five and counts the others', () => {
    const exemples = ['01', '02', '03', '04', '05'].map((n) => ({
      code_insee: `930${n}`,
      avant: `A${n}`,
      apres: `B${n}`,
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
          modifications: 9,
          retraits: 0,
          exemples: { ajouts: [], modifications: [], retraits: [] },
          renommages: { nombre: 8, exemples },
        },
      },
      impact: { formations: 0, ids: [] },
      offres: null,
      alertes: [],
      rejets: [],
      duree_ms: 1,
    } as unknown as ImportResult;
    expect(resumeImport(r)).toContain(
      'Communes renommées : 93001 A01 → B01, 93002 A02 → B02, 93003 A03 → B03, 93004 A04 → B04, 93005 A05 → B05… et 3 autres.',
    );
  });
});
