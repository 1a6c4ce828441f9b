import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { type FormationFilters, matchingFilters, visibleTo } from '../../src/db/formation.repository.ts';
import type { Visibilite } from '../../src/domain/acces.ts';
import { testDatabase } from '../helpers/db.ts';

// The access filters as exact SQL (Kysely's .compile()): who sees what is decided by these few
// lines of WHERE, so a change to them shows here word for word, then runs on the engine (both
// engines: the same SQL must be accepted by PGlite and PostgreSQL). The expected texts are written
// by hand from the rule (docs: a diffused offer is published and in the Catalogue général).

let database: Database;
beforeAll(async () => {
  database = await testDatabase({ poolSize: 2 });
});
afterAll(() => database?.close());

const SESSION_DANS = (col: string, op: string) =>
  `exists (select 1 as "x" from "session" where "session"."formation_id" = "formation"."id" and "session"."${col}" ${op} and "session"."archivee" = $`;

function visible(v: Visibilite) {
  return database.db.selectFrom('formation').select('formation.id').where(visibleTo(v));
}
function filtre(f: FormationFilters) {
  return database.db.selectFrom('formation').select('formation.id').where(matchingFilters(f));
}

describe('visibleTo (who sees which formation)', () => {
  const cas: [string, Visibilite, string, unknown[]][] = [
    ['an administrator or the system: everything', { kind: 'tout' }, 'true', []],
    [
      'the public: published and in the Catalogue général only',
      { kind: 'diffusee', siren: null, regions: [] },
      '("formation"."statut" = $1 and "formation"."catalogue" = $2)',
      ['publiee', 'general'],
    ],
    [
      'an organisme: what is diffused, or its own SIREN whatever the statut',
      { kind: 'diffusee', siren: '130025265', regions: [] },
      '(("formation"."statut" = $1 and "formation"."catalogue" = $2) or "formation"."siren_proprietaire" = $3)',
      ['publiee', 'general', '130025265'],
    ],
    [
      'a gestionnaire: what is diffused, or a live session in one of its régions',
      { kind: 'diffusee', siren: null, regions: ['84', '27'] },
      `(("formation"."statut" = $1 and "formation"."catalogue" = $2) or ${SESSION_DANS('code_region', 'in ($3, $4)')}5))`,
      ['publiee', 'general', '84', '27', false],
    ],
    [
      'a perimeter (what one may change): its own SIREN only, nothing diffused added',
      { kind: 'perimetre', siren: '130025265', regions: [] },
      '"formation"."siren_proprietaire" = $1',
      ['130025265'],
    ],
    ['an empty perimeter: nothing', { kind: 'perimetre', siren: null, regions: [] }, 'false', []],
  ];
  it.each(cas)('%s', async (_, v, where, parametres) => {
    const q = visible(v).compile();
    expect(q.sql).toBe(`select "formation"."id" from "formation" where ${where}`);
    expect(q.parameters).toEqual(parametres);
    await expect(visible(v).execute()).resolves.toEqual([]);
  });
});

describe('matchingFilters (the list filters of GET /formations)', () => {
  const cas: [string, FormationFilters, string, unknown[]][] = [
    ['no filter: no condition (Kysely writes an empty AND as 1 = 1)', {}, '1 = 1', []],
    [
      'q: the title, accents and case ignored, LIKE wildcards escaped',
      { q: '50%_' },
      'unaccent(formation.intitule) ilike unaccent($1)',
      ['%50\\%\\_%'],
    ],
    [
      'rncp and cfd: upper-cased codes',
      { rncp: 'rncp38368', cfd: '32031213' },
      '("formation"."code_rncp" = $1 and "formation"."code_cfd" = $2)',
      ['RNCP38368', '32031213'],
    ],
    [
      'siret: responsable, formateur or mandataire',
      { siret: '13002526500013' },
      '("formation"."responsable_siret" = $1 or "formation"."formateur_siret" = $2 or "formation"."mandataire_siret" = $3)',
      ['13002526500013', '13002526500013', '13002526500013'],
    ],
    [
      'departement: a live session there (upper-cased: 2A)',
      { departement: '2a' },
      `${SESSION_DANS('code_departement', '= $1')}2)`,
      ['2A', false],
    ],
    [
      'statut and catalogue: exact values',
      { statut: 'en_attente_validation', catalogue: 'general' },
      '("formation"."statut" = $1 and "formation"."catalogue" = $2)',
      ['en_attente_validation', 'general'],
    ],
  ];
  it.each(cas)('%s', async (_, f, where, parametres) => {
    const q = filtre(f).compile();
    expect(q.sql).toBe(`select "formation"."id" from "formation" where ${where}`);
    expect(q.parameters).toEqual(parametres);
    await expect(filtre(f).execute()).resolves.toEqual([]);
  });
});
