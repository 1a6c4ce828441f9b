import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lienDans } from '../helpers/smtp-server.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A fresh user's report (05/12): the sign-up, invitation, password and account forms kept whole
// instruction sentences as field errors (« Indiquez la raison sociale. ») and showed one error at a
// time, while the formation forms say « Libellé : problème. » in the page's order. Every account
// form now does the same: the summary at the top lists each field error in page order, each a
// link to its field, and the field is in the DSFR error state with the same message under it.
// Over HTTP, e-mailed links through the real SMTP test server.

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

/** The error summary's entries, in order: [the field it links to, its text]. */
function resume(html: string): [string, string][] {
  const debut = html.indexOf('id="resume-erreurs"');
  expect(debut, 'no error summary').toBeGreaterThan(0);
  const bloc = html.slice(debut, html.indexOf('</ul>', debut));
  return [...bloc.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1]!, texte(m[2]!).trim()]);
}

/** Each field of `attendu` is in the DSFR error state, its message under it. */
function champsEnErreur(html: string, attendu: [string, string][]) {
  for (const [id, message] of attendu) {
    const champ = new RegExp(`<(?:input|select|textarea)[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    expect(champ, id).toContain('aria-invalid="true"');
    expect(champ, id).toMatch(/fr-(?:input|select)--error/);
    const sous = new RegExp(`id="${id}-erreur">([^<]*)<`).exec(html)?.[1] ?? '';
    expect(texte(sous).trim(), id).toBe(message);
  }
}

const CONFIRMATION = [
  'confirmation',
  'Confirmez le mot de passe : les deux mots de passe saisis sont différents.',
] as [string, string];
const TROP_COURT = 'le mot de passe doit contenir au moins 12 caractères (une phrase de passe convient).';

describe('the sign-up form', () => {
  const inscription = {
    siren: '777000100',
    raison_sociale: 'CFA des Erreurs',
    region: '84',
    sirets: '',
    nom: 'Claire Erreur',
    email: 'claire@cfa-erreurs.test',
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  };

  it('lists every field error « Libellé : problème. », in the page’s order, each on its field', async () => {
    const nav = new Navigateur(t.app, '10.60.0.1');
    await nav.get('/inscription');
    const r = await nav.post('/inscription', {
      confirmation: 'autre chose',
      mot_de_passe: 'court',
      email: 'pas-une-adresse',
      nom: ' ',
      sirets: '123',
      region: '',
      raison_sociale: '',
      siren: '123',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Le formulaire contient 8 erreurs');
    const attendu: [string, string][] = [
      [
        'siren',
        'SIREN : le SIREN « 123 » a 3 chiffres au lieu de 9 : vérifiez-le sur l’avis de situation Sirene.',
      ],
      ['raison_sociale', 'Raison sociale : indiquez le nom de votre structure.'],
      ['region', 'Région : choisissez la région de la structure.'],
      [
        'sirets',
        'Établissements (SIRET) : le SIRET « 123 » a 3 chiffres au lieu de 14 : vérifiez-le sur l’avis de situation Sirene.',
      ],
      ['nom', 'Nom et prénom : indiquez vos nom et prénom.'],
      [
        'email',
        'Adresse électronique professionnelle : « pas-une-adresse » n’est pas une adresse électronique valide (format attendu : nom@domaine.fr).',
      ],
      ['mot_de_passe', `Nouveau mot de passe : ${TROP_COURT}`],
      CONFIRMATION,
    ];
    expect(resume(r.body)).toEqual(attendu);
    champsEnErreur(r.body, attendu);
    // An empty SIREN is asked for, not called invalid.
    const vide = await nav.post('/inscription', { ...inscription, siren: '' });
    expect(resume(vide.body)).toEqual([
      ['siren', 'SIREN : indiquez le SIREN de votre structure (9 chiffres).'],
    ]);
  });

  // A SIREN whose sign-up is pending is no longer said (409 STRUCTURE_EN_ATTENTE, removed): the
  // answer is that of a new structure (test/auth/inscription-sans-indice.test.ts).
  it('answers a second sign-up of a pending SIREN as a new one, with no error', async () => {
    const nav = new Navigateur(t.app, '10.60.0.2');
    await nav.get('/inscription');
    expect((await nav.post('/inscription', inscription)).statusCode).toBe(200);
    await nav.get('/inscription');
    const r = await nav.post('/inscription', { ...inscription, email: 'autre@cfa-erreurs.test' });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('id="resume-erreurs"');
    expect(r.body).toContain('Demande enregistrée');
  });
});

describe('the sign-in and password forms', () => {
  it('sign-in: each empty field named; a wrong pair is said of the pair, not of a field', async () => {
    const nav = new Navigateur(t.app, '10.60.1.1');
    await nav.get('/connexion');
    const vide = await nav.post('/connexion', { email: '', mot_de_passe: '' });
    expect(vide.statusCode).toBe(400);
    const attendu: [string, string][] = [
      ['email', 'Adresse électronique : saisissez celle de votre compte.'],
      ['mot_de_passe', 'Mot de passe : saisissez celui de votre compte.'],
    ];
    expect(resume(vide.body)).toEqual(attendu);
    champsEnErreur(vide.body, attendu);
    const faux = await nav.post('/connexion', {
      email: 'personne@nulle-part.test',
      mot_de_passe: 'pas le bon',
    });
    expect(resume(faux.body)).toEqual([['email', 'Adresse électronique ou mot de passe incorrect.']]);
  });

  it('forgotten password: the empty address named, and not counted against the limit', async () => {
    const nav = new Navigateur(t.app, '10.60.1.2');
    await nav.get('/mot-de-passe/oublie');
    const r = await nav.post('/mot-de-passe/oublie', { email: ' ' });
    expect(r.statusCode).toBe(400);
    const attendu: [string, string][] = [
      ['email', 'Adresse électronique de votre compte : saisissez-la pour recevoir le lien.'],
    ];
    expect(resume(r.body)).toEqual(attendu);
    champsEnErreur(r.body, attendu);
  });

  it('change and reset: every error at once, current password first', async () => {
    const u = await compte(t, { email: 'change@cfa-erreurs.test', role: 'prescripteur', nom: 'Change' });
    const nav = new Navigateur(t.app, '10.60.1.3');
    await nav.seConnecter(u.email, u.motDePasse);
    await nav.get('/compte/mot-de-passe');
    const tout = await nav.post('/compte/mot-de-passe', {
      actuel: '',
      nouveau: 'court',
      confirmation: 'autre',
    });
    expect(tout.statusCode).toBe(400);
    const attendu: [string, string][] = [
      ['actuel', 'Mot de passe actuel : saisissez celui avec lequel vous vous connectez.'],
      ['nouveau', `Nouveau mot de passe : ${TROP_COURT}`],
      CONFIRMATION,
    ];
    expect(resume(tout.body)).toEqual(attendu);
    champsEnErreur(tout.body, attendu);
    const faux = await nav.post('/compte/mot-de-passe', {
      actuel: 'pas le mot de passe',
      nouveau: 'un nouveau mot de passe',
      confirmation: 'un nouveau mot de passe',
    });
    expect(resume(faux.body)).toEqual([
      ['actuel', 'Mot de passe actuel : ce n’est pas le mot de passe de votre compte.'],
    ]);

    // The reset link, as e-mailed.
    const anonyme = new Navigateur(t.app, '10.60.1.4');
    await anonyme.get('/mot-de-passe/oublie');
    await anonyme.post('/mot-de-passe/oublie', { email: u.email });
    const lien = new URL(
      lienDans((await t.smtp.attendre(u.email, /Réinitialisation/)).text, '/mot-de-passe/nouveau'),
    );
    await anonyme.get(lien.pathname + lien.search);
    const reset = await anonyme.post('/mot-de-passe/nouveau', {
      jeton: lien.searchParams.get('jeton')!,
      confirmation: 'autre',
      nouveau: 'court',
    });
    expect(reset.statusCode).toBe(400);
    expect(resume(reset.body)).toEqual([['nouveau', `Nouveau mot de passe : ${TROP_COURT}`], CONFIRMATION]);
  });
});

describe('the invitation forms', () => {
  it('inviting a colleague: the address named by its label', async () => {
    const u = await compte(t, {
      email: 'chef@cfa-erreurs.test',
      role: 'organisme',
      siren: '130025265',
      nom: 'Chef',
    });
    const nav = new Navigateur(t.app, '10.60.2.1');
    await nav.seConnecter(u.email, u.motDePasse);
    await nav.get('/compte');
    const vide = await nav.post('/compte/invitations', { email: '' });
    expect(vide.statusCode).toBe(400);
    const attendu: [string, string][] = [
      ['email', 'Adresse électronique du collègue : indiquez l’adresse à laquelle envoyer l’invitation.'],
    ];
    expect(resume(vide.body)).toEqual(attendu);
    champsEnErreur(vide.body, attendu);
    const faux = await nav.post('/compte/invitations', { email: 'collegue@' });
    expect(resume(faux.body)).toEqual([
      [
        'email',
        'Adresse électronique du collègue : « collegue@ » n’est pas une adresse électronique valide (format attendu : nom@domaine.fr).',
      ],
    ]);

    // The invitee's form: name, password, confirmation, all at once, in this order.
    expect((await nav.post('/compte/invitations', { email: 'invite@cfa-erreurs.test' })).statusCode).toBe(
      303,
    );
    const lien = new URL(
      lienDans((await t.smtp.attendre('invite@cfa-erreurs.test', /Invitation/)).text, '/invitation'),
    );
    const invite = new Navigateur(t.app, '10.60.2.2');
    await invite.get(lien.pathname + lien.search);
    const r = await invite.post('/invitation', {
      jeton: lien.searchParams.get('jeton')!,
      confirmation: 'autre',
      nouveau: 'court',
      nom: '',
    });
    expect(r.statusCode).toBe(400);
    const erreurs: [string, string][] = [
      ['nom', 'Nom et prénom : indiquez vos nom et prénom.'],
      ['nouveau', `Nouveau mot de passe : ${TROP_COURT}`],
      CONFIRMATION,
    ];
    expect(resume(r.body)).toEqual(erreurs);
    champsEnErreur(r.body, erreurs);
  });
});
