import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import {
  listFormationTextes,
  pageTextes,
  selectFeedFormations,
} from '../../src/db/formation-document.repository.ts';
import type { Visibilite } from '../../src/domain/acces.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { TEST_ENGINE, type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// The stored documents read by COPY binary (the list page, the change feed's formations) are sent
// as the text columns they are: in COPY's binary format a text is its bytes in the client
// encoding, which the pools set to UTF-8. `convert_to(…, 'UTF8')` made PostgreSQL check every byte
// of ≈ 300 KB per page and copy them once more (≈ 7 % of a page's backend CPU, docs/mesures.md
// « Pages distinctes : ce que coûte une page »). Read without COPY (PGlite, a transaction), the
// bytes still come from convert_to: pg and PGlite would decode a text.

const anonyme: Visibilite = { kind: 'diffusee', siren: null, regions: [] };
// Two- to four-byte UTF-8 sequences, a quote, a backslash: each must arrive as stored.
const TEXTE = '{"intitule":"Cuisine’s « fine » — é\\"\\\\ 😀 ∑"}';

let database: TestDatabase;
let id: string;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(testContext(database), { formations: 30, seed: 5 });
  const { rows } = await sql<{ formation_id: string }>`
    select d.formation_id from formation_document d join formation f on f.id = d.formation_id
    where d.public is not null order by d.formation_id limit 1`.execute(database.db);
  id = rows[0]!.formation_id;
  await sql`update formation_document set public = ${TEXTE} where formation_id = ${id}`.execute(database.db);
}, 120_000);
afterAll(() => database?.close());

describe('stored documents read by COPY', () => {
  it('a list page sends each stored text unconverted, its bytes as stored', async () => {
    const page = pageTextes({ vue: 'public' }, database.db, anonyme, {}, null, 31, { sauf: null });
    expect(page.compile().sql).not.toContain('convert_to');
    const lignes = await listFormationTextes({ vue: 'public' }, database.db, anonyme, {}, null, 31, {
      sauf: null,
    });
    const ligne = lignes.find((l) => l.id === id);
    expect(ligne, 'la formation modifiée est dans la page').toBeDefined();
    expect(Buffer.from(ligne!.texte!).equals(Buffer.from(TEXTE))).toBe(true);
  });

  it('the change feed reads its formations’ texts the same way', async () => {
    const [f] = await selectFeedFormations(database.db, [id], anonyme, 'public');
    expect(Buffer.from(f!.texte!).equals(Buffer.from(TEXTE))).toBe(true);
  });

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'the pools talk UTF-8 whatever the database’s default client encoding (a COPY text is in it)',
    async () => {
      // pg sends no client_encoding at startup: the server's default for the database applies.
      const base = sql.id(new URL(database.url!).pathname.slice(1));
      await sql`alter database ${base} set client_encoding = 'LATIN1'`.execute(database.db);
      const autre = await openDatabase({ url: database.url! });
      try {
        for (const db of [autre.db, autre.lecture!]) {
          const { rows } = await sql<{ client_encoding: string }>`show client_encoding`.execute(db);
          expect(rows[0]!.client_encoding).toBe('UTF8');
        }
        const lignes = await listFormationTextes({ vue: 'public' }, autre.lecture!, anonyme, {}, null, 31, {
          sauf: null,
        });
        expect(Buffer.from(lignes.find((l) => l.id === id)!.texte!).equals(Buffer.from(TEXTE))).toBe(true);
      } finally {
        await autre.close();
        await sql`alter database ${base} reset client_encoding`.execute(database.db);
      }
    },
  );
});
