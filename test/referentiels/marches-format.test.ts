import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, tmp } from './helpers.ts';

// A Carif-Oref officer's report (07/12): the Agefiph's list of markets took « A27000019 » (9
// characters). A market number is one letter then 7 digits on every channel: the line is refused
// naming file, line and column; « a 270 0018 » is kept as A2700018, as a session enters it.

describe('a funder’s list of markets', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database.close());

  it('refuses a number that is not one letter then 7 digits, normalises the others', async () => {
    const fichier = join(tmp(), 'marches-agefiph.csv');
    writeFileSync(
      fichier,
      'Numéro de marché;Financeur;Date de notification\nA27000019;Agefiph;02/11/2026\na 270 0018;Agefiph;02/11/2026\n',
    );
    const r = await importReferentiel(contexte(database), { kind: 'marches', fichier });
    expect(r).toMatchObject({ statut: 'importe', jeu: 'agefiph' });
    expect(r.lignes).toMatchObject({ lues: 2, gardees: 1, rejetees: 1 });
    expect(r.rejets).toEqual([
      {
        fichier: 'marches-agefiph.csv',
        ligne: 2,
        colonne: 'numero_de_marche',
        message:
          'numéro de marché « A27000019 » invalide (8 caractères attendus : une lettre puis 7 chiffres, par exemple M1451401)',
      },
    ]);
    const marches = await database.db.selectFrom('marche').select('numero').execute();
    expect(marches.map((m) => m.numero)).toEqual(['A2700018']);
  });
});
