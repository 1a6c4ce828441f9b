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
// reset by e-mailed link, sign out everywhere, first-sign-in change, the sign-up and invitation
// forms refused (« Libellé : problème. » in page order) then accepted, a sign-up no gestionnaire
// reviews. axe on every page visited.

/** The error summary's links, in order: [the field it links to, its text]. */
async function resume(page: Page): Promise<[string, string][]> {
  return page
    .locator('#resume-erreurs a')
    .evaluateAll((liens) =>
      liens.map(
        (a) => [(a.getAttribute('href') ?? '').slice(1), (a.textContent ?? '').trim()] as [string, string],
      ),
    );
}

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

  it('sign-up refused then accepted: errors in page order, linked, focused; a région without gestionnaire goes to the administrators (JavaScript off)', async () => {
    const admin = await createUtilisateur(nav.app.ctx, {
      email: 'admin@offre.test',
      role: 'admin',
      nom: 'Admin',
    });
    const { ctx, page, erreurs } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/inscription`);
    await vu(page);
    // Filled from the bottom up, with a mistake in most fields.
    await page.getByLabel('Confirmez le mot de passe').fill('une autre phrase');
    await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
    await page.getByLabel('Adresse électronique professionnelle').fill('claire@cfa-besancon');
    await page.getByLabel('Nom et prénom').fill('Claire Doubs');
    await page.locator('#siren').fill('77700004');
    await page.getByRole('button', { name: 'Demander la création du compte' }).click();
    await expect.poll(() => page.locator('#resume-erreurs').count(), { timeout: 30_000 }).toBe(1);
    expect(await resume(page)).toEqual([
      [
        'siren',
        'SIREN : le SIREN « 77700004 » a 8 chiffres au lieu de 9 : vérifiez-le sur l’avis de situation Sirene.',
      ],
      ['raison_sociale', 'Raison sociale : indiquez le nom de votre structure.'],
      ['region', 'Région : choisissez la région de la structure.'],
      [
        'email',
        'Adresse électronique professionnelle : « claire@cfa-besancon » n’est pas une adresse électronique valide (format attendu : nom@domaine.fr).',
      ],
      ['confirmation', 'Confirmez le mot de passe : les deux mots de passe saisis sont différents.'],
    ]);
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id ?? ''), { timeout: 10_000 })
      .toBe('resume-erreurs');
    // Each field in the DSFR error state, its message under it; a summary link leads to its field.
    expect(await page.locator('#siren').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#region').getAttribute('class')).toContain('fr-select--error');
    expect(await page.locator('#email-erreur').textContent()).toContain(
      'Adresse électronique professionnelle : «',
    );
    await page.locator('#resume-erreurs a[href="#raison_sociale"]').click();
    expect(new URL(page.url()).hash).toBe('#raison_sociale');
    await vu(page);

    await page.locator('#siren').fill('777000118');
    await page.getByLabel('Raison sociale').fill('CFA de Besançon');
    await page.locator('#region').selectOption('27');
    await page.getByLabel('Adresse électronique professionnelle').fill('claire@cfa-besancon.test');
    await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
    await page.getByLabel('Confirmez le mot de passe').fill('une phrase de passe assez longue');
    await page.getByRole('button', { name: 'Demander la création du compte' }).click();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 30_000 })
      .toBe('Demande enregistrée');
    expect(await page.locator('.fr-alert--success').textContent()).toContain(
      'est transmise aux administrateurs d’Offre : aucun gestionnaire n’est encore désigné pour la région Bourgogne-Franche-Comté.',
    );
    await vu(page);
    // …and the administrators are told, as the page says (the real SMTP server).
    const recu = await smtp.attendre(admin.email, /Nouvelle inscription à examiner : CFA de Besançon/);
    expect(recu.text).toContain('l’inscription revient aux administrateurs d’Offre');
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('invitation refused then accepted: the colleague’s address, then the invitee’s form, errors in page order (JavaScript off)', async () => {
    const chef = await createUtilisateur(nav.app.ctx, {
      email: 'chef@cfa-invite.test',
      role: 'organisme',
      siren: '552100554',
      nom: 'Chef CFA',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', chef.id)
      .execute();
    const { ctx, page, erreurs } = await nav.page({ js: false, session: chef.email });
    await page.goto(`${nav.app.base}/compte`);
    await page.getByLabel('Adresse électronique du collègue').fill('collegue@');
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect.poll(() => page.locator('#resume-erreurs').count(), { timeout: 30_000 }).toBe(1);
    expect(await resume(page)).toEqual([
      [
        'email',
        'Adresse électronique du collègue : « collegue@ » n’est pas une adresse électronique valide (format attendu : nom@domaine.fr).',
      ],
    ]);
    await vu(page);
    await page.getByLabel('Adresse électronique du collègue').fill('collegue@cfa-invite.test');
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect.poll(() => page.getByText('Invitation envoyée.').count(), { timeout: 30_000 }).toBe(1);
    const lien = lienDans(
      (await smtp.attendre('collegue@cfa-invite.test', /Invitation/)).text,
      '/invitation',
    );
    const invite = await nav.page({ js: false });
    await invite.page.goto(lien.replace(/^https?:\/\/[^/]+/, nav.app.base));
    await invite.page.getByLabel('Nouveau mot de passe').fill('court');
    await invite.page.getByLabel('Confirmez le mot de passe').fill('autre');
    await invite.page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => invite.page.locator('#resume-erreurs').count(), { timeout: 30_000 }).toBe(1);
    expect(await resume(invite.page)).toEqual([
      ['nom', 'Nom et prénom : indiquez vos nom et prénom.'],
      [
        'nouveau',
        'Nouveau mot de passe : le mot de passe doit contenir au moins 12 caractères (une phrase de passe convient).',
      ],
      ['confirmation', 'Confirmez le mot de passe : les deux mots de passe saisis sont différents.'],
    ]);
    await vu(invite.page);
    expect([...erreurs, ...invite.erreurs]).toEqual([]);
    await invite.ctx.close();
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
