import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A sign-up request decided twice (a second tab, the « Valider » form still open after a refusal):
// 409 saying who decided it and when, with a stable code — never « Structure … introuvable »
// (404), which the refusal's removal of the structure used to answer (docs/comptes.md).

let t: TestWeb;
let gestion: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const g = await compte(t, { email: 'g.pdl@carif.test', role: 'gestionnaire', region: '52' });
  gestion = new Navigateur(t.app, '10.8.0.2');
  await gestion.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t.close());

async function inscrire(siren: string, email: string) {
  const nav = new Navigateur(t.app, '10.8.0.1');
  await nav.get('/inscription');
  const r = await nav.post('/inscription', {
    siren,
    raison_sociale: `CFA ${siren}`,
    region: '52',
    sirets: '',
    nom: 'Dana Demandeur',
    email,
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  });
  expect(r.statusCode).toBe(200);
}

describe('a sign-up request decided twice', () => {
  it('refused, then approved or refused again from the still-open page: 409 INSCRIPTION_DEJA_REFUSEE', async () => {
    const SIREN = '732829320';
    await inscrire(SIREN, 'a@cfa-refuse.test');
    // The page, with both forms, stays open in the browser.
    await gestion.get('/gestion/inscriptions');
    const jeton = gestion.csrf;
    expect(
      (await gestion.post(`/gestion/inscriptions/${SIREN}/refuser`, { motif: 'Pas un organisme.' }))
        .statusCode,
    ).toBe(303);
    for (const action of ['approuver', 'refuser']) {
      const r = await gestion.post(
        `/gestion/inscriptions/${SIREN}/${action}`,
        action === 'refuser' ? { motif: 'Encore.' } : {},
        { csrf: jeton },
      );
      expect(r.statusCode, action).toBe(409);
      const page = texte(r.body);
      expect(page).toMatch(
        /Cette demande a déjà été refusée par g\.pdl@carif\.test le \d{1,2}(er)? \S+ \d{4}/,
      );
      expect(page).toContain('Code de l’erreur : INSCRIPTION_DEJA_REFUSEE');
      expect(page).not.toContain('introuvable');
    }
    // A SIREN that never asked is still unknown.
    const inconnu = await gestion.post('/gestion/inscriptions/552100554/approuver', {}, { csrf: jeton });
    expect(inconnu.statusCode).toBe(404);
  });

  it('approved, then refused or approved again: 409 STRUCTURE_DEJA_ACTIVE saying who approved it and when', async () => {
    const SIREN = '443061841';
    await inscrire(SIREN, 'b@cfa-valide.test');
    await gestion.get('/gestion/inscriptions');
    const jeton = gestion.csrf;
    expect((await gestion.post(`/gestion/inscriptions/${SIREN}/approuver`, {})).statusCode).toBe(303);
    for (const action of ['refuser', 'approuver']) {
      const r = await gestion.post(
        `/gestion/inscriptions/${SIREN}/${action}`,
        action === 'refuser' ? { motif: 'Trop tard.' } : {},
        { csrf: jeton },
      );
      expect(r.statusCode, action).toBe(409);
      const page = texte(r.body);
      expect(page).toMatch(
        /Cette demande a déjà été validée par g\.pdl@carif\.test le \d{1,2}(er)? \S+ \d{4}/,
      );
      expect(page).toContain('Code de l’erreur : STRUCTURE_DEJA_ACTIVE');
    }
  });
});
