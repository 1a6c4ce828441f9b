import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture } from './helpers.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const cert = (code: string) =>
  database.db.selectFrom('certification').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

describe('BCN tables', () => {
  it('reads N_FORMATION_DIPLOME in Windows-1252 without quoting: accents, stray quotes, sentinel dates, blanks', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/N_FORMATION_DIPLOME.csv'),
    });
    expect(r).toMatchObject({
      statut: 'importe',
      jeu: 'N_FORMATION_DIPLOME',
      lignes: { lues: 4, gardees: 4, rejetees: 0 },
    });
    const cap = await cert('50022326');
    expect(cap).toMatchObject({
      type: 'cfd',
      intitule: 'ALLIAGES MOULÉS SUR MODÈLES', // Windows-1252 é/È decoded
      niveau: '3',
      type_diplome: 'CAP', // from the CFD prefix 500
      date_debut: '1991-08-06',
      date_fin: '2009-08-31',
      successeurs: ['50022340'], // NOUVEAU_DIPLOME_1
      actif: false,
      jeu: 'N_FORMATION_DIPLOME',
    });
    const bts = await cert('32031213');
    expect(bts.intitule).toBe('MÉTIERS DE L\'EAU "OPTION"'); // stray quotes kept, blanks trimmed
    expect(bts.date_fin).toBeNull(); // 01/01/1900 is "no date"
    expect(bts.type_diplome).toBe('BTS');
    expect(bts.niveau).toBe('5');
    expect((await cert('1703430A')).type_diplome).toBe('INGENIEUR');
  });

  it('reads a UTF-8 cut whose accents were already replaced by U+FFFD', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/V_FORMATION_DIPLOME.csv'),
    });
    expect(r).toMatchObject({ jeu: 'V_FORMATION_DIPLOME', lignes: { lues: 2, gardees: 2, rejetees: 0 } });
    expect((await cert('13531364')).niveau).toBe('7');
    expect((await cert('32023404')).successeurs).toEqual([]);
  });

  it('recognises the 2020 layout by its header and derives the level from the old nomenclature', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/n_formation_diplome-2020.csv'),
    });
    expect(r).toMatchObject({ jeu: 'N_FORMATION_DIPLOME', lignes: { gardees: 2 } });
    const mc = await cert('01022404');
    expect(mc).toMatchObject({
      intitule: "BÉTON PRÊT À L'EMPLOI (MC NIVEAU V)",
      type_diplome: 'MC',
      niveau: null,
    });
    expect((await cert('40025214')).niveau).toBe('4');
    expect((await cert('40025214')).type_diplome).toBe('BAC PRO');
  });

  it('reads N_MEF: duration is the 9th character of the MEF10, the year the 10th', async () => {
    await importReferentiel(contexte(database), { kind: 'bcn', fichier: fixture('bcn/n_mef.csv') });
    const mefs = await database.db.selectFrom('diplome_mef').selectAll().orderBy('mef').execute();
    expect(mefs.map((m) => [m.mef, m.cfd, m.duree, m.annee])).toEqual([
      ['3112320121', '32031213', 2, 1],
      ['3112320122', '32031213', 2, 2],
      ['5002232631', '50022326', 3, 1],
    ]);
  });

  it('reads levels and dispositifs into the nomenclature', async () => {
    await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/N_NIVEAU_FORMATION_DIPLOME.csv'),
    });
    await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/n_dispositif_formation.csv'),
    });
    const rows = await database.db
      .selectFrom('bcn_nomenclature')
      .select(['tableau', 'code', 'niveau', 'libelle_long'])
      .orderBy('code')
      .execute();
    expect(rows).toEqual([
      { tableau: 'N_DISPOSITIF_FORMATION', code: '311', niveau: '320', libelle_long: 'BTS EN 2 ANS' },
      {
        tableau: 'N_NIVEAU_FORMATION_DIPLOME',
        code: '500',
        niveau: '3',
        libelle_long: "CERTIFICAT D'APTITUDE PROFESSIONNELLE",
      },
      {
        tableau: 'N_NIVEAU_FORMATION_DIPLOME',
        code: '967',
        niveau: null,
        libelle_long: "BREVET D'APTITUDE AUX FONCTIONS DE DIRECTEUR",
      },
    ]);
  });

  it('reports malformed rows with file, line and column, and keeps the others', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/N_FORMATION_DIPLOME-lignes-invalides.csv'),
      force: true,
    });
    expect(r.lignes).toMatchObject({ lues: 4, gardees: 2, rejetees: 2 });
    expect(r.rejets).toEqual([
      {
        fichier: 'N_FORMATION_DIPLOME-lignes-invalides.csv',
        ligne: 4,
        colonne: 'DATE_OUVERTURE',
        message: 'date invalide « 31/02/2020 » (attendu JJ/MM/AAAA)',
      },
      {
        fichier: 'N_FORMATION_DIPLOME-lignes-invalides.csv',
        ligne: 5,
        colonne: 'FORMATION_DIPLOME',
        message: 'code diplôme « 5002 » invalide (8 caractères attendus)',
      },
    ]);
  });
});
