import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { enBuffer, exportClasseur, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { actualiser, envoyerPourApercu } from './helpers/imports.ts';
import { compteOrganisme, ouvrirSession } from './helpers/session.ts';

// The Imports tab in Chromium with JavaScript on and off (nothing there needs it): download the
// workbook, edit it as an organisation does, send it back, read the per-row preview, apply,
// download the annotated workbook. axe on every page.

let idJs: string;
let idSansJs: string;
const CFA = { email: 'imports@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };

describe.skipIf(!hasChromium)(`the Imports tab in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    // One formation for each run (JavaScript on, then off): each run edits its own row.
    idJs = (await saveFormationTx(nav.app.ctx.db, SYSTEME('test'), OFFRE[0]!, { now: new Date() })).id;
    idSansJs = (await saveFormationTx(nav.app.ctx.db, SYSTEME('test'), OFFRE[1]!, { now: new Date() })).id;
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });

  it.each([
    ['on', true],
    ['off', false],
  ] as const)(
    'downloads, sends back, previews and applies the campaign workbook — JavaScript %s',
    async (_, js) => {
      const id = js ? idJs : idSansJs;
      const nouvelIntitule = js ? 'BTS MCO en apprentissage' : 'CAP Cuisine en apprentissage';
      const { ctx, page, erreurs } = await nav.page({ js });
      // Every address the browser asks for: the CSRF token never travels in one (logs, history, Referer).
      const adresses: string[] = [];
      page.on('request', (r) => adresses.push(r.url()));
      await ouvrirSession(page, nav.app, CFA.email);
      await page.goto(`${nav.app.base}/espace/imports`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Imports');
      const passes = page.getByRole('table', { name: /imports de votre structure/ });
      const avant = await passes.getByRole('row').count();
      await expectAccessible(page, nav.browser);

      const [telechargement] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Télécharger le classeur (.xlsx)' }).click(),
      ]);
      expect(telechargement.suggestedFilename()).toMatch(
        new RegExp(`^offre-${SIRET_A}-campagne-\\d{4}\\.xlsx$`),
      );
      const wb = await ouvrir(await readFile((await telechargement.path())!));
      const ws = wb.getWorksheet('Offre')!;
      const r = ligneDe(ws, id);
      ws.getRow(r).getCell(COL.intitule!).value = nouvelIntitule;
      peindre(ws.getRow(r).getCell(COL.intitule!), { font: { color: { argb: 'FFFF0000' } } });
      // Only the campaign's end date is typed (an empty pair would mean « no session of the
      // campaign here »): the row is refused, its empty start column named.
      ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';

      await page.getByLabel('Classeur de campagne rempli').setInputFiles({
        name: 'mon-offre.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await enBuffer(wb),
      });
      await Promise.all([
        page.waitForURL(/\/espace\/imports\/imp_/),
        page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).first().click(),
      ]);
      await actualiser(page, nav.app);
      const tableau = page.getByRole('table', { name: /Résultat de chaque ligne/ });
      const ligne = tableau.getByRole('row').filter({ hasText: `Offre, ligne ${r}` });
      expect(await ligne.textContent()).toMatch(/Erreur.*colonne « Date de début \d{4} »/);
      await expectAccessible(page, nav.browser);

      // Fixed: the dates of the campaign typed in; sent again, previewed, applied.
      ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
      ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
      await page.getByRole('link', { name: 'Retour aux imports' }).click();
      await page.getByLabel('Classeur de campagne rempli').setInputFiles({
        name: 'mon-offre-corrige.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await enBuffer(wb),
      });
      await Promise.all([
        page.waitForURL(/\/espace\/imports\/imp_/),
        page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).first().click(),
      ]);
      await actualiser(page, nav.app);
      expect(
        await tableau
          .getByRole('row')
          .filter({ hasText: `Offre, ligne ${r}` })
          .textContent(),
      ).toMatch(/Modifiée.*Intitulé/);
      await page.getByRole('button', { name: 'Appliquer l’import' }).click();
      await actualiser(page, nav.app);
      expect(await page.getByRole('heading', { name: 'Import appliqué' }).count()).toBe(1);
      await expectAccessible(page, nav.browser);
      const [annote] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Télécharger le classeur annoté/ }).click(),
      ]);
      expect(annote.suggestedFilename()).toBe('mon-offre-corrige.annote.xlsx');
      const f = await nav.app.ctx.db
        .selectFrom('formation')
        .select('intitule')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(f.intitule).toBe(nouvelIntitule);

      await page.getByRole('link', { name: 'Retour aux imports' }).click();
      expect(await passes.getByRole('row').count()).toBe(Math.max(avant, 1) + 2); // header + two more imports
      expect(await passes.textContent()).toContain('Appliqué');
      expect(erreurs).toEqual([]);
      expect(
        adresses.filter((u) => u.includes('/espace/imports/classeur') && !u.includes('siret=')),
      ).not.toEqual([]);
      expect(adresses.filter((u) => /csrf/i.test(u))).toEqual([]);
      await ctx.close();
    },
    180_000,
  );

  // Imports made outside the page (migration 0970): listed with their origin, detail axe-checked.
  it('lists an import made through the API with its origin; its detail shows the structure’s formations', async () => {
    const { key } = await createApiKey(nav.app.ctx, { name: 'SI Région', scope: 'admin' });
    const xml = await readFile(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url));
    const r = await fetch(`${nav.app.base}/api/v1/imports/lheo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      body: xml,
    });
    expect(r.status).toBe(200);
    const { ctx, page } = await nav.page({ js: false, session: CFA.email });
    await page.goto(`${nav.app.base}/espace/imports`);
    const passes = page.getByRole('table', { name: /imports de votre structure/ });
    const ligne = passes.getByRole('row').filter({ hasText: 'Envoi par l’API (sans fichier)' });
    expect(await ligne.textContent()).toMatch(
      /Fichier LHEO\s*API \(clé « SI Région »\)\s*Appliqué\s*1 créée,/,
    );
    await expectAccessible(page, nav.browser);
    await ligne.getByRole('link', { name: 'Envoi par l’API (sans fichier)' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Fichier LHEO envoyé dans le corps de la requête',
    );
    expect(
      await page.getByText('Seules les formations de votre structure sont présentées ici.').count(),
    ).toBe(1);
    expect(await page.getByText('F-CAP-CUISINE').count()).toBe(0);
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });

  // A fresh user's report (05/12): the failed import of another organisme's workbook closed with
  // « Corrigez le fichier puis envoyez-le à nouveau » under « download your own workbook ».
  it('another organisme’s workbook: the failure says to download one’s own, and links to it (JavaScript off)', async () => {
    await saveFormationTx(
      nav.app.ctx.db,
      SYSTEME('test'),
      formationFixture({ siret: SIRET_B, cle_externe: 'B-1', intitule: 'Formation de B' }),
      { now: new Date() },
    );
    const classeurB = await exportClasseur({ ctx: nav.app.ctx }, 2027, SIRET_B);
    const { ctx, page, erreurs } = await nav.page({ js: false, session: CFA.email });
    await envoyerPourApercu(page, nav.app, 'Classeur de campagne rempli', {
      name: 'classeur-de-b.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: classeurB,
    });
    const alerte = page.getByRole('alert');
    expect(await alerte.textContent()).toContain('a été exporté pour l’organisme');
    expect(await alerte.textContent()).toContain(
      'Aucune formation n’a été modifiée. Ce classeur n’est pas à corriger : téléchargez celui de votre organisme, reportez-y vos modifications, puis envoyez-le.',
    );
    expect(await alerte.textContent()).not.toContain('Corrigez le fichier');
    await expectAccessible(page, nav.browser);
    await alerte.getByRole('link', { name: 'Télécharger le classeur de votre organisme' }).click();
    await expect
      .poll(() => new URL(page.url()).pathname + new URL(page.url()).hash)
      .toBe('/espace/imports#telecharger');
    expect(await page.getByRole('button', { name: 'Télécharger le classeur (.xlsx)' }).count()).toBe(1);
    expect(erreurs).toEqual([]);
    await ctx.close();
  });
});
