import { beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { violationsGraves } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A fresh user's axe pass (07/12): on a phone (390 px) the review page's tables (rules and their
// proofs, history) scrolled sideways out of keyboard reach (scrollable-region-focusable, serious).
// Each table now sits in the DSFR focusable container (tabindex 0, named).

const GESTION = 'gestion@carif-ara-telephone.test';
const ORGANISME: Acteur = {
  kind: 'utilisateur',
  id: 'o',
  email: 'cfa@volcans-telephone.test',
  nom: 'CFA',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

describe.skipIf(!hasChromium)(`the review page on a phone${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  let id: string;
  beforeAll(async () => {
    const g = await createUtilisateur(nav.app.ctx, { email: GESTION, role: 'gestionnaire', region: '84' });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', g.id)
      .execute();
    ({ id } = await saveFormation(
      nav.app.ctx,
      ORGANISME,
      formationFixture({ cle_externe: 'TEL-1', intitule: 'BTS revu au téléphone' }),
    ));
    await transition(nav.app.ctx, ORGANISME, id, 'publier');
  });

  it('at 390 px without JavaScript: every table region is reachable by keyboard, axe clean', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${nav.app.base}/gestion/formations/${id}`);
    expect(await page.locator('h1').textContent()).toContain('BTS revu au téléphone');
    expect(await violationsGraves(page)).toEqual([]);
    const tables = page.locator('main table');
    expect(await tables.count()).toBeGreaterThan(1);
    const regions = page.locator('main .fr-table__container[tabindex="0"][aria-label]');
    expect(await regions.count()).toBe(await tables.count());
    await ctx.close();
  }, 120_000);
});
