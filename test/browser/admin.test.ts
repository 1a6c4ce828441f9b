import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUser } from '../../src/services/comptes/user.service.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, launchBrowser, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { type AppLancee, startApp } from './helpers/serveur.ts';
import { seConnecter } from './helpers/session.ts';

// The administrator in Chromium, JavaScript off (nothing on these pages needs it): revokes an API
// key and the next call with it gets 401. axe on every page visited.

let app: AppLancee;
let browser: Browser;
const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’admin' };

async function avecMotDePasse(email: string, motDePasse: string, input: Parameters<typeof createUser>[1]) {
  const u = await createUser(app.ctx, { ...input, email });
  await app.ctx.db
    .updateTable('utilisateur')
    .set({ password_hash: await hashPassword(motDePasse), doit_changer_mot_de_passe: false })
    .where('id', '=', u.id)
    .execute();
}

describe.skipIf(!hasChromium)(`administration in a browser${SKIP_CHROMIUM}`, () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await avecMotDePasse(ADMIN.email, ADMIN.motDePasse, { email: '', role: 'admin', nom: 'Ada Admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('an admin revokes an API key; the next call with it gets 401 — JavaScript off', async () => {
    const cle = await createApiKey(app.ctx, { name: 'SI Affelnet', scope: 'read' });
    const appel = () =>
      fetch(`${app.base}/api/v1/formations?limit=1`, { headers: { authorization: `Bearer ${cle.key}` } });
    expect((await appel()).status).toBe(200);
    const ctx = await nouveauContexte(browser, { js: false });
    const page = await ctx.newPage();
    await seConnecter(page, app.base, ADMIN.email, ADMIN.motDePasse);
    await page.goto(`${app.base}/admin`);
    await expectAccessible(page, browser);
    await page.getByRole('link', { name: 'Clés d’API' }).click();
    await expectAccessible(page, browser);
    await page.getByRole('button', { name: 'Révoquer la clé SI Affelnet' }).click();
    await page.waitForURL(/\/admin\/cles\?revoquee=/);
    expect(await page.getByRole('status').textContent()).toContain('Clé « SI Affelnet » révoquée');
    await expectAccessible(page, browser);
    const refus = await appel();
    expect(refus.status).toBe(401);
    expect(await refus.json()).toMatchObject({ code: 'CLE_INVALIDE' });

    // A key created on the page is shown once.
    await page.getByLabel(/^Nom/).fill('Partenaire');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    const secret = await page.locator('#cle-secrete').textContent();
    expect(secret).toMatch(/^offre_/);
    await expectAccessible(page, browser);
    expect(
      (
        await fetch(`${app.base}/api/v1/formations?limit=1`, {
          headers: { authorization: `Bearer ${secret}` },
        })
      ).status,
    ).toBe(200);
    await ctx.close();
  });
});
