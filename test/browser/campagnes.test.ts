import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { ouvrirSession } from './helpers/session.ts';

// Campaigns in a browser, JavaScript off (and the calendar page once with it on): a gestionnaire
// sets its région's collection dates (refused first, errors in the summary and under the field),
// then the organisation sees the deadline on /espace. axe on every page visited.

const GESTION = { email: 'gestion@carif-ara.test', motDePasse: 'le mot de passe du gestionnaire' };
const CFA = { email: 'cfa@volcans.test', motDePasse: 'le mot de passe du CFA' };

describe.skipIf(!hasChromium)(`campaign calendar and deadlines in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur({}, { now: () => new Date('2026-11-28T10:00:00Z') });
  beforeAll(async () => {
    for (const [c, extra] of [
      [GESTION, { role: 'gestionnaire', region: '84' }],
      [CFA, { role: 'organisme', siren: SIREN_A }],
    ] as const) {
      const u = await createUtilisateur(nav.app.ctx, { email: c.email, ...extra });
      await nav.app.ctx.db
        .updateTable('utilisateur')
        .set({ password_hash: await hashPassword(c.motDePasse), doit_changer_mot_de_passe: false })
        .where('id', '=', u.id)
        .execute();
    }
    await nav.app.ctx.db
      .updateTable('structure')
      .set({ region: '84' })
      .where('siren', '=', SIREN_A)
      .execute();
  });

  it('a gestionnaire sets the date workbooks are due; the organisation sees it — JavaScript off', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/campagnes`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Campagnes de collecte');
    expect(await page.getByText('Campagne courante : Rentrée 2027.').count()).toBe(1);
    await expectAccessible(page, nav.browser);

    await page.getByRole('textbox', { name: 'Retour des classeurs attendu' }).fill('2026-12-05');
    await page.getByRole('textbox', { name: 'Transmission au catalogue national' }).fill('2026-12-01');
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Le formulaire contient une erreur');
    expect(await page.locator('#transmission_catalogue-erreur').textContent()).toContain(
      'Transmission au catalogue national (1er décembre 2026) doit venir après retour des classeurs attendu (5 décembre 2026).',
    );
    await expectAccessible(page, nav.browser);

    await page.getByRole('textbox', { name: 'Transmission au catalogue national' }).fill('2026-12-20');
    await page.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.waitForURL(/info=calendrier/);
    expect(await page.getByText('Calendrier enregistré.').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Retour des classeurs attendu' }).inputValue()).toBe(
      '2026-12-05',
    );
    // The région's own dates: each ticked « Garder … pour la région », each with its way back.
    expect(await page.getByRole('checkbox', { name: /retour des classeurs attendu/ }).isChecked()).toBe(true);
    expect(
      await page
        .getByRole('button', { name: /Revenir à la date nationale .* pour retour des classeurs attendu/ })
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Voir l’aperçu de la reconduction' }).click();
    await page.waitForURL(/reconduction/);
    expect(await page.getByText('0 session à créer').count()).toBe(1);
    await expectAccessible(page, nav.browser);
    await ctx.close();

    const { ctx: cfa, page: espace } = await nav.page({ js: false, session: CFA.email });
    await espace.goto(`${nav.app.base}/espace`);
    await expect
      .poll(() => espace.locator('#echeances').textContent())
      .toContain('Retour du classeur attendu au plus tard le 5 décembre 2026 (dans 7 jours).');
    await expectAccessible(espace, nav.browser);
    await cfa.close();
  });

  it('two tabs: the second save is refused, says what it would replace, keeps the dates — JavaScript off', async () => {
    const ctx = await nouveauContexte(nav.browser, { js: false });
    const [a, b] = [await ctx.newPage(), await ctx.newPage()];
    await ouvrirSession(a, nav.app, GESTION.email);
    for (const p of [a, b]) await p.goto(`${nav.app.base}/gestion/campagnes?annee=2027&region=84`);
    const collecte = (p: typeof a) => p.getByRole('textbox', { name: 'Ouverture de la collecte' });
    await collecte(a).fill('2026-09-21');
    await a.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await a.waitForURL(/info=calendrier/);

    await collecte(b).fill('2026-09-25');
    await b.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await expect
      .poll(() => b.locator('#conflit').textContent())
      .toContain('Ce calendrier a changé pendant votre saisie');
    const alerte = (await b.locator('#conflit').textContent()) ?? '';
    expect(alerte).toContain('Ouverture de la collecte : 15 septembre 2026 → 21 septembre 2026');
    expect(alerte).toContain('Ouverture de la collecte (actuellement « 21 septembre 2026 »)');
    expect(await collecte(b).inputValue()).toBe('2026-09-25');
    await expectAccessible(b, nav.browser);

    // Saved again knowingly: the page now carries the current version.
    await b.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await b.waitForURL(/info=calendrier/);
    expect(await collecte(b).inputValue()).toBe('2026-09-25');
    await ctx.close();
  });

  it('the calendar page passes axe with JavaScript on', async () => {
    const { ctx, page } = await nav.page({ js: true, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/campagnes`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Campagnes de collecte');
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });
  // Fresh user, 07/12: at 390 px without JavaScript the page scrolled sideways (the campaigns'
  // table, 504 px, pushed the page to 421 px). Each table scrolls inside its own box instead.
  it('at 390 px without JavaScript the page does not scroll sideways', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${nav.app.base}/gestion/campagnes`);
    const largeurs = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      fenetre: document.documentElement.clientWidth,
      // What sticks out of the window, outside any box that scrolls (a diagnosis when it fails).
      trop: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((e) => {
          for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false;
          return true;
        })
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)
        .slice(0, 8),
    }));
    expect(largeurs.trop).toEqual([]);
    expect(largeurs.page).toBeLessThanOrEqual(largeurs.fenetre);
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });
});
