import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// A fresh user's report (07/12): some session errors broke the « Libellé : problème » pattern — an
// end before the start, a commune that is none of a postal code's several communes, a commune
// unknown without a postal code. Each now names its field first.

let t: TestWeb;
let org: Navigateur;
let url: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@messages.test', role: 'organisme', siren: SIREN_A }, '10.48.0.1');
  const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Messages de session' }));
  url = `/espace/formations/${id}/sessions/nouvelle`;
});
afterAll(() => t?.close());

describe('the session form’s messages name their field', () => {
  it.each([
    [
      { debut: '2027-09-01', fin: '2027-06-30' },
      'Date de fin : le 30 juin 2027 doit suivre la date de début',
    ],
    [
      { 'lieu.code_postal': '75001', 'lieu.commune': 'Laval' },
      'Commune : « Laval » n’est pas une commune du code postal 75001, qui en compte 2 : choisissez la vôtre',
    ],
    [
      { 'lieu.code_postal': '', 'lieu.commune': 'Lavalle-sur-Mer' },
      'Commune : aucune commune ne commence par « Lavalle-sur-Mer »',
    ],
  ])('%o', async (over, message) => {
    const r = await org.post(url, sessionForm(over));
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(message);
  });
});
