import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { ageJours, quantile } from '../../src/domain/file-validation.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { tableauQualite } from '../../src/services/gestion/qualite.service.ts';
import { fileValidation } from '../../src/services/gestion/validation.service.ts';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';

// The dashboard's figures, computed in one statement (issue 9 speed work), against the same
// figures counted plainly from the offers and their sessions (not from formation_region), for
// one région and for a gestionnaire of two (an offer of both counts once).

let t: TestWeb;
const gestionnaire = (regions: string[]): Acteur => ({
  kind: 'utilisateur',
  id: 'g',
  email: 'g@region.test',
  nom: 'G',
  role: 'gestionnaire',
  siren: null,
  regions,
  academies: [],
});

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadDemo(t.ctx, { formations: 400, seed: 7 });
});
afterAll(() => t?.close());

/** The offers of `regions` (a live session there), deleted ones aside, counted plainly. */
async function attendu(regions: string[]) {
  const offres = sql`(select distinct f.id from formation f join session s on s.formation_id = f.id
    where not s.archivee and s.code_region in (${sql.join(regions)}) and f.statut <> 'supprimee')`;
  const { rows: statuts } = await sql<{ statut: string; n: number }>`
    select statut, count(*)::int as n from formation where id in ${offres} group by 1`.execute(t.ctx.db);
  const { rows: verdicts } = await sql<{ verdict: string; n: number }>`
    select coalesce(catalogue, 'non_calcule') as verdict, count(*)::int as n from formation
    where id in ${offres} group by 1`.execute(t.ctx.db);
  const { rows: codes } = await sql<{ code: string; n: number }>`
    select code, count(distinct formation_id)::int as n from controle_echec
    where formation_id in ${offres} group by 1`.execute(t.ctx.db);
  const { rows: organismes } = await sql<{ siren: string; echecs: number }>`
    select f.siren_proprietaire as siren, count(*)::int as echecs from controle_echec e
    join formation f on f.id = e.formation_id where f.id in ${offres} group by 1`.execute(t.ctx.db);
  const { rows: libelles } = await sql<{ libelle: string; n: number }>`
    select case when statut = 'publiee' and catalogue = 'non_reglementaire' then 'Publiée — hors diffusion'
      else statut end as libelle, count(*)::int as n from formation where id in ${offres} group by 1`.execute(
    t.ctx.db,
  );
  return {
    libelles: Object.fromEntries(libelles.map((r) => [r.libelle, r.n])),
    parStatut: Object.fromEntries(statuts.map((r) => [r.statut, r.n])),
    parVerdict: Object.fromEntries(verdicts.map((r) => [r.verdict, r.n])),
    codes: Object.fromEntries(codes.map((r) => [r.code, r.n])),
    organismes: Object.fromEntries(organismes.map((r) => [r.siren, r.echecs])),
  };
}

describe('data-quality dashboard figures', () => {
  for (const regions of [['84'], ['84', '11']])
    it(`counts the offers, failures and queue of région(s) ${regions.join(' + ')}`, async () => {
      const a = gestionnaire(regions);
      const tab = await tableauQualite(t.ctx, a);
      const e = await attendu(regions);
      expect(tab.parStatut).toEqual(e.parStatut);
      expect(tab.parVerdict).toEqual(e.parVerdict);
      // A published offer out of diffusion is counted apart, never as « Publiée » (statut.ts).
      expect(e.libelles['Publiée — hors diffusion']).toBeGreaterThan(0);
      const parLibelle = Object.fromEntries(tab.parLibelle.map((l) => [l.libelle, l.n]));
      expect(parLibelle['Publiée — hors diffusion']).toBe(e.libelles['Publiée — hors diffusion']);
      expect(parLibelle.Publiée ?? 0).toBe(e.libelles.publiee ?? 0);
      expect(tab.parLibelle.map((l) => l.libelle).indexOf('Publiée — hors diffusion')).toBe(
        tab.parLibelle.map((l) => l.libelle).indexOf('Publiée') + 1,
      );
      expect(tab.total).toBe(Object.values(e.parStatut).reduce((x, y) => x + y, 0));
      expect(tab.codes.length).toBeGreaterThan(0);
      for (const c of tab.codes) expect(c.n).toBe(e.codes[c.code]);
      const max = Math.max(...Object.values(e.organismes));
      expect(tab.organismes[0]!.echecs).toBe(max);
      for (const o of tab.organismes) expect(o.echecs).toBe(e.organismes[o.siren]);
      // The queue's age, as the queue page lists it.
      const file = await fileValidation(t.ctx, a, {});
      expect(tab.file.total).toBe(file.comptesTotal.total);
      const ages = file.lignes.map((l) => ageJours(l.depuis, t.ctx.now()));
      if (file.lignes.length === file.comptesTotal.total) {
        expect(tab.file.mediane).toBe(quantile(ages, 0.5));
        expect(tab.file.p90).toBe(quantile(ages, 0.9));
      }
    });
});
