import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// Issue 11 item 17: Zod's own messages (a number too big, a wrong type, an unknown value) reach
// users in French — the API's problem details and LHEO rejects (src/config.ts sets Zod's French
// locale; the CLI's texts are in src/cli/cli.test.ts).

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

const ANGLAIS = /\b(Invalid|Too (big|small)|expected|received|must|option)\b/;

describe('Zod messages in French', () => {
  it('in the problem details of a write refused for types, bounds and enum values', async () => {
    const f = formationFixture({ cle_externe: 'FR-ZOD' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: {
        ...f,
        intitule: 5,
        modalites: { ...f.modalites, annees_apprentissage: [9] },
        sessions: [{ ...f.sessions[0], capacite: 100_001, etat_recrutement: 'peut-etre' }],
      },
    });
    expect(r.statusCode).toBe(400);
    const erreurs = r.json().erreurs as { champ: string; message: string }[];
    expect(Object.fromEntries(erreurs.map((e) => [e.champ, e.message]))).toEqual({
      intitule: expect.stringMatching(/^Entrée invalide : chaîne de caractères attendu/),
      'modalites.annees_apprentissage.0': expect.stringMatching(/^Trop grand/),
      'sessions.0.capacite': expect.stringMatching(/^Trop grand/),
      'sessions.0.etat_recrutement': expect.stringMatching(/^Option invalide : une valeur parmi/),
    });
    for (const e of erreurs) expect(e.message, e.champ).not.toMatch(ANGLAIS);
  });

  it('in the query parameters', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/formations?lat=abc&lon=2&rayon_km=5' });
    expect(r.statusCode).toBe(400);
    for (const e of r.json().erreurs as { message: string }[]) expect(e.message).not.toMatch(ANGLAIS);
  });

  it('in an LHEO reject', async () => {
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>
      <formation numero="TROP-LONG"><intitule-formation>${'x'.repeat(2001)}</intitule-formation>
        <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable></formation>
    </offres></lheo>`;
    const report = await importLheo(t.ctx, SYSTEME('test-fr'), [xml]);
    expect(report.rejets).toHaveLength(1);
    expect(report.rejets[0]!.message).toMatch(/champ intitule : Trop grand/);
    expect(report.rejets[0]!.message).not.toMatch(ANGLAIS);
  });
});
