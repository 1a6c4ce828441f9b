import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { rentreeEnCollecte } from '../../src/domain/campagne.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { NOW } from '../classeur/classeur.helpers.ts';
import { texte } from './imports.helpers.ts';

// The defect: downloading the workbook (a GET) created the current campaign when none was stored
// (ensureCampagneCourante), and so did the Espace's pages that show the campaign's dates, the
// formation's rules and the platforms' closings. A GET writes nothing: the campaign not stored yet
// is read as it will be (its defaults), and its workbook is given all the same.

let t: TestWeb;
let a: Navigateur;
let id: string;
const ANNEE = rentreeEnCollecte(NOW);

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  id = await t.ctx.db.transaction().execute(async (trx) => {
    const r = await saveFormationTx(trx, SYSTEME('test'), formationFixture({ cle_externe: 'SANS-CAMP' }), {
      now: NOW,
    });
    return r.id;
  });
  a = await connecte(t, { email: 'sans-campagne@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.8.2.7');
});
afterAll(() => t?.close());

/** A database where no campaign is stored yet (each test starts so, whatever the other did). */
beforeEach(async () => {
  await sql`delete from campagne_region`.execute(t.ctx.db);
  await sql`delete from campagne`.execute(t.ctx.db);
});

const campagnes = async () =>
  (await t.ctx.db.selectFrom('campagne').select('annee').execute()).map((c) => c.annee);

describe('the Espace’s GETs with no campaign stored', () => {
  it('the Imports page offers the current campaign’s workbook, which downloads, and nothing is created', async () => {
    const page = await a.get('/espace/imports');
    expect(page.statusCode).toBe(200);
    expect(/name="campagne" value="(\d{4})"/.exec(page.body)?.[1]).toBe(String(ANNEE));
    for (const url of [
      `/espace/imports/classeur?siret=${SIRET_A}&campagne=${ANNEE}`,
      `/espace/imports/classeur?siret=${SIRET_A}`,
    ]) {
      const x = await a.get(url);
      expect(x.statusCode, texte(x.body).slice(0, 300)).toBe(200);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
      expect(x.headers['content-disposition']).toContain(`campagne-${ANNEE}.xlsx`);
    }
    expect(await campagnes()).toEqual([]);
    // Another year that does not exist is still refused.
    const autre = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=${ANNEE + 3}`);
    expect(autre.statusCode).toBe(404);
    expect(texte(autre.body)).toContain('aucune campagne n’existe encore');
  });

  it('the home page’s dates and the formation’s rules are read, nothing is created', async () => {
    const accueil = await a.get('/espace');
    expect(accueil.statusCode).toBe(200);
    expect(texte(accueil.body)).toContain(`Rentrée ${ANNEE}`);
    expect((await a.get(`/espace/formations/${id}`)).statusCode).toBe(200);
    expect(await campagnes()).toEqual([]);
  });
});
