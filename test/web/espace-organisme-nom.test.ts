import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels } from './espace.helpers.ts';

// A tester's report (05/12, LOW): the organisme responsable read « SIRET 13002526500013 » on the
// formation form and on its read-back page, without its raison sociale. It is named as Offre knows
// it (the organisme's records, its structure, the reference lists): « ACME FORMATION (SIRET 130 025
// 265 00013) ».

let t: TestWeb;
let nav: Navigateur;
let id: string;
const SIREN_A = SIRET_A.slice(0, 9);
const NOM = 'ACME FORMATION';
const LU = `${NOM} (SIRET 130 025 265 00013)`;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'claire@acme.test', role: 'organisme', siren: SIREN_A }, '10.61.0.1');
  // The structure as its sign-up names it (the form sends a SIRET only).
  await t.ctx.db.updateTable('structure').set({ raison_sociale: NOM }).where('siren', '=', SIREN_A).execute();
  id = await creerParFormulaire(nav, ficheComplete(SIRET_A));
}, 120_000);
afterAll(() => t?.close());

describe('the responsable and formateur named by their raison sociale', () => {
  it('on the read-back page', async () => {
    const r = await nav.get(`/espace/formations/${id}/relire`);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(lu).toContain(`Organisme responsable ${LU}`);
    expect(lu).toContain(`Organisme formateur ${LU}`);
  });

  it('on the formation form', async () => {
    const r = await nav.get(`/espace/formations/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(
      new RegExp(`<option value="${SIRET_A}" selected(="")?>${LU.replace(/[()]/g, '\\$&')}</option>`),
    );
    expect(r.body).not.toMatch(/<option[^>]*>(SIRET |Établissement – SIRET)/);
  });
});
