import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, CDPSession, Page } from 'playwright-core';
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
  return [
    ...r.violations
      .filter((v) => GRAVES.has(v.impact ?? ''))
      .flatMap((v) => v.nodes.map((n) => `${v.id} [${v.impact}]: ${n.target.join(' ')} — ${v.help}`)),
    ...(await boutonsCoupes(page)),
  ];
}

/**
 * Buttons and button-styled links whose visible text the styles cut (overflow hidden, text wider
 * than the box): axe passes them — the accessible name is intact — while a sighted user sees an
 * icon alone. The design system does it on purpose to an icon button in a `fr-btns-group` without
 * `fr-btns-group--icon-left` (fresh user of 06/12: « Télécharger le classeur (.xlsx) » shown as a
 * bare 40 px download icon). Counted as serious. A button with a `title` is icon-only on purpose,
 * the design system's way (the header's search button: its `title` shows the name on hover).
 */
async function boutonsCoupes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, .fr-btn')]
      .filter((el) => {
        if (!el.textContent?.trim() || el.title || el.getClientRects().length === 0) return false;
        const style = getComputedStyle(el);
        return style.overflow === 'hidden' && el.scrollWidth > el.clientWidth + 1;
      })
      .map(
        (el) =>
          `bouton-coupe [serious]: ${el.tagName.toLowerCase()}.${[...el.classList].join('.')} « ${el.textContent!.trim()} » — texte du bouton coupé (${el.clientWidth} px affichés pour ${el.scrollWidth})`,
      ),
  );
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
 *
 * Only the document's request is answered here, through the DevTools protocol (Fetch domain,
 * documents only): the stylesheets, fonts and icons come from the server and the page's HTTP
 * cache. playwright's `page.route` would do the same but intercepts every request and turns the
 * HTTP cache off while a route is set: each check then fetched the design system's 1.2 MB of CSS
 * and its fonts again through Node (measured in docs/mesures.md, § Durée de la suite de tests).
 */
interface Copie {
  readonly page: Page;
  readonly cdp: CDPSession;
}
const copies = new WeakMap<Browser, Promise<Copie>>();
let tour: Promise<unknown> = Promise.resolve();

function copiePage(browser: Browser, viewport: { width: number; height: number } | null): Promise<Copie> {
  let copie = copies.get(browser);
  if (!copie) {
    copie = (async () => {
      const ctx = await browser.newContext({ bypassCSP: true, viewport: viewport ?? undefined });
      ctx.once('close', () => copies.delete(browser));
      const page = await ctx.newPage();
      return { page, cdp: await ctx.newCDPSession(page) };
    })();
    copies.set(browser, copie);
  }
  return copie;
}

/** What `Fetch.requestPaused` gives (the fields used here). */
type Suspendue = { requestId: string; request: { url: string } };

async function surCopieSansScript<T>(
  page: Page,
  browser: Browser,
  f: (copie: Page) => Promise<T>,
): Promise<T> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const adresse = url.split('#')[0]; // the document's request carries no fragment
  const viewport = page.viewportSize();
  const suite = tour.then(async () => {
    const { page: copie, cdp } = await copiePage(browser, viewport);
    const body = Buffer.from(html).toString('base64');
    const servir = (r: Suspendue) => {
      const reponse =
        r.request.url.split('#')[0] === adresse
          ? cdp.send('Fetch.fulfillRequest', {
              requestId: r.requestId,
              responseCode: 200,
              responseHeaders: [{ name: 'content-type', value: 'text/html; charset=utf-8' }],
              body,
            })
          : cdp.send('Fetch.continueRequest', { requestId: r.requestId });
      // The page may be gone (its context closed by a failing test): nothing left to answer.
      reponse.catch(() => undefined);
    };
    cdp.on('Fetch.requestPaused', servir);
    await cdp.send('Fetch.enable', {
      patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }],
    });
    try {
      // A fragment alone would not replace the document: leave the previous one first.
      if (url.includes('#')) await copie.goto('about:blank');
      await copie.goto(url);
      return await f(copie);
    } finally {
      cdp.off('Fetch.requestPaused', servir);
      await cdp.send('Fetch.disable').catch(() => undefined);
    }
  });
  tour = suite.catch(() => undefined);
  return suite;
}
