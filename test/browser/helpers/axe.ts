import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page, Route } from 'playwright-core';
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

// What axe checks, and how: the run is the same rules on the same DOM whatever these options; they
// only make it cheaper (measured in docs/mesures.md, § Durée de la suite de tests):
// - `resultTypes: ['violations']`: axe keeps every violating node but at most one node of each
//   passing, incomplete or inapplicable rule, instead of sending thousands back to Node;
// - legacy mode (`axe.run` in the page, same-origin frames included) instead of `runPartial` in
//   each frame plus `finishRun` in a new blank page with axe injected a second time: our pages
//   have no frame from another origin.
const OPTIONS = {
  runOnly: { type: 'tag' as const, values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations' as const],
};

async function analyser(page: Page, browser?: Browser): Promise<string[]> {
  if (!jsDesactive(page)) return graves(page);
  return surCopieSansScript(page, browser ?? page.context().browser()!, graves);
}

async function graves(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).options(OPTIONS).setLegacyMode().analyze();
  return r.violations
    .filter((v) => GRAVES.has(v.impact ?? ''))
    .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}]: ${n.target.join(' ')} — ${v.help}`));
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
 *
 * One such page per browser, reused from one check to the next (a new page costs a renderer),
 * until its context is closed (releaseBrowser at the end of each test file, or the browser itself).
 * The checks of a worker take turns on it.
 */
const copies = new WeakMap<Browser, Promise<Page>>();
let tour: Promise<unknown> = Promise.resolve();

function copiePage(browser: Browser, viewport: { width: number; height: number } | null): Promise<Page> {
  let copie = copies.get(browser);
  if (!copie) {
    copie = (async () => {
      const ctx = await browser.newContext({ bypassCSP: true, viewport: viewport ?? undefined });
      ctx.once('close', () => copies.delete(browser));
      return ctx.newPage();
    })();
    copies.set(browser, copie);
  }
  return copie;
}

async function surCopieSansScript<T>(
  page: Page,
  browser: Browser,
  f: (copie: Page) => Promise<T>,
): Promise<T> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const viewport = page.viewportSize();
  const suite = tour.then(async () => {
    const copie = await copiePage(browser, viewport);
    const servir = (r: Route) =>
      r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    await copie.route(url, servir);
    try {
      // A fragment alone would not replace the document: leave the previous one first.
      if (url.includes('#')) await copie.goto('about:blank');
      await copie.goto(url);
      return await f(copie);
    } finally {
      await copie.unroute(url, servir);
    }
  });
  tour = suite.catch(() => undefined);
  return suite;
}
