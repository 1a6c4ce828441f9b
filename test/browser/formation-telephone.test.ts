import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../recherche/fixtures.ts';
import { violationsGraves } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A fresh user on the public formation page (07/12, h-public), JavaScript off:
// - on a 390 px phone the sessions table was 867 px wide in a 358 px box: only the dates showed,
//   nothing told that place, recruitment and seats were to the right. Below the DSFR « md »
//   breakpoint each session is now a card, its place and recruitment in view without scrolling;
// - the list « dont le recrutement n’est pas fermé » held a finished session (« Session terminée »):
//   it is now listed apart, under « Sessions terminées ».
// The app's day is 15/07/2029: the Nevers session (ending 30/06/2029) has ended, Nantes's is to come.

const EN_COURS = 'Sessions à venir ou en cours dont le recrutement n’est pas fermé';
let id: string;

describe.skipIf(!hasChromium)(`the public sessions on a phone${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur({}, { now: () => new Date('2029-07-15T10:00:00Z') });
  beforeAll(async () => {
    const ids = await loadFixture(nav.app.ctx, [
      {
        cle: 'BTS-MCO-TELEPHONE',
        intitule: 'BTS Management commercial opérationnel',
        lieux: [
          { code_insee: '58194', debut: '2027-09-06' },
          { code_insee: '44109', debut: '2029-09-03', fin: '2031-06-30' },
        ],
      },
    ]);
    id = ids.get('BTS-MCO-TELEPHONE')!;
  }, 120_000);

  it('at 390 px: each session a card, its place and recruitment visible without sideways scrolling, axe clean', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${nav.app.base}/formations/${id}`);
    // The page does not scroll sideways, and no table is shown (the cards are).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('main table').first().isVisible()).toBe(false);
    const carte = page.getByRole('list', { name: EN_COURS }).getByRole('listitem');
    expect(await carte.count()).toBe(1);
    for (const texte of ['44000 Nantes', 'Recrutement ouvert', 'Début le 3 septembre 2029']) {
      const el = carte.getByText(texte);
      expect(await el.isVisible(), texte).toBe(true);
      const b = (await el.boundingBox())!;
      expect(b.x, texte).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, texte).toBeLessThanOrEqual(390);
    }
    // The ended session is not among those one can join: apart, said ended.
    expect((await carte.textContent()) ?? '').not.toContain('Nevers');
    expect(await page.getByRole('heading', { name: 'Sessions terminées' }).isVisible()).toBe(true);
    const terminee = page
      .getByRole('list', { name: 'Sessions terminées de la formation' })
      .getByRole('listitem');
    expect((await terminee.textContent()) ?? '').toContain('58000 Nevers');
    expect(await terminee.getByText('Session terminée').isVisible()).toBe(true);
    expect(await violationsGraves(page)).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('on a wide screen: the table, the cards hidden, axe clean', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/formations/${id}`);
    const table = page.getByRole('table', { name: EN_COURS });
    expect(await table.isVisible()).toBe(true);
    expect(await table.getByRole('row', { name: /Nantes/ }).count()).toBe(1);
    expect(await table.getByRole('row', { name: /Nevers/ }).count()).toBe(0);
    expect(await page.getByRole('list', { name: EN_COURS }).isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: 'Sessions terminées de la formation' }).isVisible()).toBe(
      true,
    );
    expect(await violationsGraves(page)).toEqual([]);
    await ctx.close();
  }, 120_000);
});
