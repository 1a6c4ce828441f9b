import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../recherche/fixtures.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A fresh user's two reports, in a browser without JavaScript, each page checked by axe-core:
// the page of a titre professionnel gave a bac pro's entry route; « Haÿ » in « Où ? » offered
// Hayes only (docs/recherche.md « La page d’une formation », « Où ? »).

describe.skipIf(!hasChromium)(`entry requirements and a word of a commune’s name${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  let ids: Map<string, string>;
  beforeAll(async () => {
    ids = await loadFixture(
      nav.app.ctx,
      [],
      [['94038', '94240', 'L’Haÿ-les-Roses', '94', '11', 48.78, 2.3374, 31_000]],
    );
  });

  it('the titre professionnel’s page gives its own entry rule, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/formations/${ids.get('TP-VENDEUR-LAVAL')}`);
    const liste = page.locator('#conditions + ul');
    expect(await liste.textContent()).toContain(
      'Titre professionnel du ministère du Travail : aucun diplôme n’est exigé',
    );
    expect(await liste.textContent()).not.toContain('classe de 3e');
    await expectAccessible(page);
    await ctx.close();
  });

  it('« Haÿ » offers L’Haÿ-les-Roses, whose link searches there, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/`);
    await page.getByLabel('Rechercher une formation').fill('vendeur');
    await page.getByLabel('Où ?').fill('Haÿ');
    await Promise.all([page.waitForURL(/ou=/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    expect(await page.locator('#lieu-inconnu').textContent()).toContain(
      'Aucune commune ne correspond à « Haÿ ». Vouliez-vous dire L’Haÿ-les-Roses',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/ou=L/),
      page.getByRole('link', { name: 'L’Haÿ-les-Roses', exact: true }).click(),
    ]);
    expect(await page.locator('#lieu-inconnu').count()).toBe(0);
    expect(await page.getByLabel('Où ?').inputValue()).toBe('L’Haÿ-les-Roses');
    await ctx.close();
  });
});
