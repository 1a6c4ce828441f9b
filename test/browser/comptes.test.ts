import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUser } from '../../src/services/comptes/user.service.ts';
import { lienDans, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { expectAccessible } from './helpers/axe.ts';
import {
  erreursConsole,
  hasChromium,
  launchBrowser,
  nouveauContexte,
  SKIP_CHROMIUM,
} from './helpers/chromium.ts';
import { type AppLancee, startApp } from './helpers/serveur.ts';
import { seConnecter, seDeconnecter } from './helpers/session.ts';

// The account journey in Chromium, with JavaScript on and off: sign-up → pending → approval by
// the région's gestionnaire → e-mail → sign-in; first-sign-in change; reset by e-mailed link;
// sign out (everywhere). axe on every page visited.

let app: AppLancee;
let smtp: TestSmtp;
let browser: Browser;
const GESTION = { email: 'gestion@carif-ara.test', motDePasse: 'le mot de passe du gestionnaire' };

async function vu(page: Page) {
  await expectAccessible(page, browser);
}

describe.skipIf(!hasChromium)(`accounts in a browser${SKIP_CHROMIUM}`, () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    // Both variants sign up and ask for a reset from 127.0.0.1: 6 requests, over the default
    // per-IP limit of 5 (the limit itself is proven in test/auth/frontieres.test.ts).
    const comptes = { ...readConfig({}).comptes, inscriptionParIp: 50 };
    [app, browser] = await Promise.all([startApp({ smtpUrl: smtp.url, comptes }), launchBrowser()]);
    const g = await createUser(app.ctx, {
      ...GESTION,
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle Gestion',
    });
    await app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(GESTION.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', g.id)
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
  });

  for (const [js, siren, email] of [
    [true, '130025265', 'claire@volcans.test'],
    [false, '552100554', 'paul@sans-js.test'],
  ] as const) {
    it(`signs up, waits for approval, signs in, resets, signs out — JavaScript ${js ? 'on' : 'off'}`, async () => {
      const base = app.base;
      const cfaCtx = await nouveauContexte(browser, { js });
      const page = await cfaCtx.newPage();
      const erreurs = erreursConsole(page);

      // Sign-up, with one error first (the summary links to the field).
      await page.goto(`${base}/connexion`);
      await vu(page);
      await page.getByRole('link', { name: 'Créer un compte pour ma structure' }).click();
      await page.getByLabel(/^SIREN/).fill(siren);
      await page.getByLabel('Raison sociale').fill(`CFA ${siren}`);
      await page.getByLabel('Région').selectOption('84');
      await page.getByLabel('Nom et prénom').fill('Claire Volcan');
      await page.getByLabel('Adresse électronique professionnelle').fill(email);
      await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
      await page.getByLabel('Confirmez le mot de passe').fill('une autre phrase');
      await page.getByRole('button', { name: 'Demander la création du compte' }).click();
      await expect.poll(() => page.locator('#resume-erreurs').count(), { timeout: 30_000 }).toBe(1);
      await vu(page);
      await page.locator('#resume-erreurs a').first().click();
      expect(page.url()).toMatch(/#confirmation$/);
      await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
      await page.getByLabel('Confirmez le mot de passe').fill('une phrase de passe assez longue');
      await page.getByRole('button', { name: 'Demander la création du compte' }).click();
      await expect
        .poll(() => page.locator('h1').textContent(), { timeout: 30_000 })
        .toBe('Demande enregistrée');
      await vu(page);

      // Pending: signed in, sees nothing.
      await seConnecter(page, base, email, 'une phrase de passe assez longue');
      expect(await page.getByText('Compte en attente de validation').count()).toBe(1);
      await vu(page);
      await page.goto(`${base}/espace`);
      expect(await page.locator('h1').textContent()).toBe('Compte en attente de validation');

      // The gestionnaire approves from the page.
      const gCtx = await nouveauContexte(browser, { js });
      const g = await gCtx.newPage();
      await seConnecter(g, base, GESTION.email, GESTION.motDePasse);
      expect(new URL(g.url()).pathname).toBe('/gestion');
      await vu(g);
      await g.getByRole('link', { name: 'Inscriptions à examiner' }).first().click();
      await vu(g);
      await g.getByRole('button', { name: `Valider CFA ${siren}` }).click();
      await expect.poll(() => g.getByText('Inscription validée').count(), { timeout: 30_000 }).toBe(1);
      await vu(g);
      await gCtx.close();

      // The e-mail arrives; the CFA now enters its space and sees the notification.
      expect((await smtp.attendre(email, /compte Offre est ouvert/)).text).toContain('/connexion');
      await page.goto(`${base}/espace`);
      expect(await page.locator('h1').textContent()).toBe('Mon espace');
      await vu(page);
      await page.getByRole('link', { name: /Notifications \(1 non lue\)/ }).click();
      expect(await page.getByText('Compte validé').count()).toBe(1);
      await vu(page);

      // Sign out; forgotten password; reset by the e-mailed link (once only).
      await seDeconnecter(page);
      expect(await page.getByText('Vous êtes déconnecté.').count()).toBe(1);
      await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
      await vu(page);
      await page.getByLabel('Adresse électronique de votre compte').fill(email);
      await page.getByRole('button', { name: 'Recevoir un lien' }).click();
      await expect
        .poll(() => page.getByText('Si un compte existe pour cette adresse').count(), { timeout: 30_000 })
        .toBe(1);
      const lien = lienDans(
        (await smtp.attendre(email, /Réinitialisation/)).text,
        '/mot-de-passe/nouveau',
      ).replace('http://localhost:3000', base);
      await page.goto(lien.replace(/^https?:\/\/[^/]+/, base));
      await vu(page);
      await page.getByLabel('Nouveau mot de passe').fill('mon mot de passe retrouvé');
      await page.getByLabel('Confirmez le mot de passe').fill('mon mot de passe retrouvé');
      await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await expect
        .poll(() => page.getByText('Votre mot de passe a été changé').count(), { timeout: 30_000 })
        .toBe(1);
      await page.goto(lien.replace(/^https?:\/\/[^/]+/, base));
      expect(await page.locator('h1').textContent()).toBe('Lien expiré');
      await vu(page);
      await seConnecter(page, base, email, 'mon mot de passe retrouvé');
      expect(new URL(page.url()).pathname).toBe('/espace');

      // Sign out everywhere from the account page.
      await page.getByRole('link', { name: 'Claire Volcan', exact: true }).click();
      await vu(page);
      await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
      await expect
        .poll(() => page.getByText('Vous êtes déconnecté de tous vos appareils.').count(), {
          timeout: 30_000,
        })
        .toBe(1);
      expect(erreurs).toEqual([]);
      await cfaCtx.close();
    }, 420_000);
  }

  it('forces a first-sign-in password change for an `offre user add` account (JavaScript off)', async () => {
    const u = await createUser(app.ctx, {
      email: 'premier@cfa.test',
      role: 'organisme',
      siren: '356000000',
      nom: 'Prem Ier',
    });
    const ctx = await nouveauContexte(browser, { js: false });
    const page = await ctx.newPage();
    await seConnecter(page, app.base, u.email, u.password);
    expect(new URL(page.url()).pathname).toBe('/compte/mot-de-passe');
    await vu(page);
    await page.getByLabel('Nouveau mot de passe').fill('mon propre mot de passe');
    await page.getByLabel('Confirmez le mot de passe').fill('mon propre mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/espace');
    await ctx.close();
  }, 120_000);
});
