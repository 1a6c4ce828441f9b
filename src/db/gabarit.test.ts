import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileeGardee } from './gabarit.ts';

// A statement compiled once per shape, the varying value put back in its parameters: the same
// text and parameters as compiling it each time, whatever the value.

interface Db {
  formation: { id: string; statut: string };
}
const db = new Kysely<Db>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const page = (statut: string, apres: string | null) =>
  db
    .selectFrom('formation')
    .select('id')
    .where('statut', '=', statut)
    .$if(apres !== null, (qb) => qb.where('id', '>', apres!).where(sql<boolean>`${apres} <> ''`))
    .orderBy('id')
    .limit(100);

const VALEURS = [null, 'fo_1', "l'$1 \\ $2", '', 'fo_1', null, 'fo_2'];

describe('compileeGardee', () => {
  it('gives what compiling each time gives, building once per shape', () => {
    let construites = 0;
    const construire = (apres: string | null) => {
      construites++;
      return page('publiee', apres);
    };
    for (const v of VALEURS) {
      const q = compileeGardee(db, 'publiee', v, construire);
      const attendu = page('publiee', v).compile();
      expect(q.sql, String(v)).toBe(attendu.sql);
      expect(q.parameters, String(v)).toEqual(attendu.parameters);
    }
    // One build without the value, one with it in its place: then none.
    expect(construites).toBe(2);
    // Another shape (another key), its own text and parameters.
    const autre = compileeGardee(db, 'brouillon', 'fo_3', (a) => page('brouillon', a));
    expect(autre.parameters).toEqual(page('brouillon', 'fo_3').compile().parameters);
  });

  it('keeps nothing when the value is not bound as a whole parameter', () => {
    let construites = 0;
    const construire = (apres: string | null) => {
      construites++;
      return db
        .selectFrom('formation')
        .select('id')
        .where('id', 'like', `${apres ?? ''}%`);
    };
    for (const v of ['a', 'b', 'c']) {
      const q = compileeGardee(db, 'like', v, construire);
      expect(q.parameters).toEqual([`${v}%`]);
    }
    expect(construites).toBe(6);
  });
});
