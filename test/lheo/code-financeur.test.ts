import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';

// h-fuite item 2: an organisme-financeur whose code-financeur is outside LHEO's dictionary (99)
// was dropped silently (« 1 créée, 0 rejetée », the session's financeur null). Now the record is
// refused (LHEO_FINANCEUR_INCONNU, at the code's line, as the API refuses an unknown financeur);
// a code of the dictionary that Offre does not model (11) is a warning (LHEO_FINANCEUR_NON_REPRIS).

const systeme = SYSTEME('test-lheo');
let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

const formation = (numero: string, codes: string[]) => `    <formation numero="${numero}">
      <intitule-formation>Titre professionnel ${numero}</intitule-formation>
      <action>
${codes.map((c) => `        <organisme-financeur>\n          <code-financeur>${c}</code-financeur>\n        </organisme-financeur>`).join('\n')}
        <lieu-de-formation>
          <coordonnees><adresse><ligne>12 rue de la République</ligne><codepostal>69002</codepostal><ville>Lyon</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S-A"><periode><debut>20270906</debut><fin>20290630</fin></periode></session>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation><raison-sociale>CFA Lumière</raison-sociale></organisme-formation-responsable>
    </formation>`;

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
${formation('FIN-INCONNU', ['99'])}
${formation('FIN-NON-REPRIS', ['2', '11'])}
  </offres>
</lheo>
`;

describe('an LHEO code-financeur Offre does not map', () => {
  it('refuses a code outside the dictionary at its line; warns of a dictionary code not modelled', async () => {
    const r = await importLheo(t.ctx, systeme, Readable.from([Buffer.from(xml)]), {
      fichier: 'financeurs.xml',
    });
    expect(r.formations).toMatchObject({ creees: 1, rejetees: 1 });
    expect(r.rejets).toEqual([
      expect.objectContaining({
        chemin: '/lheo/offres/formation[1]/action[1]/organisme-financeur[1]/code-financeur',
        code: 'LHEO_FINANCEUR_INCONNU',
        ligne: 8,
        numero: 'FIN-INCONNU',
      }),
    ]);
    expect(r.rejets[0]!.message).toBe(
      'Formation n° 1 (ligne 8) : action 1, code-financeur « 99 » hors du dictionnaire LHEO des financeurs (codes 0 à 20) : corrigez le code (Offre reprend 2 Région, 4 France Travail, 7 Agefiph, 16 OPCO).',
    );
    expect(r.avertissements).toEqual([
      expect.objectContaining({
        chemin: '/lheo/offres/formation[2]/action[1]/organisme-financeur[2]/code-financeur',
        code: 'LHEO_FINANCEUR_NON_REPRIS',
        numero: 'FIN-NON-REPRIS',
      }),
    ]);
    expect(r.avertissements[0]!.message).toContain('code-financeur « 11 »');
    const f = (await listFormations(t.ctx.db, systeme, {}, { limit: 10 })).data;
    expect(f.map((x) => x.cle_externe)).toEqual(['FIN-NON-REPRIS']);
    expect(f[0]!.financeurs).toEqual(['region']);
    expect(f[0]!.sessions[0]!.financeur).toBe('region');
  });
});
