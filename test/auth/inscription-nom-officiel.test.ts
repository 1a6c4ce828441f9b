import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOM_PASTEUR, SIREN_PASTEUR, sirenePasteur } from '../helpers/sirene.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A fresh user's report (05/12/2026): signing up SIREN 934455825 with the raison sociale « X »,
// the confirmation page, the gestionnaire's queue (« Valider X ») and the approval e-mail all said
// « X », though Sirene names it « Lycée polyvalent Louis Pasteur »; and Sirene's establishment read
// « commune 93029 ». The name Offre knows for the SIREN is shown, the typed one beside it when it
// differs (« déclaré : X »), and the commune by its name. Real HTTP, real SMTP.

let t: TestWeb;
const SIREN = SIREN_PASTEUR;
const OFFICIEL = NOM_PASTEUR;

beforeAll(async () => {
  t = await testWeb();
  await sirenePasteur(t.ctx.db);
});
afterAll(() => t.close());

describe('a sign-up whose SIREN Sirene knows', () => {
  it('is named as Sirene names it, the typed name beside it, on the page, the queue and the e-mails', async () => {
    const g = await compte(t, { email: 'g.idf@carif.test', role: 'gestionnaire', region: '11' });
    const nav = new Navigateur(t.app, '10.7.2.1');
    await nav.get('/inscription');
    const r = await nav.post('/inscription', {
      siren: SIREN,
      raison_sociale: 'X',
      region: '11',
      sirets: '',
      nom: 'Paul Pasteur',
      email: 'paul@lycee-pasteur.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(r.statusCode).toBe(200);
    expect(texte(r.body)).toContain(`La demande de compte de ${OFFICIEL} (déclaré : X) est transmise aux`);
    const avis = await t.smtp.attendre(g.email, /Nouvelle inscription/);
    expect(avis.subject).toBe(`Nouvelle inscription à examiner : ${OFFICIEL} (déclaré : X)`);

    const gest = new Navigateur(t.app, '10.7.2.2');
    await gest.seConnecter(g.email, g.motDePasse);
    const file = texte((await gest.get('/gestion/inscriptions')).body);
    expect(file).toContain(`${OFFICIEL} (déclaré : X) – SIREN ${SIREN}`);
    expect(file).toContain(`Valider ${OFFICIEL}`);
    expect(file).toContain(`Refuser ${OFFICIEL}`);
    expect(file).not.toMatch(/Valider X\b/);
    // The SIRET grouped as pages show SIRETs (934 455 825 00075).
    expect(file).toContain(`934 455 825 00075 ${OFFICIEL} (actif, commune Drancy (93029))`);

    const ok = await gest.post(`/gestion/inscriptions/${SIREN}/approuver`, {});
    expect(ok.statusCode).toBe(303);
    const mail = await t.smtp.attendre('paul@lycee-pasteur.test', /compte Offre est ouvert/);
    expect(mail.text).toContain(`L’inscription de ${OFFICIEL} (SIREN ${SIREN}) sur Offre a été validée`);
  });
});
