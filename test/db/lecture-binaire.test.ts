import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copieDe, octetsCol, selectParCopie, texteCol } from '../../src/db/copie.ts';
import { openDatabase } from '../../src/db/database.ts';
import { listFormationTextes } from '../../src/db/formation-document.repository.ts';
import { LectureBinaire } from '../../src/db/lecture-binaire.ts';
import { preparee } from '../../src/db/preparee.ts';
import type { Visibilite } from '../../src/domain/acces.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { TEST_ENGINE, type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// The whole catalogue's list page and the change feed's formations (statements marked `preparee`)
// run on PostgreSQL as prepared statements read in binary off the socket (lecture-binaire.ts):
// planned once per connection instead of at every page as `COPY (…)` was, each document's bytes a
// view of the received chunks (docs/mesures.md « Pages distinctes : le plan gardé, les octets lus
// sur la socket »).

/** A backend message: its code, its length, its body. */
const message = (code: string, corps: Buffer = Buffer.alloc(0)) => {
  const b = Buffer.alloc(5);
  b.write(code, 0, 'latin1');
  b.writeInt32BE(4 + corps.length, 1);
  return Buffer.concat([b, corps]);
};
const int = (n: number, taille: 2 | 4) => {
  const b = Buffer.alloc(taille);
  if (taille === 2) b.writeInt16BE(n);
  else b.writeInt32BE(n);
  return b;
};
const dataRow = (champs: readonly (Buffer | null)[]) =>
  message(
    'D',
    Buffer.concat([
      int(champs.length, 2),
      ...champs.flatMap((c) => (c === null ? [int(-1, 4)] : [int(c.length, 4), c])),
    ]),
  );

const LIGNES = [
  [Buffer.from('fo_1'), Buffer.from('{"intitule":"Étude « x »"}')],
  [Buffer.from('fo_2'), null],
  [Buffer.from(''), Buffer.from('𝄞'.repeat(20))],
] as const;
const ATTENDU = [
  { id: 'fo_1', texte: '{"intitule":"Étude « x »"}' },
  { id: 'fo_2', texte: null },
  { id: '', texte: '𝄞'.repeat(20) },
];
const COLONNES = [
  ['id', texteCol],
  ['texte', octetsCol],
] as const;
const FIN = Buffer.concat([message('C', Buffer.from('SELECT 3\0')), message('Z', Buffer.from('I'))]);

/** A pg connection as LectureBinaire sees it: a socket that pg's parser listens to, and what is sent. */
function connexionFactice() {
  const stream = Object.assign(new EventEmitter(), { cork() {}, uncork() {} });
  const recuParPg: Buffer[] = [];
  stream.on('data', (b: Buffer) => recuParPg.push(b));
  const envoye: string[] = [];
  const connexion = {
    stream,
    parse: () => envoye.push('parse'),
    bind: (q: { binary: boolean }) => envoye.push(`bind ${q.binary}`),
    execute: () => envoye.push('execute'),
    sync: () => envoye.push('sync'),
  };
  return { stream, connexion, recuParPg, envoye };
}

const lues = (rows: { id: string; texte: Uint8Array | null }[]) =>
  rows.map((r) => ({ id: r.id, texte: r.texte === null ? null : Buffer.from(r.texte).toString() }));

describe('LectureBinaire, the replies as received', () => {
  it('reads the rows wherever the chunks end, and hands pg the socket at ReadyForQuery', async () => {
    const reponse = Buffer.concat([message('1'), message('2'), ...LIGNES.map(dataRow), FIN]);
    const coupes = [...Array(reponse.length + 1).keys()];
    for (const coupe of [...coupes, -1]) {
      const { stream, connexion, recuParPg, envoye } = connexionFactice();
      const lecture = new LectureBinaire<{ id: string; texte: Uint8Array | null }>('select 1', [], COLONNES);
      expect(lecture.submit(connexion as never)).toBeNull();
      const morceaux =
        coupe === -1
          ? [...reponse].map((b) => Buffer.from([b]))
          : [reponse.subarray(0, coupe), reponse.subarray(coupe)];
      for (const m of morceaux) stream.emit('data', m);
      // pg read the ReadyForQuery (and only it): it then settles the read.
      expect(Buffer.concat(recuParPg).equals(message('Z', Buffer.from('I'))), `coupé à ${coupe}`).toBe(true);
      lecture.handleReadyForQuery();
      expect(lues(await lecture.resultat), `coupé à ${coupe}`).toEqual(ATTENDU);
      expect(stream.listenerCount('data')).toBe(1);
      expect(envoye).toEqual(['parse', 'bind true', 'execute', 'sync']);
    }
  });

  it('parses a statement once per connection', async () => {
    const { stream, connexion, envoye } = connexionFactice();
    for (const reponse of [
      Buffer.concat([message('1'), message('2'), FIN]),
      Buffer.concat([message('2'), FIN]),
    ]) {
      const lecture = new LectureBinaire('select 2', [], COLONNES);
      lecture.submit(connexion as never);
      stream.emit('data', reponse);
      lecture.handleReadyForQuery();
      expect(await lecture.resultat).toEqual([]);
    }
    expect(envoye).toEqual(['parse', 'bind true', 'execute', 'sync', 'bind true', 'execute', 'sync']);
  });

  it('hands pg the error PostgreSQL sends, and rejects with it', async () => {
    const { stream, connexion, recuParPg } = connexionFactice();
    const lecture = new LectureBinaire('select 3', [], COLONNES);
    lecture.submit(connexion as never);
    const erreur = Buffer.concat([
      message('E', Buffer.from('SERROR\0Mdivision by zero\0\0')),
      message('Z', Buffer.from('I')),
    ]);
    stream.emit('data', Buffer.concat([message('1'), message('2'), dataRow(LIGNES[0]), erreur]));
    expect(Buffer.concat(recuParPg).equals(erreur)).toBe(true);
    lecture.handleError(new Error('division by zero'));
    await expect(lecture.resultat).rejects.toThrow('division by zero');
  });

  it('rejects a row of another number of columns', async () => {
    const { stream, connexion } = connexionFactice();
    const lecture = new LectureBinaire('select 4', [], COLONNES);
    lecture.submit(connexion as never);
    stream.emit('data', Buffer.concat([dataRow([Buffer.from('x')]), dataRow(LIGNES[0]), FIN]));
    lecture.handleReadyForQuery();
    await expect(lecture.resultat).rejects.toThrow('1 champs, 2 attendus');
  });
});

const anonyme: Visibilite = { kind: 'diffusee', siren: null, regions: [] };
let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(testContext(database), { formations: 25, seed: 3 });
}, 120_000);
afterAll(() => database?.close());

describe('the list page of the whole catalogue', () => {
  it('reads every formation with its stored text, page after page', async () => {
    const db = database.lecture ?? database.db;
    const toutes: string[] = [];
    let apres: string | null = null;
    for (let i = 0; i < 10; i++) {
      const rows = await listFormationTextes({ vue: 'public' }, db, anonyme, {}, apres, 6, { sauf: null });
      const page = rows.slice(0, 5);
      toutes.push(...page.map((r) => r.id));
      expect(
        page.every((r) => r.texte !== null && JSON.parse(Buffer.from(r.texte).toString()).id === r.id),
      ).toBe(true);
      if (rows.length <= 5) break;
      apres = page[page.length - 1]!.id;
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from formation`.execute(database.db);
    expect(toutes.length).toBeGreaterThan(0);
    expect(toutes.length).toBeLessThanOrEqual(rows[0]!.n);
    expect(toutes).toEqual([...toutes].sort());
  });

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'is a statement prepared once per connection, with one generic plan (PostgreSQL)',
    async () => {
      const autre = await openDatabase({ url: database.url!, poolSize: 1 });
      try {
        let apres: string | null = null;
        for (let i = 0; i < 4; i++) {
          const rows = await listFormationTextes({ vue: 'public' }, autre.lecture!, anonyme, {}, apres, 4, {
            sauf: null,
          });
          apres = rows[2]!.id;
        }
        // The read pool has one connection: the statements it keeps.
        const { rows } = await sql<{
          name: string;
          statement: string;
          generic_plans: number;
          custom_plans: number;
        }>`
          select name, statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(
          autre.lecture!,
        );
        const page = rows.filter((r) => r.statement.includes('formation_document'));
        // One text for the first page (no cursor), one for the next ones.
        expect(page.map((r) => r.name.slice(0, 8))).toEqual(['offre_b_', 'offre_b_']);
        expect(page.reduce((t, r) => t + r.generic_plans, 0)).toBe(4);
        expect(page.reduce((t, r) => t + r.custom_plans, 0)).toBe(0);
      } finally {
        await autre.close();
      }
    },
  );

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'binds hostile values as they are, and survives a statement that fails (PostgreSQL)',
    async () => {
      const pool = copieDe(database.lecture!)!;
      const hostiles = [
        "l'organisme",
        "''; drop table formation; --",
        'back\\slash\\',
        '$1 $2 $$',
        'é « ’ » 𝄞',
      ];
      for (const x of hostiles) {
        const q = database
          .lecture!.selectNoFrom([
            sql<string>`${x}::text`.as('t'),
            sql<string>`array_to_json(${[x, x]}::text[])::text`.as('a'),
          ])
          .modifyFront(preparee)
          .compile();
        const [row] = await selectParCopie<{ t: string; a: string }>(pool, q, [
          ['t', texteCol],
          ['a', texteCol],
        ]);
        expect(row).toEqual({ t: x, a: JSON.stringify([x, x]) });
      }
      const zero = sql`select /*offre:preparee*/ 1 / ${0}::int as t`.compile(database.lecture!);
      await expect(selectParCopie(pool, zero, [['t', texteCol]])).rejects.toThrow(/division by zero/);
      const syntaxe = sql`select /*offre:preparee*/ from from ${1} as t`.compile(database.lecture!);
      await expect(selectParCopie(pool, syntaxe, [['t', texteCol]])).rejects.toThrow(/syntax/);
      // The pool reads on.
      const rows = await listFormationTextes({ vue: 'public' }, database.lecture!, anonyme, {}, null, 3, {
        sauf: null,
      });
      expect(rows.length).toBe(3);
    },
  );
});
