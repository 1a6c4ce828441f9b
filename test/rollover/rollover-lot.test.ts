import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { switchCampagne } from '../../src/services/rollover.service.ts';
import { contenu, differences } from '../faults/moteur.ts';
import { type Cote, coteDemo, fluxEnOrdre } from '../helpers/flux.ts';

// The bulk write path of the campaign rollover (issue 13, item 1) against the one-by-one path: the
// same rollover run on two copies of one offer, one each way; after each run the two databases
// hold the same rows in every table (generated ids and time stamps aside), the same reports, and
// the same change feed in the same order.

const systeme = SYSTEME('test-lot');

let unitaire: Cote;
let lot: Cote;
/** The demo's campaign (the year its current sessions start). */
let annee = 0;

async function cote(): Promise<Cote> {
  const { d, ctx } = await coteDemo();
  // A published formation with an organisation's change waiting for validation: left out.
  const publiee = await d.db
    .selectFrom('formation')
    .select(['id', 'siren_proprietaire'])
    .where('statut', '=', 'publiee')
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const f = (await getFormation(d.db, systeme, publiee.id))!;
  const organisme: Acteur = {
    kind: 'cle',
    id: 'k',
    name: 'k',
    scope: 'write',
    siren: publiee.siren_proprietaire,
  };
  await d.db.transaction().execute(async (trx) => {
    const r = await saveFormationTx(trx, organisme, { ...f, intitule: `${f.intitule} (révision)` } as never, {
      id: publiee.id,
      now: ctx.now(),
    });
    expect(r).toMatchObject({ revision: true });
  });
  return { d, ctx };
}

beforeAll(async () => {
  unitaire = await cote();
  lot = await cote();
  const { rows } = await sql<{ annee: number }>`select max(annee)::int as annee from campagne`.execute(
    unitaire.d.db,
  );
  annee = rows[0]!.annee;
}, 120_000);
afterAll(async () => {
  await unitaire?.d.close();
  await lot?.d.close();
});

async function basculeDesDeuxFacons(de: number, acteur: Acteur = systeme, regions?: readonly string[]) {
  const a = await switchCampagne(unitaire.ctx, acteur, {
    de,
    vers: de + 1,
    dryRun: false,
    regions,
    writePath: 'single',
  });
  const b = await switchCampagne(lot.ctx, acteur, {
    de,
    vers: de + 1,
    dryRun: false,
    regions,
    writePath: 'bulk',
  });
  expect(b).toEqual(a);
  expect(differences(await contenu(lot.d.db), await contenu(unitaire.d.db), 5)).toEqual([]);
  expect(await fluxEnOrdre(lot.d.db)).toEqual(await fluxEnOrdre(unitaire.d.db));
  return b;
}

describe('bascule de campagne par lots = bascule formation par formation', () => {
  it('rolls the demo offer over, then again (nothing left to create)', async () => {
    const r = await basculeDesDeuxFacons(annee);
    expect(r.formations).toBeGreaterThan(10);
    expect(r.sessions_creees).toBeGreaterThanOrEqual(r.formations);
    // Left aside: the demo's offer with a pending revision, and those waiting for their first
    // validation or returned to their organisation (test/rollover/laissees.test.ts).
    expect(r.en_revision).toBe(r.laissees.length);
    const motifs = new Set(r.laissees.map((l) => l.motif));
    expect(r.laissees.filter((l) => l.motif.startsWith('revision_'))).toHaveLength(1);
    expect(motifs.has('en_attente_validation') && motifs.has('a_corriger')).toBe(true);
    const encore = await basculeDesDeuxFacons(annee);
    expect(encore.formations).toBe(0);
    expect(encore.deja_reconduites).toBeGreaterThan(0);
  });

  it('a gestionnaire’s rollover of two régions (written one by one inside the bulk path)', async () => {
    const { rows } = await sql<{ region: string }>`select distinct code_region as region from session
      where code_region is not null order by code_region limit 2`.execute(lot.d.db);
    const regions = rows.map((r) => r.region);
    expect(regions).toHaveLength(2);
    const gestionnaire: Acteur = {
      kind: 'utilisateur',
      id: 'u_g',
      email: 'g@carif.test',
      nom: 'G',
      role: 'gestionnaire',
      siren: null,
      regions,
      academies: [],
    };
    const r = await basculeDesDeuxFacons(annee + 1, gestionnaire, regions);
    expect(r.formations).toBeGreaterThan(0);
  });

  it('the rest of the offer, counted: a few statements per page instead of dozens per formation', async () => {
    const compte = async (c: Cote, writePath: 'single' | 'bulk') => {
      const compteur = compteurRequetes();
      const ctx = { ...c.ctx, db: c.d.db.withPlugin(compteur) };
      const r = await switchCampagne(ctx, systeme, {
        de: annee + 1,
        vers: annee + 2,
        dryRun: false,
        writePath,
      });
      return { n: compteur.n, formations: r.formations };
    };
    const a = await compte(unitaire, 'single');
    const b = await compte(lot, 'bulk');
    expect(b.formations).toBe(a.formations);
    expect(a.formations).toBeGreaterThan(10);
    expect(b.n).toBeLessThan(a.n / 3);
    expect(differences(await contenu(lot.d.db), await contenu(unitaire.d.db), 5)).toEqual([]);
    expect(await fluxEnOrdre(lot.d.db)).toEqual(await fluxEnOrdre(unitaire.d.db));
  });
});
