import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { lienDans, startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { seConnecter } from './helpers/session.ts';

// The account pages in Chromium beside the journey of test/browser/parcours.ts (sign-up →
// pending → approval by the région's gestionnaire → e-mail → sign-in, JavaScript on and off):
// reset by e-mailed link, sign out everywhere, first-sign-in change. axe on every page visited.

let smtp: TestSmtp;

describe.skipIf(!hasChromium)(`accounts in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur(async () => {
    smtp = await startSmtp();
    return { smtpUrl: smtp.url };
  });
  async function vu(page: Page) {
    await expectAccessible(page, nav.browser);
  }
  afterAll(async () => {
    await smtp?.close();
  });

  it('resets a forgotten password by the e-mailed link (once), then signs out everywhere — JavaScript off', async () => {
    const base = nav.app.base;
    const email = 'claire@volcans.test';
    const u = await createUtilisateur(nav.app.ctx, {
      email,
      role: 'organisme',
      siren: '130025265',
      nom: 'Claire Volcan',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    const { ctx, page, erreurs } = await nav.page({ js: false });

    await page.goto(`${base}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await vu(page);
    await page.getByLabel('Adresse électronique de votre compte').fill(email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await expect
      .poll(() => page.getByText('Si un compte existe pour cette adresse').count(), { timeout: 30_000 })
      .toBe(1);
    const lien = lienDans((await smtp.attendre(email, /Réinitialisation/)).text, '/mot-de-passe/nouveau');
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
      .poll(() => page.getByText('Déconnexion effectuée sur tous vos appareils.').count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('forces a first-sign-in password change for an `offre user add` account (JavaScript off)', async () => {
    const u = await createUtilisateur(nav.app.ctx, {
      email: 'premier@cfa.test',
      role: 'organisme',
      siren: '356000000',
      nom: 'Prem Ier',
    });
    const { ctx, page } = await nav.page({ js: false });
    await seConnecter(page, nav.app.base, u.email, u.password);
    expect(new URL(page.url()).pathname).toBe('/compte/mot-de-passe');
    // Said to anyone, whatever their gender (a fresh user's report, 02/12: « connecté »).
    expect(await page.getByText('Connexion effectuée avec un mot de passe à usage unique.').count()).toBe(1);
    await vu(page);
    // A refused change: the page opens with the focus on the error summary, without JavaScript.
    await page.getByLabel('Nouveau mot de passe').fill('mon propre mot de passe');
    await page.getByLabel('Confirmez le mot de passe').fill('un autre mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.locator('#resume-erreurs').count(), { timeout: 30_000 }).toBe(1);
    // `autofocus` is applied by the browser at a rendering step after parsing (CI of stop 37 read the
    // focus before it, on a loaded machine): wait for the load, then poll the focus.
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id ?? ''), { timeout: 10_000 })
      .toBe('resume-erreurs');
    await vu(page);
    await page.getByLabel('Nouveau mot de passe').fill('mon propre mot de passe');
    await page.getByLabel('Confirmez le mot de passe').fill('mon propre mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/espace');
    await ctx.close();
  }, 120_000);
});
