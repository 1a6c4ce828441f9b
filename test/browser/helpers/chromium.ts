import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core: never a browser download.

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** For describe.skipIf(!hasChromium)(`…${SKIP_CHROMIUM}`): says why a browser test is skipped. */
export const SKIP_CHROMIUM = hasChromium
  ? ''
  : ' (skipped: /usr/bin/chromium absent, apt-get install chromium)';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

let partage: Promise<Browser> | undefined;

/**
 * The Chromium of this test worker: launched by the first file that asks, then shared by the next
 * files of the worker (vitest.config.ts, `isolate: false`) instead of one launch per file. A file
 * never closes it: it opens its own contexts (nouveauContexte) and calls releaseBrowser() in its
 * afterAll. playwright-core kills the browser when the worker process exits.
 */
export async function sharedBrowser(): Promise<Browser> {
  if (partage) {
    const b = await partage.catch(() => undefined);
    if (b?.isConnected()) return b;
  }
  partage = launchBrowser();
  return partage;
}

/**
 * Closes every context left open in the shared browser (a test that failed before its own
 * `ctx.close()`): the next test file of the worker starts with no cookies, no page, nothing.
 */
export async function releaseBrowser(): Promise<void> {
  const b = await partage?.catch(() => undefined);
  if (b?.isConnected()) await Promise.all(b.contexts().map((c) => c.close()));
}

const sansJs = new WeakSet<BrowserContext>();

/** Was this page's context created with JavaScript off? (axe then checks the script-free DOM.) */
export const jsDesactive = (page: Page) => sansJs.has(page.context());

/**
 * A fresh context (own cookies), with or without JavaScript. CSP is bypassed only so that axe
 * can be injected; the pages' own scripts stay under the CSP the server sends (any violation
 * shows up in `erreursConsole`).
 */
export async function nouveauContexte(
  browser: Browser,
  opts: { js: boolean; baseURL?: string },
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    javaScriptEnabled: opts.js,
    bypassCSP: true,
    locale: 'fr-FR',
    baseURL: opts.baseURL,
    viewport: { width: 1280, height: 900 },
  });
  if (!opts.js) sansJs.add(ctx);
  // Generous waits: the suite shares two cores with the database tests (measured 10× slower under load).
  ctx.setDefaultTimeout(90_000);
  ctx.setDefaultNavigationTimeout(90_000);
  return ctx;
}

/**
 * Collects the console errors and uncaught exceptions of a page (CSP violations included). The
 * browser's "Failed to load resource" lines for pages answered 4xx on purpose (a refused form,
 * an expired link) are left out: the test asserts those statuses itself.
 */
export function erreursConsole(page: Page): string[] {
  const erreurs: string[] = [];
  page.on('pageerror', (e) => erreurs.push(e.message));
  page.on('console', (m) => {
    if (
      m.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
    )
      erreurs.push(m.text());
  });
  return erreurs;
}
