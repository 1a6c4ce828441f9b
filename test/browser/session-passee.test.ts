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

// Fresh users (07/12), JavaScript off: a new session already over (2026 typed for 2027) is stopped
// on « Date de fin » with the dates proposed, and stored once « bien terminée » is ticked; axe on
// the refused page.

const EMAIL = 'lea@cfa-passee-navigateur.test';
const SIREN = SIRET_A.slice(0, 9);

describe.skipIf(!hasChromium)(`a past session on the session form in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur({}, { now: () => new Date('2026-12-07T10:00:00Z') });
  beforeAll(async () => {
    await loadReferentiels(nav.app.ctx);
    const u = await createUtilisateur(nav.app.ctx, {
      email: EMAIL,
      role: 'organisme',
      siren: SIREN,
      nom: 'Léa',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('stops a new session already over on « Date de fin », then stores it once confirmed', async () => {
    const base = formationFixture({ cle_externe: 'PASSEE-NAV', intitule: 'BTS passé' });
    const { id } = await saveFormation(nav.app.ctx, organismeDe(SIREN), { ...base, sessions: [] });
    const { ctx, page } = await nav.page({ js: false, session: EMAIL });
    await page.goto(`${nav.app.base}/espace/formations/${id}/sessions/nouvelle`);
    await parId(page, 'debut').fill('2025-09-01');
    await parId(page, 'fin').fill('2026-06-30');
    await parId(page, 'lieu.adresse').fill('3 rue de Bretagne');
    await parId(page, 'lieu.code_postal').fill('53000');
    await parId(page, 'lieu.commune').fill('Laval');
    await cliquer(page, 'Enregistrer la session');
    const resume = page.locator('#resume-erreurs');
    expect(await resume.locator('a[href="#fin"]').count()).toBe(1);
    expect(await parId(page, 'fin-erreur').textContent()).toContain(
      'Les mêmes dates l’année suivante : du 1er septembre 2026 au 30 juin 2027.',
    );
    await expectAccessible(page, nav.browser);
    await page.locator('label[for="confirmer_passee"]').click();
    await Promise.all([
      page.waitForURL(/info=session/),
      page.getByRole('button', { name: 'Enregistrer la session' }).click(),
    ]);
    await ctx.close();
  }, 180_000);
});
