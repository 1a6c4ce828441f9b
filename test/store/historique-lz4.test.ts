import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// The history's diff is compressed with lz4 where the server has it (migration 1020, as the
// documents: 0900); PGlite, built without it, keeps the default.

let d: TestDatabase;

beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => {
  await d?.close();
});

describe('historique : compression', () => {
  it('compresses the diff with lz4 on PostgreSQL', async () => {
    const { rows } = await sql<{ c: string }>`select attcompression::text as c from pg_attribute
      where attrelid = 'historique'::regclass and attname = 'diff'`.execute(d.db);
    const { rows: lz4 } = await sql<{ ok: boolean }>`select exists (select 1 from pg_attribute
      where attrelid = 'formation_document'::regclass and attname = 'professionnel' and attcompression = 'l') as ok`.execute(
      d.db,
    );
    // Where the documents are lz4 (the server has it), so is the history.
    expect(rows[0]!.c).toBe(lz4[0]!.ok ? 'l' : '');
    if (d.engine === 'postgres') expect(rows[0]!.c).toBe('l');
  });
});
