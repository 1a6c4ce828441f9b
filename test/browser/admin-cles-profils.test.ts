import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { expectAccessible } from './helpers/axe.ts';
import {
  hasChromium,
  nouveauContexte,
  releaseBrowser,
  SKIP_CHROMIUM,
  sharedBrowser,
} from './helpers/chromium.ts';
import { type AppLancee, startApp } from './helpers/serveur.ts';
import { ouvrirSession } from './helpers/session.ts';

// An administrator creates a read key with a partner profile ticked, then changes its profiles on
// the key's page — JavaScript off (DSFR draws the box on the label, which is what is clicked); axe on each page (with the error summary too).
let app: AppLancee;
let browser: Browser;
const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’admin' };

describe.skipIf(!hasChromium)(`API key profiles in a browser${SKIP_CHROMIUM}`, () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), sharedBrowser()]);
    const u = await createUtilisateur(app.ctx, { email: ADMIN.email, role: 'admin', nom: 'Ada Admin' });
    await app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(ADMIN.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });
  afterAll(async () => {
    await releaseBrowser();
    await app?.stop();
  });

  it('creates with a profile, changes the profiles, is told what is wrong', async () => {
    const ctx = await nouveauContexte(browser, { js: false });
    const page = await ctx.newPage();
    await ouvrirSession(page, app, ADMIN.email);
    await page.goto(`${app.base}/admin/cles`);
    await page.getByLabel(/^Nom/).fill('Missions locales');
    await page.locator('label[for="profils-missions-locales"]').click();
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    expect(await page.locator('#cle-secrete').textContent()).toMatch(/^offre_/);
    await expectAccessible(page, browser);

    await page.goto(`${app.base}/admin/cles`);
    await page
      .getByRole('link', { name: 'Modifier les profils partenaires de la clé Missions locales' })
      .click();
    await page.waitForURL(/\/profils$/);
    await expectAccessible(page, browser);
    await page.locator('label[for="profils-france-travail"]').click();
    await page.locator('label[for="profils-missions-locales"]').click();
    await page.getByRole('button', { name: 'Enregistrer les profils' }).click();
    await page.waitForURL(/\?profils=/);
    expect(await page.getByRole('status').textContent()).toContain('enregistrés : france-travail');

    // A profile on an admin key: the summary links to the field.
    await page.getByLabel(/^Nom/).fill('Outil');
    await page.getByLabel('Portée').selectOption('admin');
    await page.locator('label[for="profils-formations-collectives"]').click();
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    expect(await page.locator('#resume-erreurs a[href="#profils"]').textContent()).toContain(
      'Seule une clé « read »',
    );
    await expectAccessible(page, browser);
    await ctx.close();
  }, 240_000);
});
