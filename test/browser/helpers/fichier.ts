import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../../src/config.ts';
import { erreursConsole, nouveauContexte, releaseBrowser, sharedBrowser } from './chromium.ts';
import { type AppLancee, startApp } from './serveur.ts';
import { ouvrirSession } from './session.ts';

/** A fresh context, its one page, and the console errors that page collects (erreursConsole). */
export interface PageDeTest {
  readonly ctx: BrowserContext;
  readonly page: Page;
  readonly erreurs: string[];
}

/** What fichierNavigateur gives the tests of a file. */
export interface FichierNavigateur {
  /** The file's application (startApp): set by the file's first beforeAll. */
  readonly app: AppLancee;
  /** The worker's Chromium (sharedBrowser): set by the file's first beforeAll. */
  readonly browser: Browser;
  /**
   * A fresh context (own cookies, JavaScript on or off: nouveauContexte) with one page whose
   * console errors are collected; signed in as `session` (an active account's e-mail) without the
   * form (ouvrirSession) when given. The test closes the context; releaseBrowser closes it at the
   * end of the file otherwise.
   */
  page(opts: { js: boolean; session?: string }): Promise<PageDeTest>;
}

/**
 * The start and end every browser test file on an in-process application shares, registered in
 * the calling `describe` before the file's own hooks: in beforeAll, the application on a fresh
 * test database (`startApp(config, opts)`; `config` may be a function that starts what the
 * settings name first, e.g. a test SMTP server) and the worker's Chromium (`sharedBrowser()`, one per
 * worker, reused from file to file) started together; in afterAll, after the file's own, every
 * context of the file closed (`releaseBrowser()`, never the browser) and the application stopped,
 * even when a beforeAll failed. The file's own beforeAll then reads `f.app` to create accounts and
 * data.
 */
export function fichierNavigateur(
  config: Partial<Config> | (() => Promise<Partial<Config>>) = {},
  opts: { now?: () => Date } = {},
): FichierNavigateur {
  let app: AppLancee | undefined;
  let browser: Browser | undefined;
  const pret = <T>(x: T | undefined, nom: string): T => {
    if (x === undefined)
      throw new Error(`${nom} n’est pas encore démarré (lu avant le beforeAll du fichier)`);
    return x;
  };
  beforeAll(async () => {
    const reglages = typeof config === 'function' ? config() : Promise.resolve(config);
    [app, browser] = await Promise.all([reglages.then((c) => startApp(c, opts)), sharedBrowser()]);
  });
  afterAll(async () => {
    await releaseBrowser();
    await app?.stop();
  });
  return {
    get app() {
      return pret(app, 'l’application');
    },
    get browser() {
      return pret(browser, 'Chromium');
    },
    async page({ js, session }) {
      const ctx = await nouveauContexte(pret(browser, 'Chromium'), { js });
      const page = await ctx.newPage();
      const erreurs = erreursConsole(page);
      if (session) await ouvrirSession(page, pret(app, 'l’application'), session);
      return { ctx, page, erreurs };
    },
  };
}
