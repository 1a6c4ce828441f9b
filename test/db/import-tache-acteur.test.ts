import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimImportTache,
  findImportTache,
  insertImportsTermines,
  insertImportTache,
  listImportTaches,
  requestApplication,
} from '../../src/db/import-tache.repository.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// A job's actor (jsonb) comes back from the repository as the Acteur it was stored from, on both
// engines: the runner and the Imports pages read it as it is, never parsing it themselves.

const SIREN = '130025265';
let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

const job = (id: string, siren: string | null, acteur: Acteur & { kind: 'utilisateur' }) => ({
  id,
  siren,
  utilisateur_id: acteur.id,
  acteur: JSON.stringify(acteur),
  format: 'classeur' as const,
  fichier_nom: 'c.xlsx',
  fichier: Buffer.from('x'),
  taille: 1,
  empreinte: 'e',
  etape: 'apercu' as const,
  etat: 'en_attente' as const,
  total: null,
  rapport: null,
  classeur_annote: null,
  rapport_complet: null,
  erreur: null,
  created_at: new Date(),
  updated_at: new Date(),
  applique_at: null,
  lot: id,
  cle_nom: null,
  creees: null,
  modifiees: null,
  inchangees: null,
  archivees: null,
  rejetees: null,
});

describe('a job’s actor as the repository returns it', () => {
  it('is the Acteur stored, from every read and every write', async () => {
    const organisme = organismeDe(SIREN) as Acteur & { kind: 'utilisateur' };
    const gestionnaire = gestionnaireDe('84') as Acteur & { kind: 'utilisateur' };
    await insertImportTache(database.db, job('imp_o', SIREN, organisme));
    await insertImportTache(database.db, job('imp_g', null, gestionnaire));
    expect((await findImportTache(database.db, { siren: SIREN }, 'imp_o'))?.acteur).toEqual(organisme);
    expect((await listImportTaches(database.db, { gestionnaire: gestionnaire.id }, 5))[0]?.acteur).toEqual(
      gestionnaire,
    );
    expect((await claimImportTache(database.db, 'imp_o', new Date()))?.acteur).toEqual(organisme);
    // Applied by someone else: the new actor, stored by requestApplication.
    const { ...termine } = job('imp_a', SIREN, organisme);
    await insertImportsTermines(database.db, [{ ...termine, etat: 'terminee', fichier: null }]);
    const admin = { ...organisme, id: 'usr_admin', email: 'admin@offre.test', role: 'admin' as const };
    expect(
      await requestApplication(
        database.db,
        { siren: SIREN },
        'imp_a',
        { utilisateur_id: admin.id, acteur: admin },
        new Date(),
      ),
    ).toBe(true);
    expect((await findImportTache(database.db, { siren: SIREN }, 'imp_a'))?.acteur).toEqual(admin);
  });
});
