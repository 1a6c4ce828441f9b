import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { jsDesactive } from './chromium.ts';

// axe-core (the npm package, run inside Chromium): 0 serious or critical violation allowed on
// every page a browser test visits, with JavaScript on and off.

const GRAVES = new Set(['serious', 'critical']);

/** The serious/critical violations of the page as "rule: target (message)" lines. */
export async function violationsGraves(page: Page, browser?: Browser): Promise<string[]> {
  // A click that navigates may return before the new document is there: axe would then walk a
  // document being replaced. Wait for the load, and run once more if it was replaced under axe.
  await page.waitForLoadState('load');
  try {
    return await analyser(page, browser);
  } catch (e) {
    if (!/documentElement|Execution context was destroyed|navigat/i.test(String(e))) throw e;
    await page.waitForLoadState('load');
    return analyser(page, browser);
  }
}

async function analyser(page: Page, browser?: Browser): Promise<string[]> {
  const cible = jsDesactive(page) ? await copieSansScript(page, browser ?? page.context().browser()!) : page;
  try {
    const r = await new AxeBuilder({ page: cible })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return r.violations
      .filter((v) => GRAVES.has(v.impact ?? ''))
      .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}]: ${n.target.join(' ')} — ${v.help}`));
  } finally {
    if (cible !== page) await cible.close();
  }
}

/** Fails the test, listing them, if the page has a serious or critical violation. */
export async function expectAccessible(page: Page, browser?: Browser): Promise<void> {
  const v = await violationsGraves(page, browser);
  expect(v, `axe sur ${page.url()}`).toEqual([]);
}

/**
 * axe runs in the page, which a JavaScript-off context forbids: the served DOM is re-opened at
 * the same address in a JavaScript-on context with its <script> elements removed — the page as
 * a visitor without JavaScript gets it, with the same stylesheets.
 */
const contextes = new WeakMap<Browser, Promise<BrowserContext>>();

async function copieSansScript(page: Page, browser: Browser): Promise<Page> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  // One context per browser for these copies (a context costs more than a page), until it is
  // closed (releaseBrowser at the end of each test file, or the browser itself).
  let ctx = contextes.get(browser);
  if (!ctx) {
    ctx = browser.newContext({ bypassCSP: true, viewport: page.viewportSize() ?? undefined });
    contextes.set(browser, ctx);
    (await ctx).once('close', () => contextes.delete(browser));
  }
  const copie = await (await ctx).newPage();
  await copie.route(url, (r) =>
    r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await copie.goto(url);
  return copie;
}
