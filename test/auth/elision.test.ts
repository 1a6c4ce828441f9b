import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// Fresh user (03/12): « La demande de compte de Éole Formation », « Motif du refus de Éole… »:
// French elides « de » before a vowel (domain/elision.ts).

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
});
afterAll(() => t.close());

describe('a structure whose name starts with a vowel', () => {
  it('is « d’Éole Formation » on the sign-up confirmation and on the gestionnaire’s refusal field', async () => {
    const cfa = new Navigateur(t.app, '10.50.0.1');
    await cfa.get('/inscription');
    const r = await cfa.post('/inscription', {
      siren: '130025265',
      raison_sociale: 'Éole Formation',
      region: '84',
      sirets: '13002526500013',
      nom: 'Claire Vent',
      email: 'claire@eole.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(r.statusCode).toBe(200);
    expect(texte(r.body)).toContain('La demande de compte d’Éole Formation est transmise');

    const g = await connecte(t, { email: 'g84@carif.test', role: 'gestionnaire', region: '84' }, '10.50.0.2');
    const page = texte((await g.get('/gestion/inscriptions')).body);
    expect(page).toContain('Motif du refus d’Éole Formation');
    expect(page).not.toContain('de Éole');
  });
});
