import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { violationsGraves } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// The plain API reference on a phone (390 px), keyboard only: a fresh user's axe pass (07/12) found
// its nine tables scrollable but out of keyboard reach (scrollable-region-focusable, serious).
describe.skipIf(!hasChromium)(`the API reference on a phone${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();

  for (const js of [false, true])
    it(`at 390 px ${js ? 'with' : 'without'} JavaScript: every table region is reachable by keyboard, axe clean`, async () => {
      const { ctx, page } = await nav.page({ js });
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${nav.app.base}/api/reference`);
      expect(await page.locator('h1').textContent()).toBe('Référence de l’API');
      const tables = page.locator('main table');
      expect(await tables.count()).toBeGreaterThan(1);
      // Each table sits in a region a keyboard reaches (tabindex 0), named by its caption.
      const regions = page.locator('main .fr-table__container[tabindex="0"]');
      expect(await regions.count()).toBe(await tables.count());
      expect(await violationsGraves(page)).toEqual([]);
      await ctx.close();
    }, 120_000);

  // The same pass: Swagger UI's headings skipped a level (title h1, groups h3: « heading-order »,
  // moderate, which expectAccessible lets through); checked here, list and one operation open.
  it('with JavaScript, /api/docs keeps its headings in order', async () => {
    const { ctx, page } = await nav.page({ js: true });
    await page.goto(`${nav.app.base}/api/docs`);
    await page.waitForSelector('.opblock');
    const ordre = async () =>
      (await new AxeBuilder({ page }).withRules(['heading-order']).analyze()).violations.flatMap((v) =>
        v.nodes.map((n) => n.target.join(' ')),
      );
    expect(await ordre()).toEqual([]);
    await page.locator('.opblock-get').first().locator('.opblock-summary-control').click();
    await page.waitForSelector('.opblock-body');
    expect(await ordre()).toEqual([]);
    await ctx.close();
  }, 120_000);
});
