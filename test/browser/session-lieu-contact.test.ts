import { beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { formationFixture } from '../helpers/formations.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { cliquer, parId } from './helpers/formulaire.ts';

// The session form, JavaScript off, as a fresh user filled it: code postal 53000 and commune
// « Nantes » (stored as Laval without a word before), a contact with a telephone and no name
// (kept before). Both are refused now: the error summary links to « Commune » and « Nom du
// contact », each message under its field, what was typed shown again, nothing stored; axe on the
// refused page. Then the right commune and a name: saved.

const EMAIL = 'ines@cfa-lieu-navigateur.test';

describe.skipIf(!hasChromium)(`the session form’s place and contact in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await loadReferentiels(nav.app.ctx);
    const u = await createUtilisateur(nav.app.ctx, {
      email: EMAIL,
      role: 'organisme',
      siren: SIRET_A.slice(0, 9),
      nom: 'Inès Lieu',
    });
    // Signed in by its session cookie (ouvrirSession): no first-sign-in password change asked.
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('refuses « Nantes » at 53000 and a contact without a name, then saves the corrected session — JavaScript off', async () => {
    const base = formationFixture({ cle_externe: 'LIEU-NAV', intitule: 'BTS au bon endroit' });
    const { id } = await saveFormation(nav.app.ctx, organismeDe(SIRET_A.slice(0, 9)), {
      ...base,
      sessions: [],
    });
    const sessions = async () =>
      nav.app.ctx.db
        .selectFrom('session')
        .select(['code_postal', 'commune', 'code_insee'])
        .where('formation_id', '=', id)
        .execute();
    const { ctx: sansJs, page } = await nav.page({ js: false, session: EMAIL });
    await page.goto(`${nav.app.base}/espace/formations/${id}/sessions/nouvelle`);
    expect(await page.getByRole('heading', { level: 1, name: 'Nouvelle session' }).count()).toBe(1);
    await parId(page, 'debut').fill('2027-09-06');
    await parId(page, 'fin').fill('2029-06-29');
    await parId(page, 'lieu.adresse').fill('3 rue de Bretagne');
    await parId(page, 'lieu.code_postal').fill('53000');
    await parId(page, 'lieu.commune').fill('Nantes');
    await parId(page, 'contact.telephone').fill('02 43 00 00 00');
    await cliquer(page, 'Enregistrer la session');

    const resume = page.locator('#resume-erreurs');
    expect(await resume.getByText('Le formulaire contient 2 erreurs').count()).toBe(1);
    expect(await resume.locator('a[href="#lieu.commune"]').count()).toBe(1);
    expect(await resume.locator('a[href="#contact.nom"]').count()).toBe(1);
    expect(await parId(page, 'lieu.commune-erreur').textContent()).toBe(
      'Commune : « Nantes » n’est pas une commune du code postal 53000 (Laval) : écrivez la commune du code postal, ou corrigez le code postal.',
    );
    expect(await parId(page, 'contact.nom-erreur').textContent()).toMatch(
      /^Nom du contact : ce contact a un téléphone ou un courriel mais pas de nom/,
    );
    // The field is tied to its message, and what was typed is shown again.
    expect(await parId(page, 'lieu.commune').getAttribute('aria-describedby')).toBe('lieu.commune-messages');
    expect(await parId(page, 'lieu.commune').inputValue()).toBe('Nantes');
    expect(await parId(page, 'lieu.code_postal').inputValue()).toBe('53000');
    expect(await parId(page, 'contact.telephone').inputValue()).toBe('02 43 00 00 00');
    expect(await sessions()).toEqual([]);
    await expectAccessible(page, nav.browser);

    // The summary's link leads to the field.
    await resume.locator('a[href="#lieu.commune"]').click();
    await parId(page, 'lieu.commune').fill('Laval');
    await parId(page, 'contact.nom').fill('Accueil');
    await Promise.all([
      page.waitForURL(/info=session/),
      page.getByRole('button', { name: 'Enregistrer la session' }).click(),
    ]);
    expect(await sessions()).toEqual([{ code_postal: '53000', commune: 'Laval', code_insee: '53130' }]);
    await sansJs.close();
  }, 120_000);
});
