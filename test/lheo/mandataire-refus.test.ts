import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';

// A fresh user (07/12): an LHEO conventionné action whose mandataire is another structure's, sent
// with a write key of the responsable's SIREN, was refused with its `chemin` on
// `organisme-formation-responsable` — but the responsable was the key's own: the mandataire decided
// the owner (docs/conventionne.md). The refusal now points at the mandataire's extra.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

const fichier = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    <formation numero="CONV-1">
      <intitule-formation>Remise à niveau</intitule-formation>
      <action>
        <lieu-de-formation>
          <coordonnees><adresse><ligne>2 rue Bois</ligne><codepostal>63000</codepostal><ville>Clermont-Ferrand</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S1"><periode><debut>20270104</debut><fin>20270630</fin></periode>
          <extras info="offre"><extra info="financeur">agefiph</extra></extras>
        </session>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>${SIRET_A}</SIRET></SIRET-organisme-formation><raison-sociale>GRETA</raison-sociale></organisme-formation-responsable>
      <extras info="offre"><extra info="mandataire">{"siret":"${SIRET_B}"}</extra></extras>
    </formation>
  </offres>
</lheo>
`;

describe('an LHEO action whose mandataire is not the key’s structure', () => {
  it('is refused, the refusal pointing at the mandataire, not at its own responsable', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo?dry_run=true',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${t.keys.writeA}` },
      payload: fichier,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().formations).toMatchObject({ creees: 0, rejetees: 1 });
    const [rejet] = r.json().rejets as { chemin: string; code: string; message: string }[];
    expect(rejet).toMatchObject({
      code: 'ACCES_REFUSE',
      chemin: '/lheo/offres/formation[1]/extras/extra[@info="mandataire"]',
    });
    expect(rejet!.message).toContain('le mandataire indiqué (SIREN 552100554)');
    // The reason the form gives too (formation.ecriture.ts mandataireEtranger), in a write's words.
    expect(rejet!.message).toContain(
      'n’en fait pas partie. Seul le titulaire du marché saisit l’action sous son mandat : indiquez l’un de vos établissements comme mandataire, ou aucun.',
    );
  });
});
