import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { findImportTache, insertImportTache } from '../../src/db/import-tache.repository.ts';
import { longWrite } from '../../src/db/long-write.ts';
import { terminerTache } from '../../src/services/imports/import-tache.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// A background import's last write (its status, report, counts) while another long write holds
// the base (on PGlite with snapshot reads: another import started just after this one's commit,
// from the API, a reference file or another page). It was refused (BASE_OCCUPEE), the job stayed
// « en cours » and showed after 15 minutes « interrompu… rien n’a été enregistré », though its
// formations were written. It now waits for that write to end; on PostgreSQL it never waited.

let database: TestDatabase;
let ctx: AppContext;
beforeAll(async () => {
  database = await testDatabase({ snapshotReads: true });
  ctx = { db: database.db, engine: database.engine, now: () => new Date(), config: readConfig({}) };
  await sql`create table t_autre (k text)`.execute(database.db);
});
afterAll(() => database?.close());

const SIREN = '130025265';

describe('a job’s final status while another long write runs', () => {
  it('waits for the other write, then records « terminée » with its report', async () => {
    const at = new Date();
    await insertImportTache(database.db, {
      id: 'imp-fin',
      siren: SIREN,
      utilisateur_id: null,
      acteur: JSON.stringify({ kind: 'systeme', nom: 'test' }),
      format: 'lheo',
      fichier_nom: 'f.xml',
      fichier: Buffer.from('<lheo/>'),
      taille: 7,
      empreinte: 'imp-fin',
      etape: 'application',
      etat: 'en_cours',
      origine: 'page',
      lot: 'imp-fin',
      created_at: at,
      updated_at: at,
    });
    // Another long write, held until released (its first statement written).
    let relacher!: () => void;
    const relache = new Promise<void>((r) => {
      relacher = r;
    });
    let ecrit!: () => void;
    const tenue = new Promise<void>((r) => {
      ecrit = r;
    });
    const autre = longWrite(database.db, () =>
      database.db.transaction().execute(async (trx) => {
        await sql`insert into t_autre values ('pendant')`.execute(trx);
        ecrit();
        await relache;
      }),
    );
    await tenue;
    let fini = false;
    const fin = terminerTache(ctx, 'imp-fin', {
      etat: 'terminee',
      rapport: { totaux: { creee: 3 } },
      erreur: null,
      classeur_annote: null,
      applique_at: at,
      comptes: { creees: 3, modifiees: 0, inchangees: 0, archivees: 0, rejetees: 0 },
    }).then(() => {
      fini = true;
    });
    const refus = fin.catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    // On PGlite it waits for the other write (PostgreSQL: written at once, nothing to wait for).
    if (database.engine === 'pglite') expect(fini).toBe(false);
    relacher();
    await autre;
    expect(await refus).toBeUndefined();
    expect(fini).toBe(true);
    const t = await findImportTache(database.db, { siren: SIREN }, 'imp-fin');
    expect(t).toMatchObject({ etat: 'terminee', creees: 3, erreur: null });
  });
});
