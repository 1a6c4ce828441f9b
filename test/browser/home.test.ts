import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real thing: `offre serve --demo-if-empty` on a free port, driven by Debian's Chromium.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let server: ChildProcess;
let browser: Browser;
let base: string;
let dataDir: string;

describe.skipIf(!hasChromium)(
  `public pages in a browser${hasChromium ? '' : ' (skipped: /usr/bin/chromium absent, apt-get install chromium)'}`,
  () => {
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'offre-browser-'));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const env = { ...process.env, OFFRE_DATA_DIR: dataDir, DATABASE_URL: '' };
      server = spawn(
        process.execPath,
        ['bin/offre.js', 'serve', '--demo-if-empty', '--demo-formations', '120', '--port', String(port)],
        { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      await new Promise<void>((resolve, reject) => {
        server.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('Offre écoute sur')) resolve();
        });
        server.once('exit', (code) =>
          reject(new Error(`le serveur s’est arrêté (code ${code}) : ${stderr}`)),
        );
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });
    afterAll(async () => {
      await browser?.close();
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('searches from the home page and opens a formation with its sessions', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/`);
      expect(await page.locator('h1').textContent()).toBe('Trouver une formation en apprentissage');
      expect(await page.locator('.fr-card').count()).toBe(20);

      await page.getByLabel('Rechercher une formation').fill('BTS');
      await Promise.all([
        page.waitForURL(/\?q=BTS/),
        page.getByLabel('Rechercher une formation').press('Enter'),
      ]);
      const titles = await page.locator('.fr-card__title').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      for (const t of titles) expect(t).toContain('BTS');

      const first = titles[0]!;
      await Promise.all([
        page.waitForURL(/\/formations\//),
        page.locator('.fr-card__title a').first().click(),
      ]);
      expect(await page.locator('h1').textContent()).toBe(first);
      expect(await page.getByRole('heading', { name: 'Sessions et lieux' }).count()).toBe(1);
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await page.locator('tbody').textContent()).toMatch(/septembre \d{4}/);
      // The DSFR stylesheet is applied (served locally): buttons are "bleu France" #000091.
      expect(
        await page
          .locator('header .fr-btn')
          .first()
          .evaluate((e) => getComputedStyle(e).backgroundColor),
      ).toBe('rgb(0, 0, 145)');
      expect(errors).toEqual([]);
    });
  },
);
