import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

// Filling the DSFR forms as a person does (JavaScript on or off).

/** The element of this id (ids with dots, as the forms' field names, need the attribute form). */
export const parId = (page: Page, x: string): Locator => page.locator(`[id="${x}"]`);

/** Ticks a DSFR radio or checkbox as a person does: by its label (the label covers the input). */
export async function cocher(page: Page, input: Locator): Promise<void> {
  await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  expect(await input.isChecked()).toBe(true);
}

/** Clicks a submit button and waits for the page the server answers (after its redirection). */
export async function cliquer(page: Page, nom: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: nom }).first().click()]);
}

/**
 * Picks `option` in an accessible-autocomplete field (JavaScript on): types `texte`, waits for the
 * proposed option, clicks it.
 */
export async function chooseFromListe(
  page: Page,
  champ: Locator,
  texte: string,
  option: string | RegExp,
): Promise<void> {
  await champ.fill(texte);
  const o = page.getByRole('option', { name: option });
  await o.first().waitFor({ state: 'visible' });
  await o.first().click();
}
