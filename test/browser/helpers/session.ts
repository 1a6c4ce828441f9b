import type { Page } from 'playwright-core';

/**
 * Signs in through the /connexion form, as a person does (works with JavaScript on and off),
 * and waits for the page it lands on.
 */
export async function seConnecter(
  page: Page,
  base: string,
  email: string,
  motDePasse: string,
): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(motDePasse);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
}

/** Signs out with the header's button. */
export async function seDeconnecter(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL(/\/connexion\?info=deconnecte/),
    page.getByRole('button', { name: 'Se déconnecter' }).first().click(),
  ]);
}
