import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';

// Issue 13, the nightly reload: a file imported again as it was writes nothing — no history
// entry, no feed event, no stored document, no conformity, no search row, no formation or
// session touched (version, updated_at) — on both write paths.

const fixture = new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url);
const systeme = SYSTEME('test-lheo-nuit');
/** Every table an import writes, whole, in a stable order. */
const TABLES = [
  'formation',
  'session',
  'session_evenement',
  'contact',
  'organisme',
  'historique',
  'change_event',
  'feed_counter',
  'formation_document',
  'formation_document_a_refaire',
  'controle_echec',
  'controle_formation',
  'formation_region',
  'plateforme_etat',
  'formation_recherche',
  'recherche_mot',
  'recherche_lieu',
] as const;

let t: TestApi;
beforeAll(async () => {
  let clock = Date.UTC(2026, 0, 15);
  t = await testApi({
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
});
afterAll(async () => t?.close());

async function etat(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{
      j: string;
    }>`select row_to_json(x)::text as j from ${sql.table(table)} x`.execute(t.ctx.db);
    out[table] = rows.map((r) => r.j).sort();
  }
  return out;
}

describe('réimport nocturne d’un fichier inchangé', () => {
  it.each(['bulk', 'single'] as const)('n’écrit rien (chemin %s)', async (writePath) => {
    await importLheo(t.ctx, systeme, createReadStream(fixture), { writePath });
    const avant = await etat();
    expect(avant.historique!.length).toBeGreaterThan(0);
    const r = await importLheo(t.ctx, systeme, createReadStream(fixture), { writePath });
    expect(r.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 3, rejetees: 0 });
    expect(await etat()).toEqual(avant);
  });
});
