import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A mandataire's data entry person on a phone (390 px), JavaScript off, by keyboard: the
// « Action conventionnée » section of the formation form — Région ticked, the mandataire chosen
// among the structure's establishments, the co-contractor's SIRET typed for responsable and
// formateur — saved with Enter; the page then names the co-contractor by its Sirene raison
// sociale. axe (0 serious/critical) on the form, its refusal and the saved page.

const SAISIE = 'saisie@mandataire-navigateur.test';
const CO_TRAITANT = '73282932000074';
const sirene = fileURLToPath(
  new URL('../fixtures/referentiels/organismes/StockEtablissement.csv', import.meta.url),
);
const ORGANISME: Acteur = {
  kind: 'utilisateur',
  id: 'o',
  email: SAISIE,
  nom: 'Mandataire',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

/** Tab from where the focus is until `id` has it (at most 60 presses): the field is keyboard-reachable. */
async function tabulerJusqua(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`« ${id} » n’est pas atteint au clavier`);
}

/** No horizontal scrolling of the page at the phone's width. */
const largeurTenue = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.skipIf(!hasChromium)(`a conventionné action entered under its mandataire${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const ctx = nav.app.ctx;
    await importReferentiel(ctx, { kind: 'sirene', fichier: sirene, force: true });
    const u = await createUtilisateur(ctx, { email: SAISIE, role: 'organisme', siren: SIREN_A });
    await ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    // An offer of the structure: SIRET_A is one of its establishments, the mandataire's list holds it.
    await saveFormation(ctx, ORGANISME, formationFixture({ cle_externe: 'APP-1' }));
  });

  it('at 390 px, JavaScript off, by keyboard: ticked, chosen, typed, saved; axe clean', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: false, session: SAISIE });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
    await expectAccessible(page, nav.browser);
    expect(await largeurTenue(page)).toBe(true);

    await page.getByLabel(/^Intitulé/).fill('Prépa avenir métiers');
    await page.locator('[id="intitule"]').focus();
    // Région, by the space bar.
    await tabulerJusqua(page, 'financeurs.region');
    await page.keyboard.press('Space');
    expect(await page.locator('[id="financeurs.region"]').isChecked()).toBe(true);
    // The mandataire: the first establishment after « Aucun », by the arrow key.
    await tabulerJusqua(page, 'mandataire.siret');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[id="mandataire.siret"]').inputValue()).toBe(SIRET_A);
    // The co-contractor typed for responsable and formateur.
    await tabulerJusqua(page, 'responsable.siret_autre');
    await page.keyboard.type(CO_TRAITANT);
    await tabulerJusqua(page, 'formateur.siret_autre');
    await page.keyboard.type(CO_TRAITANT);
    // Enter in a text field saves (the form's « Chercher » with nothing to search).
    await Promise.all([
      page.waitForURL(/\/espace\/formations\/[^/]+\?info=cree/),
      page.keyboard.press('Enter'),
    ]);

    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Enregistré : CFA DU NORD (SIRET 732 829 320 00074)');
    expect(await page.locator('[id="mandataire.siret"]').inputValue()).toBe(SIRET_A);
    expect(await page.locator('[id="responsable.siret"]').inputValue()).toBe(CO_TRAITANT);
    await expectAccessible(page, nav.browser);
    expect(await largeurTenue(page)).toBe(true);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('a mandataire without public funder is refused on its field, the summary links to it; axe clean', async () => {
    const { ctx, page } = await nav.page({ js: false, session: SAISIE });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
    await page.getByLabel(/^Intitulé/).fill('Sans financeur');
    await page.locator('[id="mandataire.siret"]').selectOption(SIRET_A);
    await page.locator('[id="responsable.siret_autre"]').fill(CO_TRAITANT);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
    ]);
    const resume = page.locator('#resume-erreurs');
    expect(await resume.textContent()).toContain(
      'Mandataire : une action n’a de mandataire que si elle est conventionnée',
    );
    // The summary's link takes the focus to the field, by keyboard.
    await resume.getByRole('link', { name: /Mandataire/ }).focus();
    await Promise.all([page.waitForURL(/#mandataire\.siret$/), page.keyboard.press('Enter')]);
    await expectAccessible(page, nav.browser);
    expect(await largeurTenue(page)).toBe(true);
    await ctx.close();
  }, 120_000);
});
