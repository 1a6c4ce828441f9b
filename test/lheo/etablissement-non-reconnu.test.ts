import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import { SIREN_B, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';

// The LHEO channel of ETABLISSEMENT_NON_RECONNU (domain/etablissement-reconnu.ts): a write key of
// SIREN A whose file names as formateur an invented establishment of B's known SIREN has that
// record rejected, the establishment not created; the file's other records are applied.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

const INVENTE = luhnComplete(`${SIREN_B}0777`);

const formation = (numero: string, formateur: string) => `
    <formation numero="${numero}">
      <intitule-formation>Remise à niveau ${numero}</intitule-formation>
      <action>
        <lieu-de-formation>
          <coordonnees><adresse><ligne>2 rue Bois</ligne><codepostal>63000</codepostal><ville>Clermont-Ferrand</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S1"><periode><debut>20270104</debut><fin>20270630</fin></periode></session>
        <organisme-formateur><SIRET-formateur><SIRET>${formateur}</SIRET></SIRET-formateur><raison-sociale-formateur>PIRATE SARL</raison-sociale-formateur></organisme-formateur>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>${SIRET_A}</SIRET></SIRET-organisme-formation><raison-sociale>GRETA</raison-sociale></organisme-formation-responsable>
    </formation>`;

const fichier = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>${formation('OK-1', SIRET_A)}${formation('PIR-1', INVENTE)}
  </offres>
</lheo>
`;

describe('an LHEO file naming an invented establishment of another structure', () => {
  it('rejects that record (simulation and import), applies the other, creates no establishment', async () => {
    for (const dry of [true, false]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports/lheo?dry_run=${dry}`,
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${t.keys.writeA}` },
        payload: fichier,
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().formations).toMatchObject({ creees: 1, rejetees: 1 });
      const [rejet] = r.json().rejets as { code: string; message: string; numero: string }[];
      expect(rejet).toMatchObject({ code: 'ETABLISSEMENT_NON_RECONNU', numero: 'PIR-1' });
      expect(rejet!.message).toContain('son SIREN 552100554 est celui d’une autre structure');
    }
    const pirate = await t.ctx.db
      .selectFrom('organisme')
      .select('siret')
      .where('siret', '=', INVENTE)
      .execute();
    expect(pirate).toEqual([]);
    const cles = await t.ctx.db.selectFrom('formation').select('cle_externe').execute();
    expect(cles.map((c) => c.cle_externe)).toEqual(['OK-1']);
  });
});
