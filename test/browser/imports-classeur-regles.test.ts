import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX } from '../../src/contract/classeur.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { diffusee } from '../helpers/revision.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { envoyerPourApercu } from './helpers/imports.ts';
import { compteOrganisme } from './helpers/session.ts';

// The workbook preview's blocking rules in Chromium (as the LHEO preview's,
// imports-lheo-regles.test.ts): a published offer whose « SIRET formateur » fails the Luhn check
// is marked « Deviendrait non diffusable », with ORG_SIRET_FORMAT and its message in a column of
// the rows' table; axe on the page.

const CFA = { email: 'regles-classeur@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
let fichier: Buffer;
let n = 0;

describe.skipIf(!hasChromium)(`the workbook preview’s blocking rules in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const id = await diffusee(nav.app.ctx, formationFixture({ cle_externe: 'PUB-LUHN' }));
    const wb = await ouvrir(await exportClasseur(nav.app));
    const ws = wb.getWorksheet('Offre')!;
    n = ligneDe(ws, id);
    const cellule = ws.getRow(n).getCell(COL.siretFormateur!);
    cellule.value = '13002526500012';
    peindre(cellule, { font: { color: { argb: 'FFFF0000' } } });
    fichier = await enBuffer(wb);
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });

  it('marks the row whose formation would leave the diffusion and names the rule, accessibly', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: true, session: CFA.email });
    await envoyerPourApercu(page, nav.app, 'Classeur de campagne rempli', {
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
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);

  // Fresh user, 06/12: the « Référence » column took most of the rows' table, the others squeezed.
  // At 1280 px each column keeps a readable width and no cell overflows its column; at 390 px the
  // table scrolls inside its own box (the design system's table), the page itself does not.
  for (const largeur of [1280, 390])
    it(`lays out the rows' table readably at ${largeur} px, without JavaScript`, async () => {
      const { ctx, page } = await nav.page({ js: false, session: CFA.email });
      await page.setViewportSize({ width: largeur, height: 900 });
      await envoyerPourApercu(page, nav.app, 'Classeur de campagne rempli', {
        name: 'laval.xlsx',
        mimeType: XLSX,
        buffer: fichier,
      });
      const tableau = page.getByRole('table', { name: /Résultat de chaque ligne/ });
      await tableau.waitFor();
      if (process.env.OFFRE_CAPTURES)
        await page.screenshot({
          path: `${process.env.OFFRE_CAPTURES}/apercu-${largeur}.png`,
          fullPage: true,
        });
      const mesures = await tableau.evaluate((t) => ({
        table: t.getBoundingClientRect().width,
        colonnes: [...t.querySelectorAll('thead th')].map((th) => ({
          nom: th.textContent,
          largeur: th.getBoundingClientRect().width,
        })),
        // Cells whose content is wider than the cell (text running over its neighbour).
        debordent: [...t.querySelectorAll('td')].filter((td) => td.scrollWidth > td.clientWidth + 1).length,
        page: document.documentElement.scrollWidth,
      }));
      expect(mesures.debordent).toBe(0);
      expect(mesures.page).toBeLessThanOrEqual(largeur);
      if (largeur === 1280) {
        const part = (nom: string) => mesures.colonnes.find((c) => c.nom === nom)!.largeur / mesures.table;
        expect(part('Référence')).toBeLessThanOrEqual(0.25);
        for (const nom of ['Formation', 'Résultat', 'Détail'])
          expect(part(nom), nom).toBeGreaterThanOrEqual(0.1);
      }
      await expectAccessible(page, nav.browser);
      await ctx.close();
    }, 180_000);
});
