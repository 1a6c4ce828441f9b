import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { actualiser, envoyerClasseurGestion } from './helpers/imports.ts';
import { compteGestion, compteOrganisme } from './helpers/session.ts';

// The gestionnaire's Imports page (/gestion/imports) in Chromium, JavaScript off (nothing there
// needs it): from its navigation, send the workbook an organisme returned, read the per-row
// preview, apply, download the annotated workbook; the organisme's list then names who imported;
// the organisme is refused the gestionnaire's page. axe on every page.

let id: string;
const CFA = { email: 'retour@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const GESTION = 'ines@carif-ara.test';

describe.skipIf(!hasChromium)(`the gestionnaire's Imports page in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    id = (await saveFormationTx(nav.app.ctx.db, SYSTEME('test'), OFFRE[0]!, { now: new Date() })).id;
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
    await compteGestion(nav.app, { email: GESTION, role: 'gestionnaire', region: '84', nom: 'Inès Martin' });
  });

  it('sends back, previews and applies an organisme’s workbook — JavaScript off', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: false, session: GESTION });
    await page.goto(`${nav.app.base}/gestion/campagnes`);
    await page
      .getByRole('navigation', { name: 'Espace de gestion' })
      .getByRole('link', { name: 'Imports de classeurs' })
      .click();
    expect(new URL(page.url()).pathname).toBe('/gestion/imports');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Imports de classeurs');
    expect(await page.getByText('Aucun import pour l’instant.').count()).toBe(1);
    await expectAccessible(page, nav.browser);

    // The organisme's workbook of the campaign, its title changed as the organisme marks it (red).
    const wb = await ouvrir(await exportClasseur({ ctx: nav.app.ctx }));
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
    ws.getRow(r).getCell(COL.intitule!).value = 'BTS MCO (retour du CFA)';
    peindre(ws.getRow(r).getCell(COL.intitule!), { font: { color: { argb: 'FFFF0000' } } });
    await envoyerClasseurGestion(page, nav.app, { name: 'retour-cfa.xlsx', buffer: await enBuffer(wb) });
    const ligne = page
      .getByRole('table', { name: /Résultat de chaque ligne/ })
      .getByRole('row')
      .filter({ hasText: `Offre, ligne ${r}` });
    expect(await ligne.textContent()).toMatch(/Modifiée.*Intitulé/);
    await expectAccessible(page, nav.browser);

    await page.getByRole('button', { name: 'Appliquer l’import' }).click();
    await actualiser(page, nav.app);
    expect(await page.getByRole('heading', { name: 'Import appliqué' }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    const [annote] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Télécharger le classeur annoté/ }).click(),
    ]);
    expect(annote.suggestedFilename()).toBe('retour-cfa.annote.xlsx');
    const f = await nav.app.ctx.db
      .selectFrom('formation')
      .select('intitule')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(f.intitule).toBe('BTS MCO (retour du CFA)');

    await page.getByRole('link', { name: 'Retour aux imports' }).click();
    const vos = page.getByRole('table', { name: /classeurs que vous avez importés/ });
    expect(await vos.getByRole('row').filter({ hasText: 'retour-cfa.xlsx' }).textContent()).toContain(
      'Appliqué',
    );
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('the organisme sees who imported it, and is refused the gestionnaire’s page', async () => {
    const { ctx, page } = await nav.page({ js: false, session: CFA.email });
    await page.goto(`${nav.app.base}/espace/imports`);
    const ligne = page
      .getByRole('table', { name: /imports de votre structure/ })
      .getByRole('row')
      .filter({ hasText: 'retour-cfa.xlsx' });
    expect(await ligne.textContent()).toMatch(
      /Page des gestionnaires, par Inès Martin \(ines@carif-ara\.test\), gestionnaire de la région Auvergne-Rhône-Alpes\s*Appliqué/,
    );
    await expectAccessible(page, nav.browser);
    const refus = await page.goto(`${nav.app.base}/gestion/imports`);
    expect(refus?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès refusé');
    await expectAccessible(page, nav.browser);
    await ctx.close();
  }, 120_000);
});
