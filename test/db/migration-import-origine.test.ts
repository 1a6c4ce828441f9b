import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0970 from '../../src/db/migrations/0970_import_origine.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 0970 (origin, lot and counts of an import): down then up on a database holding a
// finished page job of each format and a command-line row. `down` drops the command-line rows
// (they have no file) and the columns; `up` gives the page jobs back their lot and, from their
// stored report, their counts.

let database: TestDatabase;
let db: Kysely<unknown>;

const lheo = { formations: { creees: 2, mises_a_jour: 1, inchangees: 3, rejetees: 4 } };
const classeur = { totaux: { nouvelle: 1, modifiee: 2, fermee: 3, inchangee: 4, erreur: 5 }, lignes: [] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
  await sql`
    insert into import_tache (id, siren, acteur, format, fichier_nom, fichier, taille, empreinte, etape, etat, origine, lot)
    values ('imp_cli', '130025265', '{}', 'lheo', 'national.xml', null, null, null, 'application', 'terminee', 'cli', 'lot_1')
  `.execute(db);
});
afterAll(() => database?.close());

describe('migration 0970', () => {
  it('goes down (command-line rows dropped) and up again (page jobs counted from their report)', async () => {
    await m0970.down(db);
    const { rows: apres } = await sql<{ n: number }>`select count(*)::int as n from import_tache`.execute(db);
    expect(apres[0]!.n).toBe(0);
    for (const [id, format, rapport] of [
      ['imp_l', 'lheo', lheo],
      ['imp_c', 'classeur', classeur],
    ] as const)
      await sql`
        insert into import_tache (id, siren, acteur, format, fichier_nom, fichier, taille, empreinte, etape, etat, rapport)
        values (${id}, '130025265', '{}', ${format}, 'f', ${Buffer.from('x')}, 1, 'e', 'application', 'terminee', ${JSON.stringify(rapport)}::jsonb)
      `.execute(db);
    await m0970.up(db);
    const { rows } = await sql<Record<string, unknown>>`
      select id, origine, lot, creees, modifiees, inchangees, archivees, rejetees from import_tache order by id
    `.execute(db);
    expect(rows).toEqual([
      {
        id: 'imp_c',
        origine: 'page',
        lot: 'imp_c',
        creees: 1,
        modifiees: 2,
        inchangees: 4,
        archivees: 3,
        rejetees: 5,
      },
      {
        id: 'imp_l',
        origine: 'page',
        lot: 'imp_l',
        creees: 2,
        modifiees: 1,
        inchangees: 3,
        archivees: 0,
        rejetees: 4,
      },
    ]);
  });
});
