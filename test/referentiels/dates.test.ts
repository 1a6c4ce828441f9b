import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadRuns } from '../../src/db/referentiel-facts.repository.ts';
import { source } from '../../src/domain/regles/resultat.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, tmp, zipRncp } from './helpers.ts';

// Issue 11 item 12: evidence cites the file's own date (its name, its zip members) and the
// import date apart, never the day the file was copied or imported as the file's date.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe('evidence dates', () => {
  it('a zip without a date in its name takes its members’ date; the import date stays apart', async () => {
    const zip = zipRncp(tmp()); // export-fiches-csv-NFC.zip, members …_2024_02_22.csv
    const r = await importReferentiel(contexte(database), { kind: 'rncp', fichier: zip });
    const { charges } = await loadRuns(database.db);
    expect(charges.rncp).toMatchObject({
      run_id: r.run_id,
      fichier: 'export-fiches-csv-NFC.zip',
      date: '2024-02-22',
    });
    expect(charges.rncp!.importe_le.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    expect(source(charges.rncp)).toMatch(
      /^ \(source : export-fiches-csv-NFC\.zip du 22 février 2024, importé le (1er|\d\d?) [a-zéû]+ 20\d\d\)$/,
    );
  });
});
