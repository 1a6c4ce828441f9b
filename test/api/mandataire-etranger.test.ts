import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, formationFixture, SIRET_A, SIRET_B, type TestApi, testApi } from './helpers.ts';

// h-mandataire2's loose end: through the API, another structure's mandataire on an action that is
// NOT conventionnée, with the key's own SIREN as responsable, was accepted and stored (the owner
// comes from the responsable), while the form refuses it. One rule for every channel
// (formation.ecriture.ts mandataireEtranger): a SIREN-bound write may not name another structure's
// establishment as mandataire, conventionnée or not.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

const RAISON =
  'n’en fait pas partie. Seul le titulaire du marché saisit l’action sous son mandat : indiquez l’un de vos établissements comme mandataire, ou aucun.';

const nonConventionnee = (cle: string, mandataire: string) =>
  formationFixture({ cle_externe: cle, mandataire: { siret: mandataire, raison_sociale: 'Mandataire' } });

async function compte(cle: string): Promise<number> {
  const r = await t.ctx.db
    .selectFrom('formation')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('cle_externe', '=', cle)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a mandataire of another structure on an action that is not conventionnée', () => {
  it('API: refused to a key bound to the responsable’s SIREN (403, on the mandataire), nothing stored', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: nonConventionnee('M-API', SIRET_B),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'ACCES_REFUSE', champ: 'mandataire.siret' });
    expect(r.json().detail).toContain('le mandataire indiqué (SIREN 552100554)');
    expect(r.json().detail).toContain(RAISON);
    expect(await compte('M-API')).toBe(0);
  });

  it('API: the key’s own establishment as mandataire, or a writer bound to no SIREN, passes', async () => {
    const propre = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: nonConventionnee('M-PROPRE', SIRET_A),
    });
    expect(propre.statusCode).toBe(201);
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.admin),
      payload: nonConventionnee('M-ADMIN', SIRET_B),
    });
    expect(admin.statusCode).toBe(201);
  });

  it('API: an update naming it is refused too, the stored formation unchanged', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'M-MAJ' }),
    });
    expect(cree.statusCode).toBe(201);
    const { id } = cree.json();
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
      payload: nonConventionnee('M-MAJ', SIRET_B),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'ACCES_REFUSE', champ: 'mandataire.siret' });
    const f = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(f.json().mandataire ?? null).toBeNull();
  });

  it('LHEO: the action is rejected, pointing at the mandataire', async () => {
    const fichier = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    <formation numero="NONCONV-1">
      <intitule-formation>Remise à niveau</intitule-formation>
      <action>
        <lieu-de-formation>
          <coordonnees><adresse><ligne>2 rue Bois</ligne><codepostal>63000</codepostal><ville>Clermont-Ferrand</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S1"><periode><debut>20270104</debut><fin>20270630</fin></periode></session>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>${SIRET_A}</SIRET></SIRET-organisme-formation><raison-sociale>GRETA</raison-sociale></organisme-formation-responsable>
      <extras info="offre"><extra info="mandataire">{"siret":"${SIRET_B}"}</extra></extras>
    </formation>
  </offres>
</lheo>
`;
    for (const dry of [true, false]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports/lheo?dry_run=${dry}`,
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
      expect(rejet!.message).toContain(RAISON);
    }
    expect(await compte('NONCONV-1')).toBe(0);
  });
});
