import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_B } from '../helpers/formations.ts';

// The pages of the tester's report (04/12, HIGH: FORM_DOUBLON named a draft to readers who may not
// read it, test/api/controles-doublon-acces.test.ts). Every page that shows the rule results of a
// published offer names its probable duplicate only to a reader who may read that duplicate.

let t: TestWeb;
let orgA: Navigateur;
let orgB: Navigateur;
let g84: Navigateur;
let g11: Navigateur;
let instructeur: Navigateur;
const BROUILLON = 'CAP Cuisine — brouillon caché';
const CLE_BROUILLON = 'CACHE-BROUILLON-W';
let publiee: string;
let brouillon: string;

const copie = (cle: string, intitule: string) => formationFixture({ cle_externe: cle, intitule });

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const a = organismeDe(SIREN_A);
  publiee = (await saveFormation(t.ctx, a, copie('CACHE-PUBLIEE-W', 'CAP Cuisine publié'))).id;
  await transition(t.ctx, a, publiee, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), publiee, 'valider');
  brouillon = (await saveFormation(t.ctx, a, copie(CLE_BROUILLON, BROUILLON))).id;
  await saveFormation(t.ctx, organismeDe(SIREN_B), formationFixture({ siret: SIRET_B, cle_externe: 'B-W' }));
  orgA = await connecte(t, { email: 'a@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.42.0.1');
  orgB = await connecte(t, { email: 'b@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.42.0.2');
  g84 = await connecte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }, '10.42.0.3');
  g11 = await connecte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' }, '10.42.0.4');
  instructeur = await connecte(
    t,
    { email: 'i@ac-lyon.test', role: 'instructeur', academie: '10' },
    '10.42.0.5',
  );
}, 120_000);
afterAll(() => t?.close());

const anonyme = (url: string) => t.app.inject({ method: 'GET', url });

function taitLeBrouillon(body: string) {
  expect(texte(body)).not.toContain(BROUILLON);
  expect(body).not.toContain(CLE_BROUILLON);
  expect(body).not.toContain(brouillon);
}

describe('the pages of a published offer whose probable duplicate is a draft', () => {
  it('the public page, anonymous or signed in as another organisme: the draft is not named', async () => {
    expect((await anonyme(`/formations/${brouillon}`)).statusCode).toBe(404);
    const r = await anonyme(`/formations/${publiee}`);
    expect(r.statusCode).toBe(200);
    taitLeBrouillon(r.body);
    const b = await orgB.get(`/formations/${publiee}`);
    expect(b.statusCode).toBe(200);
    taitLeBrouillon(b.body);
  });

  it('another organisme’s space, a gestionnaire of another région: no access, nothing named', async () => {
    const b = await orgB.get(`/espace/formations/${publiee}`);
    expect(b.statusCode).not.toBe(200);
    taitLeBrouillon(b.body);
    const g = await g11.get(`/gestion/formations/${publiee}`);
    expect(g.statusCode).not.toBe(200);
    taitLeBrouillon(g.body);
  });

  it('an instructeur of the académie (diffused offers only): the file does not name the draft', async () => {
    const r = await instructeur.get(`/instruction/parcoursup/${publiee}`);
    expect([200, 403, 404]).toContain(r.statusCode);
    taitLeBrouillon(r.body);
  });

  it('the organisme’s space and the gestionnaire of the région: the draft is named', async () => {
    for (const nav of [orgA, g84]) {
      const url = nav === orgA ? `/espace/formations/${publiee}` : `/gestion/formations/${publiee}`;
      const r = await nav.get(url);
      expect(r.statusCode).toBe(200);
      expect(texte(r.body)).toContain(`Doublon probable avec la formation « ${BROUILLON} »`);
    }
  });
});
