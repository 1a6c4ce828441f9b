import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { type Criteres, rechercher } from '../../src/services/recherche.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { loadFixture } from './fixtures.ts';

// A fresh user's report: « charcutier » ranked « CAP Charcutier-traiteur » below other offers on
// PostgreSQL. Not reproduced (demo offer, PostgreSQL 15 and PGlite: the same lexemes, `charcuti`
// from the hyphenated word's part, and the same ranks); this guards the expected order on both
// engines: the title holding the word (weight A) before offers that only describe it (D) or whose
// organisme's name holds it (C), however often.

let t: TestApi;
const ANONYME: Acteur = { kind: 'anonyme' };

beforeAll(async () => {
  t = await testApi();
  await loadFixture(t.ctx, [
    {
      cle: 'BP-BOUCHER',
      intitule: 'BP Boucher',
      objectif:
        'Boucher charcutier : découpe, charcuterie, préparations de charcutier-traiteur. Le charcutier et le boucher-charcutier travaillent en boucherie-charcuterie ; charcutiers, charcutières.',
      lieux: [{ code_insee: '44109' }],
    },
    {
      cle: 'CAP-CUISINE',
      intitule: 'CAP Cuisine',
      organisme: 'Charcuterie du charcutier Martin',
      lieux: [{ code_insee: '44109' }],
    },
    { cle: 'CAP-CHARCUTIER', intitule: 'CAP Charcutier-traiteur', lieux: [{ code_insee: '44109' }] },
  ]);
});
afterAll(() => t.close());

const cherche = (c: Partial<Criteres>) =>
  rechercher(t.ctx.db, ANONYME, { taille: 50, publicSeulement: true, aujourdhui: '2026-11-30', ...c });

describe('« charcutier »', () => {
  it.each(['charcutier', 'Charcutier', 'charcutiers', 'charcutier traiteur', 'charcutier-traiteur'])(
    '« %s »: CAP Charcutier-traiteur first',
    async (q) => {
      const r = await cherche({ q });
      expect(r.formations[0]?.cle_externe, r.formations.map((f) => f.cle_externe).join(', ')).toBe(
        'CAP-CHARCUTIER',
      );
    },
  );
});
