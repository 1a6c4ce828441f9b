import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppLancee } from './serveur.ts';

/**
 * Follows « Actualiser » (the page of a running import) until the page shows the result. Each
 * click waits for the task to have ended in the database first: clicking in a loop reloaded the
 * page as fast as Chromium could while the import ran (≈ 0.3 s of CPU a load, for nothing new).
 */
export async function actualiser(page: Page, app: AppLancee): Promise<void> {
  const lien = page.getByRole('link', { name: 'Actualiser' });
  while (await lien.count()) {
    const id = /\/(?:espace|gestion)\/imports\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
    await expect
      .poll(
        async () =>
          (await app.ctx.db.selectFrom('import_tache').select('etat').where('id', '=', id).executeTakeFirst())
            ?.etat,
        { timeout: 120_000, interval: 100 },
      )
      .toMatch(/^(terminee|echouee)$/);
    await lien.click();
  }
}

/**
 * On /espace/imports, sends `fichier` through the form of its format (`champ`: its label) and
 * waits for the preview's page to show the result (actualiser).
 */
export async function envoyerPourApercu(
  page: Page,
  app: AppLancee,
  champ: RegExp | string,
  fichier: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.goto(`${app.base}/espace/imports`);
  await page.getByLabel(champ).setInputFiles(fichier);
  // The button of the form the field belongs to (one per format on the page).
  const formulaire = page.locator('form').filter({ has: page.getByLabel(champ) });
  await Promise.all([
    page.waitForURL(/\/espace\/imports\/imp_/),
    formulaire.getByRole('button', { name: /Envoyer/ }).click(),
  ]);
  await actualiser(page, app);
}

/**
 * On /gestion/imports (the page open), sends the workbook `fichier` (name and content) and waits
 * for the preview's page to show the result (actualiser).
 */
export async function envoyerClasseurGestion(
  page: Page,
  app: AppLancee,
  fichier: { name: string; buffer: Buffer },
): Promise<void> {
  await page.getByLabel('Classeur de campagne rempli').setInputFiles({
    ...fichier,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  await Promise.all([
    page.waitForURL(/\/gestion\/imports\/imp_/),
    page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).click(),
  ]);
  await actualiser(page, app);
}
