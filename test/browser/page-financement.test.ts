import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../recherche/fixtures.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// The public page of a conventionné offer in a browser, JavaScript off: the « Financement » line,
// the « Financement » column when sessions differ (here every session is financed, by two financeurs), the truthful contact sentence; axe on the page.
let id: string;

describe.skipIf(!hasChromium)(`a conventionné offer’s public page in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const ids = await loadFixture(nav.app.ctx, [
      {
        cle: 'CONV-MIXTE',
        intitule: 'Préparation aux métiers du commerce',
        apprentissage: false,
        contacts: [{ type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' }],
        lieux: [
          { code_insee: '44109', financeur: 'region', numero_marche: 'M1451403', contact: 'Accueil Nantes' },
          { code_insee: '53130', financeur: 'agefiph', numero_marche: 'M1451404', contact: 'Accueil Laval' },
        ],
      },
    ]);
    id = ids.get('CONV-MIXTE')!;
  });

  it('says who funds each session and how to get in touch, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/formations/${id}`);
    await expect(page.locator('#financement').textContent()).resolves.toContain(
      'toutes les sessions sont financées, chacune par le financeur indiqué dans la colonne',
    );
    await expect(page.getByRole('columnheader', { name: 'Financement' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('tbody tr', { hasText: 'Laval' }).textContent()).resolves.toContain('Agefiph');
    await expect(page.locator('#sans-contact').textContent()).resolves.toContain(
      'Ses sessions ont un contact réservé aux prescripteurs',
    );
    await expectAccessible(page);
    await ctx.close();
  });
});
