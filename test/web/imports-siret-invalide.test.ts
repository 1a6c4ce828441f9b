import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { NOW } from '../classeur/classeur.helpers.ts';
import { texte } from './imports.helpers.ts';

// A fresh user's report: a SIRET with a wrong Luhn key, accepted by the API (a conformity failure,
// ORG_SIRET_FORMAT), was offered — pre-selected — by the Imports page's workbook download, which
// then refused it (« n’est pas un SIRET valide »). The page offers only what the download gives.

/** SIREN A's, sorting before SIRET_A (so it would be the pre-selected first option), Luhn key wrong. */
const SIRET_FAUX = '13002526500006';

let t: TestWeb;
let a: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await t.ctx.db.transaction().execute(async (trx) => {
    await saveFormationTx(trx, SYSTEME('test'), formationFixture({ cle_externe: 'VALIDE' }), { now: NOW });
    await saveFormationTx(
      trx,
      SYSTEME('test'),
      formationFixture({ cle_externe: 'LUHN', formateur: { siret: SIRET_FAUX } }),
      { now: NOW },
    );
  });
  const u = await compte(t, { email: 'luhn@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.1');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('the Imports page’s workbook download', () => {
  it('never offers a SIRET that the download refuses, and says why it is left out', async () => {
    const page = await a.get('/espace/imports');
    expect(page.statusCode).toBe(200);
    const options = [...page.body.matchAll(/<option value="(\d+)"( selected)?/g)];
    expect(options.map((o) => o[1])).toEqual([SIRET_A]);
    expect(options[0]![2]).toBe(' selected');
    expect(page.body).not.toContain(`value="${SIRET_FAUX}"`);
    // Grouped for reading, as every page shows a SIRET (« 130 025 265 00012 »).
    expect(texte(page.body)).toContain(
      `Le SIRET ${SIRET_FAUX.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')} n’est pas un SIRET valide`,
    );
    expect(texte(page.body)).toContain('Corrigez le SIRET dans les formations qui le portent');
    const annee = /name="campagne" value="(\d{4})"/.exec(page.body)![1];
    for (const [, siret] of options) {
      const x = await a.get(`/espace/imports/classeur?siret=${siret}&campagne=${annee}`);
      expect(x.statusCode, texte(x.body).slice(0, 300)).toBe(200);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    }
  });
});
