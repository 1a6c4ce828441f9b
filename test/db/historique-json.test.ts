import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistoriqueBulk } from '../../src/db/bulk.repository.ts';
import {
  appendHistorique,
  type HistoriqueEntry,
  listHistorique,
  listHistoriqueEntites,
  selectDerniereEcriture,
} from '../../src/db/historique.repository.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1270: a history entry's `diff` is stored as the JSON text it was sent as (`json`: checked,
// not built as jsonb — most of the server CPU of an import's creation entries), and read back
// through jsonb, so that every reader gets what it got from the jsonb column: the same values,
// each object's keys in jsonb's order (shortest first, then bytewise), which the pages follow.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

// Keys in an order jsonb does not keep, nested in arrays and objects, and non-ASCII text.
const diff = [
  {
    champ: 'sessions[se_1]',
    avant: null,
    apres: { zz: 1, a: 'é', lieu: { ville: 'Évry', cp: '91000' }, b: [{ yy: true, x: null }] },
  },
  { champ: 'intitule', avant: null, apres: 'Cuisine « bio »' },
];
// What the jsonb column gave back: each object's keys by length, then bytewise.
const ordreJsonb = [
  {
    apres: { a: 'é', b: [{ x: null, yy: true }], zz: 1, lieu: { cp: '91000', ville: 'Évry' } },
    avant: null,
    champ: 'sessions[se_1]',
  },
  { apres: 'Cuisine « bio »', avant: null, champ: 'intitule' },
];
const cles = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(cles)
    : v && typeof v === 'object'
      ? Object.entries(v).map(([k, x]) => [k, cles(x)])
      : v;

const entree = (formation: string, action: string): HistoriqueEntry => ({
  formation_id: formation,
  entite: 'formation',
  entite_id: formation,
  action,
  acteur: 'systeme:test',
  at: new Date('2026-12-07T10:00:00Z'),
  diff,
});

describe('the history diff, stored as json', () => {
  it('is stored as the text sent, by the bulk path and the one-by-one path', async () => {
    await insertHistoriqueBulk(database.db, [entree('fo_lot', 'create')]);
    await appendHistorique(database.db, [entree('fo_un', 'create')]);
    const { rows } = await sql<{ formation_id: string; type: string; texte: string }>`
      select formation_id, pg_typeof(diff)::text as type, diff::text as texte from historique
      where formation_id in ('fo_lot', 'fo_un') order by formation_id`.execute(database.db);
    expect(rows).toEqual([
      { formation_id: 'fo_lot', type: 'json', texte: JSON.stringify(diff) },
      { formation_id: 'fo_un', type: 'json', texte: JSON.stringify(diff) },
    ]);
  });

  it('reads as the jsonb column did: same values, keys in jsonb order', async () => {
    await insertHistoriqueBulk(database.db, [entree('fo_lu', 'create')]);
    await appendHistorique(database.db, [
      { ...entree('fo_lu', 'update'), formation_id: null, entite: 'structure', entite_id: 'st_lu' },
    ]);
    const liste = await listHistorique(database.db, 'fo_lu');
    const derniere = await selectDerniereEcriture(database.db, 'fo_lu');
    const entites = await listHistoriqueEntites(database.db, 'structure', ['st_lu']);
    for (const lu of [liste[0]!.diff, derniere!.diff, entites[0]!.diff]) {
      expect(lu).toEqual(diff);
      expect(cles(lu)).toEqual(cles(ordreJsonb));
    }
  });
});
