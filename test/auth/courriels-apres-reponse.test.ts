import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lienDans } from '../helpers/smtp-server.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb } from './web.helpers.ts';

// The password-reset and invitation e-mails leave after the page has answered (apres-reponse
// plugin): how long the answer takes must not tell whether the address has an account, and a slow
// mail server must not hold the page. A real SMTP server that holds every message until released.

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

const RETENU = 'retenu par le serveur de courriel';

/** `envoi`'s answer while the mail server holds every message, or RETENU when it waited for one. */
async function pendantRetenue<T>(envoi: () => Promise<T>): Promise<T | typeof RETENU> {
  const liberer = t.smtp.retenir();
  try {
    return await Promise.race([
      envoi(),
      new Promise<typeof RETENU>((ok) => setTimeout(() => ok(RETENU), 5000)),
    ]);
  } finally {
    liberer();
  }
}

describe('password reset', () => {
  it('answers before the reset e-mail leaves, then the e-mail arrives with a working link', async () => {
    const u = await compte(t, { email: 'oubli@cfa-rapide.test', role: 'organisme', siren: '418270187' });
    const nav = new Navigateur(t.app, '10.73.0.1');
    await nav.get('/mot-de-passe/oublie');
    const r = await pendantRetenue(() => nav.post('/mot-de-passe/oublie', { email: u.email }));
    expect(r).not.toBe(RETENU);
    if (r === RETENU) return;
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Si un compte existe pour cette adresse');
    const mail = await t.smtp.attendre(u.email, /Réinitialisation/);
    const lien = new URL(lienDans(mail.text, '/mot-de-passe/nouveau'));
    expect((await nav.get(lien.pathname + lien.search)).statusCode).toBe(200);
  });
});

describe('invitations', () => {
  it('answers before the invitation leaves, then the invitee gets the link', async () => {
    const nav = await connecte(
      t,
      { email: 'invite-par@cfa-rapide.test', role: 'organisme', siren: '418270195' },
      '10.73.0.2',
    );
    await nav.get('/compte');
    const r = await pendantRetenue(() =>
      nav.post('/compte/invitations', { email: 'collegue@cfa-rapide.test' }),
    );
    expect(r).not.toBe(RETENU);
    if (r === RETENU) return;
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/compte?info=invitation');
    const mail = await t.smtp.attendre('collegue@cfa-rapide.test', /Invitation à rejoindre/);
    expect(lienDans(mail.text, '/invitation')).toContain('http://offre.test/invitation?jeton=');
  });

  it('answers an address that has an account elsewhere as soon, then tells its owner', async () => {
    const ailleurs = await compte(t, {
      email: 'deja@cfa-ailleurs.test',
      role: 'organisme',
      siren: '418270203',
    });
    const nav = await connecte(
      t,
      { email: 'invite-aussi@cfa-rapide.test', role: 'organisme', siren: '418270211' },
      '10.73.0.3',
    );
    await nav.get('/compte');
    const r = await pendantRetenue(() => nav.post('/compte/invitations', { email: ailleurs.email }));
    expect(r).not.toBe(RETENU);
    if (r === RETENU) return;
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/compte?info=invitation');
    const mail = await t.smtp.attendre(ailleurs.email, /Invitation à rejoindre/);
    expect(mail.text).toContain('votre adresse a déjà un compte Offre');
  });
});
