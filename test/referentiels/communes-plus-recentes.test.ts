import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeImport } from '../../src/cli/commands/referentiel.command.ts';
import type { Database } from '../../src/db/database.ts';
import { suggestCommunes } from '../../src/services/recherche.service.ts';
import {
  ensureCommunesParDefaut,
  type ImportResult,
  importReferentiel,
} from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture } from './helpers.ts';

// A fresh user's report: importing the 2024 communes file over the built-in list (INSEE COG 2026)
// printed « Retirés car absents du fichier : 19248 Les Trois-Saints, … 93066 93380 Saint-Denis »,
// then « Trois-Saints » and 93380 → Saint-Denis were found nowhere: an older file reverted the
// communes created since. The list's newer facts now stand, and the summary names them.
// Fixture: rows of the real 2024 file (Saint-Ybard, Saint-Blancard, Amfroipret and Bermeries,
// Pierrefitte-sur-Seine and Saint-Denis, before their mergers).

describe('communes file older than the built-in list', () => {
  let database: Database;
  let r: ImportResult;
  beforeAll(async () => {
    database = await testDatabase();
    const ctx = contexte(database);
    await ensureCommunesParDefaut(ctx);
    r = await importReferentiel(ctx, {
      kind: 'communes',
      fichier: fixture('communes/communes-plus-recentes.csv'),
      force: true, // 7 lines against the list's 37,585: the drop guard, not what is tested here
    });
  });
  afterAll(() => database.close());

  const communes = (code: string) =>
    database.db
      .selectFrom('commune')
      .select(['code_postal', 'nom', 'lat', 'population'])
      .where('code_insee', '=', code)
      .orderBy('code_postal')
      .execute();

  it('removes nothing the list knows, and names what it kept over the file', () => {
    expect(r.diff.commune?.retraits).toBe(0);
    const texte = resumeImport(r);
    expect(texte).not.toContain('Retirés car absents du fichier');
    expect(r.plus_recentes.nombre).toBe(5);
    expect(texte).toContain(
      'Communes gardées comme la liste intégrée, plus récente que le fichier, les connaît : 19248 Saint-Ybard → Les Trois-Saints, 32365 Saint-Blancard → Cap d’Astarac, 59006 Amfroipret → L’Orée de Mormal, 59070 Bermeries → commune déléguée de L’Orée de Mormal (59006), 93059 Pierrefitte-sur-Seine → commune déléguée de Saint-Denis (93066).'.replaceAll(
        '’',
        "'",
      ),
    );
  });

  it('keeps the new communes with all their postal codes, the file’s coordinates, the list’s population', async () => {
    expect(await communes('19248')).toEqual([
      { code_postal: '19140', nom: 'Les Trois-Saints', lat: 45.44564, population: 1388 },
      { code_postal: '19210', nom: 'Les Trois-Saints', lat: 45.44564, population: 1388 },
    ]);
    expect((await communes('93066')).map((c) => c.code_postal)).toEqual(['93200', '93210', '93380']);
    expect(await communes('93059')).toEqual([]);
  });

  it('finds them by name and postal code', async () => {
    expect((await suggestCommunes(database.db, 'Trois-Saints')).map((c) => c.code_insee)).toContain('19248');
    expect((await suggestCommunes(database.db, '93380')).map((c) => `${c.code_insee} ${c.nom}`)).toEqual([
      '93066 Saint-Denis',
    ]);
  });
});
