import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/axe.ts';
import {
  erreursConsole,
  hasChromium,
  nouveauContexte,
  releaseBrowser,
  SKIP_CHROMIUM,
  sharedBrowser,
} from './helpers/chromium.ts';
import { type ServeurLance, startServe, stopServes } from './helpers/serveur.ts';

// The real thing: `offre serve --demo-if-empty` on a free port, driven by Debian's Chromium.
let server: ServeurLance;
let browser: Browser;

describe.skipIf(!hasChromium)(`public pages in a browser${SKIP_CHROMIUM}`, () => {
  // The child's start loads 120 demo formations (the built-in communes come with the folder,
  // startServe): on a loaded machine (three test workers on 2 cores, other sessions) it took more
  // than the default 120 s when it loaded the communes too (≈ 9 s of CPU in all, measured).
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServe({ args: ['--demo-if-empty', '--demo-formations', '120'] }),
      sharedBrowser(),
    ]);
  }, 240_000);
  afterAll(async () => {
    await releaseBrowser();
    await server?.stop();
    await stopServes(); // a start that timed out leaves no `server`: its child must not outlive the file
  });

  it('searches from the home page and opens a formation with its sessions', async () => {
    const base = server.base;
    const ctx = await nouveauContexte(browser, { js: true });
    const page = await ctx.newPage();
    const errors = erreursConsole(page);
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('Trouver une formation');
    expect(await page.locator('.fr-card').count()).toBe(20);
    await expectAccessible(page);

    await page.getByLabel('Rechercher une formation').fill('BTS');
    await Promise.all([
      page.waitForURL(/\?q=BTS/),
      page.getByLabel('Rechercher une formation').press('Enter'),
    ]);
    const titles = await page.locator('.fr-card__title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t).toContain('BTS');

    const first = titles[0]!;
    await Promise.all([page.waitForURL(/\/formations\//), page.locator('.fr-card__title a').first().click()]);
    expect(await page.locator('h1').textContent()).toBe(first);
    expect(await page.getByRole('heading', { name: 'Quand et où' }).count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('tbody').textContent()).toMatch(/septembre \d{4}/);
    // The DSFR stylesheet is applied (served locally): buttons are "bleu France" #000091.
    expect(
      await page
        .locator('header .fr-search-bar .fr-btn')
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe('rgb(0, 0, 145)');
    await expectAccessible(page);
    // DSFR's scripts run under the server's Content-Security-Policy without a violation.
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('serves the same pages without JavaScript, accessible too (search, formation, organisme)', async () => {
    const ctx = await nouveauContexte(browser, { js: false });
    const page = await ctx.newPage();
    await page.goto(`${server.base}/?q=BTS`);
    expect(await page.locator('.fr-card').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.locator('.fr-card__title a').first().click();
    await page.waitForURL(/\/formations\//);
    await expectAccessible(page);
    // The organisme responsable's public page, from the formation's « Organismes » section.
    const nom = await page.locator('a[href^="/organismes/"]').first().textContent();
    await Promise.all([
      page.waitForURL(/\/organismes\/\d{14}$/),
      page.locator('a[href^="/organismes/"]').first().click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe(nom);
    expect(await page.locator('a[href^="/formations/"]').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await ctx.close();
  });
  it('a partner page on another origin reads the open API with fetch, not a write (CORS)', async () => {
    // The partner's site: another port of localhost, a page of its own (no CSP of ours).
    const partenaire = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="fr"><title>Partenaire</title><p>Widget</p></html>');
    });
    await new Promise<void>((ok) => partenaire.listen(0, '127.0.0.1', ok));
    try {
      const ctx = await nouveauContexte(browser, { js: true });
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${(partenaire.address() as AddressInfo).port}/`);
      const api = server.base;
      expect(new URL(api).origin).not.toBe(new URL(page.url()).origin);
      const lu = await page.evaluate(async (base) => {
        const r = await fetch(`${base}/api/v1/formations?limit=1`, {
          headers: { authorization: 'Bearer inconnue' },
        });
        const anonyme = await fetch(`${base}/api/v1/formations?limit=1`);
        const corps = (await anonyme.json()) as { data?: unknown[] };
        return {
          cle: r.status,
          anonyme: anonyme.status,
          n: corps.data?.length,
          etag: anonyme.headers.get('etag'),
        };
      }, api);
      // A wrong key is refused, readably (401), from the partner's page; anonymous reads work.
      expect(lu).toMatchObject({ cle: 401, anonyme: 200, n: 1 });
      expect(lu.etag).toBeTruthy();
      const ecriture = await page.evaluate(async (base) => {
        try {
          await fetch(`${base}/api/v1/formations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          });
          return 'lu';
        } catch (e) {
          return (e as Error).name;
        }
      }, api);
      expect(ecriture).toBe('TypeError'); // preflight refused: the browser sends nothing
      await ctx.close();
    } finally {
      await new Promise((ok) => partenaire.close(ok));
    }
  });

  // Fresh user, 06/12, a phone without JavaScript (390 px): the header's search bar sat beside the
  // brand, under its box; « Commune retenue » sat flush under the radius select.
  for (const js of [false, true])
    it(`at 390 px ${js ? 'with' : 'without'} JavaScript: header search under the brand, spaced search form`, async () => {
      const ctx = await nouveauContexte(browser, { js });
      const page = await ctx.newPage();
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${server.base}/formations/inconnue`);
      const brand = await page.locator('.fr-header__brand').boundingBox();
      const barres = page.locator('header form[role="search"]');
      const visibles = [];
      for (const b of await barres.all()) if (await b.isVisible()) visibles.push(b);
      // One search bar shown, the whole width of the content, entirely below the brand's box.
      expect(visibles).toHaveLength(1);
      const barre = (await visibles[0]!.boundingBox())!;
      expect(brand).not.toBeNull();
      expect(barre.y).toBeGreaterThanOrEqual(brand!.y + brand!.height);
      expect(barre.width).toBeGreaterThan(390 - 2 * 16 - 2);
      expect(barre.x + barre.width).toBeLessThanOrEqual(390);
      // It searches (without JavaScript too).
      await visibles[0]!.getByRole('searchbox').fill('BTS');
      await Promise.all([page.waitForURL(/\?q=BTS/), visibles[0]!.getByRole('searchbox').press('Enter')]);
      expect(await page.locator('.fr-card').count()).toBeGreaterThan(0);

      // A commune with homonyms: « Commune retenue » comes at least 1 rem under the radius select.
      await page.goto(`${server.base}/?ou=Valence`);
      const select = (await page.locator('#rayon').boundingBox())!;
      const retenue = (await page.locator('#lieu-retenu').boundingBox())!;
      expect(retenue.y - (select.y + select.height)).toBeGreaterThanOrEqual(16);
      await expectAccessible(page);
      await page.goto(`${server.base}/formations/inconnue`);
      await expectAccessible(page);
      await ctx.close();
    });
});
