import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// An administrator creates a read key with a partner profile ticked, then changes its profiles on
// the key's page — JavaScript off (DSFR draws the box on the label, which is what is clicked); axe on each page (with the error summary too).
const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’admin' };

describe.skipIf(!hasChromium)(`API key profiles in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const u = await createUtilisateur(nav.app.ctx, { email: ADMIN.email, role: 'admin', nom: 'Ada Admin' });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(ADMIN.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('creates with a profile, changes the profiles, is told what is wrong', async () => {
    const { ctx, page } = await nav.page({ js: false, session: ADMIN.email });
    await page.goto(`${nav.app.base}/admin/cles`);
    await page.getByLabel(/^Nom/).fill('Missions locales');
    await page.locator('label[for="profils-missions-locales"]').click();
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    expect(await page.locator('#cle-secrete').textContent()).toMatch(/^offre_/);
    await expectAccessible(page, nav.browser);

    await page.goto(`${nav.app.base}/admin/cles`);
    await page
      .getByRole('link', { name: 'Modifier les profils partenaires de la clé Missions locales' })
      .click();
    await page.waitForURL(/\/profils$/);
    await expectAccessible(page, nav.browser);
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
      'Profils partenaires : seule une clé « read »',
    );
    await expectAccessible(page, nav.browser);
    await ctx.close();
  }, 240_000);
});
