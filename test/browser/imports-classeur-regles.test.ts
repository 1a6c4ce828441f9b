import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX } from '../../src/contract/classeur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import {
  erreursConsole,
  hasChromium,
  nouveauContexte,
  releaseBrowser,
  SKIP_CHROMIUM,
  sharedBrowser,
} from './helpers/chromium.ts';
import { envoyerPourApercu } from './helpers/imports.ts';
import { type AppLancee, startApp } from './helpers/serveur.ts';
import { compteOrganisme, ouvrirSession } from './helpers/session.ts';

// The workbook preview's blocking rules in Chromium (as the LHEO preview's,
// imports-lheo-regles.test.ts): a published offer whose « SIRET formateur » fails the Luhn check
// is marked « Deviendrait non diffusable », with ORG_SIRET_FORMAT and its message in a column of
// the rows' table; axe on the page.

let app: AppLancee;
let browser: Browser;
const CFA = { email: 'regles-classeur@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
let fichier: Buffer;
let n = 0;

describe.skipIf(!hasChromium)(`the workbook preview’s blocking rules in a browser${SKIP_CHROMIUM}`, () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), sharedBrowser()]);
    const organisme = organismeDe(SIREN_A);
    const { id } = await saveFormation(app.ctx, organisme, formationFixture({ cle_externe: 'PUB-LUHN' }));
    await transition(app.ctx, organisme, id, 'publier');
    await transition(app.ctx, gestionnaireDe('84'), id, 'valider');
    const wb = await ouvrir(await exportClasseur(app));
    const ws = wb.getWorksheet('Offre')!;
    n = ligneDe(ws, id);
    const cellule = ws.getRow(n).getCell(COL.siretFormateur!);
    cellule.value = '13002526500012';
    peindre(cellule, { font: { color: { argb: 'FFFF0000' } } });
    fichier = await enBuffer(wb);
    await compteOrganisme(app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });
  afterAll(async () => {
    await releaseBrowser();
    await app?.stop();
  });

  it('marks the row whose formation would leave the diffusion and names the rule, accessibly', async () => {
    const ctx = await nouveauContexte(browser, { js: true });
    const page = await ctx.newPage();
    const erreurs = erreursConsole(page);
    await ouvrirSession(page, app, CFA.email);
    await envoyerPourApercu(page, app, 'Classeur de campagne rempli', {
      name: 'laval.xlsx',
      mimeType: XLSX,
      buffer: fichier,
    });
    await expect
      .poll(() => page.locator('.fr-alert').first().textContent())
      .toContain('1 formation mise à jour deviendrait non diffusable (Non réglementaire)');
    const tableau = page.getByRole('table', { name: /Résultat de chaque ligne/ });
    expect(await tableau.getByRole('columnheader').allTextContents()).toContain(
      'Règles bloquantes (conformité)',
    );
    const ligne = tableau.getByRole('row').filter({ hasText: `Offre, ligne ${n}` });
    expect(await ligne.textContent()).toMatch(
      /Modification à valider.*Deviendrait non diffusable.*Règle bloquante introduite :.*ORG_SIRET_FORMAT.*SIRET 130 025 265 00012 a un SIRET invalide/,
    );
    await expectAccessible(page, browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);
});
