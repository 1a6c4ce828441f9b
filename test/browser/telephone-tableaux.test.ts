import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { fixture } from '../referentiels/helpers.ts';
import { violationsGraves } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A fresh user's axe pass on 392e0e1f: at 390 px the security journal and the reference data page
// scrolled their tables sideways out of keyboard reach (scrollable-region-focusable, serious). Each
// table now sits in TableDefilante's focusable, named box (06390ba3). JavaScript off: nothing on
// these pages needs it.

const ADMIN = 'admin@offre-telephone.test';
const GESTION = 'gestion@carif-telephone.test';

describe.skipIf(!hasChromium)(`tables on a phone${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    for (const [email, role] of [
      [ADMIN, 'admin'],
      [GESTION, 'gestionnaire'],
    ] as const) {
      const u = await createUtilisateur(nav.app.ctx, { email, role, region: role === 'admin' ? '' : '84' });
      await nav.app.ctx.db
        .updateTable('utilisateur')
        .set({ doit_changer_mot_de_passe: false })
        .where('id', '=', u.id)
        .execute();
    }
    // A line in the journal, a file in the reference data page's list.
    await createApiKey(nav.app.ctx, { name: 'SI Parcoursup', scope: 'read' });
    await importReferentiel(nav.app.ctx, { kind: 'communes', fichier: fixture('communes/communes.csv') });
  }, 120_000);

  for (const [url, session, titre] of [
    ['/admin/journal', ADMIN, 'Journal de sécurité'],
    ['/gestion/referentiels', GESTION, 'Données de référence'],
  ] as const)
    it(`${url} at 390 px: every table in a focusable region, axe clean`, async () => {
      const { ctx, page } = await nav.page({ js: false, session });
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${nav.app.base}${url}`);
      expect(await page.locator('h1').textContent()).toContain(titre);
      expect(await violationsGraves(page)).toEqual([]);
      const tables = page.locator('main table');
      expect(await tables.count()).toBeGreaterThan(0);
      const regions = page.locator('main .fr-table__container[tabindex="0"][aria-label]');
      expect(await regions.count()).toBe(await tables.count());
      // The page itself does not scroll sideways: the tables do, in their boxes.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await ctx.close();
    }, 120_000);
});
