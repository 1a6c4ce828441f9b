import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m1030 from '../../src/db/migrations/1030_import_tache_gestion.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1030 (a gestionnaire's jobs of /gestion/imports): a job may have no SIREN, only when it
// is a page job with its sender; `down` drops those jobs and makes the SIREN mandatory again.

let database: TestDatabase;
let db: Kysely<unknown>;

const inserer = (id: string, siren: string | null, origine: string, utilisateur: string | null) =>
  sql`
    insert into import_tache (id, siren, utilisateur_id, acteur, format, fichier_nom, fichier, taille, empreinte, etape, etat, origine, lot)
    values (${id}, ${siren}, ${utilisateur}, '{}', 'classeur', 'c.xlsx', null, null, null, 'apercu', 'terminee', ${origine}, ${id})
  `.execute(db);
const ids = async () =>
  (await sql<{ id: string }>`select id from import_tache order by id`.execute(db)).rows.map((r) => r.id);

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
});
afterAll(() => database?.close());

describe('migration 1030', () => {
  it('takes a gestionnaire’s page job without SIREN, nothing else without one', async () => {
    await inserer('imp_g', null, 'page', 'usr_g');
    await inserer('imp_o', '130025265', 'page', 'usr_o');
    await expect(inserer('imp_x', null, 'api', 'usr_g')).rejects.toThrow(/import_tache_proprietaire/);
    await expect(inserer('imp_y', null, 'page', null)).rejects.toThrow(/import_tache_proprietaire/);
    expect(await ids()).toEqual(['imp_g', 'imp_o']);
  });

  it('goes down (the gestionnaires’ jobs dropped, the SIREN mandatory) and up again', async () => {
    await m1030.down(db);
    expect(await ids()).toEqual(['imp_o']);
    await expect(inserer('imp_z', null, 'page', 'usr_g')).rejects.toThrow(/siren/);
    await m1030.up(db);
    await inserer('imp_g2', null, 'page', 'usr_g');
    expect(await ids()).toEqual(['imp_g2', 'imp_o']);
  });
});
