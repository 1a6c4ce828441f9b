import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';

// Every channel that adds a session to a conventionné action can leave it without a financeur of
// its own (the API: none sent; LHEO: an action with two funders gives its sessions none). The page
// then says the action's funders finance it (domain/financement.ts); the rules check it as such:
// CONV_MARCHE and CONV_CONTACT fail, the offer is Non réglementaire, never diffused as compliant.

const t = useTestApi();
const codes = (f: { conformite: { echecs: { code: string }[] } }) => f.conformite.echecs.map((e) => e.code);

describe('a session of a conventionné action without its own financeur', () => {
  it('through the API: stored as sent, checked with the action’s funders', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: {
        ...formationFixture({
          cle_externe: 'CONV-API-SANS-FIN',
          certification: {},
          responsable: { siret: SIRET_A },
          formateur: { siret: SIRET_A },
        }),
        modalites: {
          formation_continue: true,
          contrat_professionnalisation: false,
          contrat_apprentissage: false,
          annees_apprentissage: [],
          duree_annees: 1,
        },
        financeurs: ['region'],
        sessions: [
          {
            cle_externe: 'S1',
            debut: '2027-01-04',
            fin: '2027-06-30',
            lieu: { code_postal: '69002', commune: 'Lyon' },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const f = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations/${res.json().id}`,
        headers: bearer(t.keys.writeA),
      })
    ).json();
    expect(f.sessions[0]).toMatchObject({ financeur: null, numero_marche: null, contact: null });
    expect(codes(f)).toEqual(expect.arrayContaining(['CONV_MARCHE', 'CONV_CONTACT']));
    expect(f.conformite.catalogue).toBe('non_reglementaire');
  });

  it('through LHEO: an action funded by the Région and France Travail, its session naming neither', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    <formation numero="CONV-LHEO-DEUX">
      <intitule-formation>Remise à niveau vers l’emploi</intitule-formation>
      <action>
        <organisme-financeur><code-financeur>2</code-financeur></organisme-financeur>
        <organisme-financeur><code-financeur>4</code-financeur></organisme-financeur>
        <lieu-de-formation>
          <coordonnees><adresse><ligne>12 rue de la République</ligne><codepostal>69002</codepostal><ville>Lyon</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S-A"><periode><debut>20270104</debut><fin>20270630</fin></periode></session>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation><raison-sociale>CFA Lumière</raison-sociale></organisme-formation-responsable>
    </formation>
  </offres>
</lheo>
`;
    const systeme = SYSTEME('test-lheo');
    const r = await importLheo(t.ctx, systeme, Readable.from([Buffer.from(xml)]), { fichier: 'conv.xml' });
    expect(r.formations).toMatchObject({ creees: 1, rejetees: 0 });
    const f = (await listFormations(t.ctx.db, systeme, {}, { limit: 10 })).data.find(
      (x) => x.cle_externe === 'CONV-LHEO-DEUX',
    );
    expect([...f!.financeurs].sort()).toEqual(['france_travail', 'region']);
    expect(f!.sessions[0]!.financeur).toBeNull();
    expect(codes(f!)).toEqual(expect.arrayContaining(['CONV_MARCHE', 'CONV_CONTACT']));
    expect(f!.conformite.catalogue).toBe('non_reglementaire');
  });
});
