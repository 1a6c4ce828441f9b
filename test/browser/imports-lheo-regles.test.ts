import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
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

// The LHEO preview's blocking rules in Chromium: a published offer whose SIRETs fail the Luhn
// check is marked « Deviendrait non diffusable », with ORG_SIRET_FORMAT and its message; axe on
// the page (a third column in the table of formations modified).

let app: AppLancee;
let browser: Browser;
const CFA = { email: 'regles@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const SIRET_FAUX = '13002526500012';
let xml = '';

describe.skipIf(!hasChromium)(`the LHEO preview’s blocking rules in a browser${SKIP_CHROMIUM}`, () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), sharedBrowser()]);
    const organisme = organismeDe(SIREN_A);
    const { id } = await saveFormation(app.ctx, organisme, formationFixture({ cle_externe: 'PUB-LUHN' }));
    await transition(app.ctx, organisme, id, 'publier');
    await transition(app.ctx, gestionnaireDe('84'), id, 'valider');
    const exp = await openLheoExport(app.ctx.db, organisme, { siret: SIRET_A });
    for await (const c of exp.chunks) xml += c;
    xml = xml.replaceAll(`<SIRET>${SIRET_A}<`, `<SIRET>${SIRET_FAUX}<`);
    await compteOrganisme(app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });
  afterAll(async () => {
    await releaseBrowser();
    await app?.stop();
  });

  it('marks the formation that would leave the diffusion and names the rule, accessibly', async () => {
    const ctx = await nouveauContexte(browser, { js: true });
    const page = await ctx.newPage();
    const erreurs = erreursConsole(page);
    await ouvrirSession(page, app, CFA.email);
    await envoyerPourApercu(page, app, /Fichier LHEO/, {
      name: 'laval.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(xml),
    });
    await expect
      .poll(() => page.locator('.fr-alert').first().textContent())
      .toContain('1 formation mise à jour deviendrait non diffusable (Non réglementaire)');
    const modifiees = page.getByRole('table', { name: /formations modifiées/ });
    const ligne = modifiees.getByRole('row').filter({ hasText: 'PUB-LUHN' });
    expect(await ligne.textContent()).toMatch(
      /Deviendrait non diffusable.*Règles bloquantes introduites :.*ORG_SIRET_FORMAT.*SIRET 130 025 265 00012\)? a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse/,
    );
    await expectAccessible(page, browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);
});
