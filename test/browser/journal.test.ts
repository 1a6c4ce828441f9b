import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { seConnecter } from './helpers/session.ts';

// The audit trail and key quotas in Chromium, JavaScript off: an administrator reads the journal,
// filters it on failed sign-ins, gives a key a higher quota (an error first). axe on every page.

const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’admin' };

describe.skipIf(!hasChromium)(`security journal in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const u = await createUtilisateur(nav.app.ctx, { email: ADMIN.email, role: 'admin', nom: 'Ada Admin' });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(ADMIN.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    await createApiKey(nav.app.ctx, { name: 'SI Parcoursup', scope: 'read' });
  });

  it('an admin reads and filters the journal, and raises a key quota — JavaScript off', async () => {
    const { ctx, page } = await nav.page({ js: false });
    // A failed sign-in first, then the right one.
    await page.goto(`${nav.app.base}/connexion`);
    await page.getByLabel(/^Adresse électronique/).fill(ADMIN.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // An address that has no account: the journal says which one was tried.
    await page.getByLabel(/^Adresse électronique/).fill('personne@offre.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await seConnecter(page, nav.app.base, ADMIN.email, ADMIN.motDePasse);

    await page.goto(`${nav.app.base}/admin`);
    await page.getByRole('link', { name: 'Journal de sécurité' }).click();
    await page.waitForURL(/\/admin\/journal$/);
    await expectAccessible(page, nav.browser);
    const lignes = page.locator('tbody tr');
    expect(await lignes.count()).toBeGreaterThanOrEqual(3); // key created, sign-in refused, sign-in
    await page.getByLabel('Événement').selectOption('connexion_echouee');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/evenement=connexion_echouee/);
    expect(await lignes.count()).toBe(2);
    expect(await lignes.nth(0).textContent()).toContain('personne@offre.test');
    expect(await lignes.nth(0).textContent()).toContain('compte inconnu');
    expect(await lignes.nth(1).textContent()).toContain('Connexion refusée');
    expect(await lignes.nth(1).textContent()).toContain('admin@offre.test');
    // The filter kept, as the one selected option.
    expect(await page.getByLabel('Événement').inputValue()).toBe('connexion_echouee');
    await expectAccessible(page, nav.browser);
    // An event that is not in the list: the error summary in French, linked to its field.
    await page.goto(`${nav.app.base}/admin/journal?evenement=ouvert`);
    const alerte = await page.getByRole('alert').textContent();
    expect(alerte).toContain('L’événement « ouvert » n’existe pas : choisissez-en un dans la liste');
    expect(alerte).not.toContain('connexion_echouee');
    await page.getByRole('link', { name: /L’événement « ouvert »/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id ?? location.hash)).toMatch(/evenement/);
    expect(await page.getByLabel('Événement').inputValue()).toBe('');
    await expectAccessible(page, nav.browser);

    await page.goto(`${nav.app.base}/admin/cles`);
    await page.getByRole('link', { name: 'Modifier le quota de la clé SI Parcoursup' }).click();
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/^Lectures par fenêtre/).fill('beaucoup');
    await page.getByRole('button', { name: 'Enregistrer le quota' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Lectures par fenêtre : quota « beaucoup » invalide',
    );
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/^Lectures par fenêtre/).fill('10000');
    await page.getByRole('button', { name: 'Enregistrer le quota' }).click();
    await page.waitForURL(/\/admin\/cles\?quota=/);
    expect(await page.getByRole('status').textContent()).toContain(
      'Quota de la clé « SI Parcoursup » enregistré',
    );
    expect(await page.locator('tbody').textContent()).toMatch(/lectures : 10\s000/); // « 10 000 »
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });
});
