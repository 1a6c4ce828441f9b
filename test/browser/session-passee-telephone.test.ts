import { beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture } from '../helpers/formations.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { cliquer, parId } from './helpers/formulaire.ts';

// Fresh users (07/12), JavaScript off: a new session already over (2026 typed for 2027) is stopped
// on « Date de fin » with the dates proposed, and stored once « bien terminée » is ticked; the
// public page shows the contacts' numbers in the national writing, as tel: links. Axe on both.

const EMAIL = 'lea@cfa-passee-navigateur.test';
const SIREN = SIRET_A.slice(0, 9);

describe.skipIf(!hasChromium)(`past sessions and telephone numbers in a browser${SKIP_CHROMIUM}`, () => {
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

  it('shows the numbers in the national writing as tel: links on the public page', async () => {
    const { id } = await saveFormation(
      nav.app.ctx,
      organismeDe(SIREN),
      formationFixture({
        cle_externe: 'TEL-NAV',
        contacts: [
          { type: 'pedagogique', nom: 'Claire', telephone: '0612345678', courriel: null },
          { type: 'accueil', nom: 'Accueil', telephone: '0692.12.34.56', courriel: null },
          { type: 'referent_handicap', nom: 'Paul', telephone: null, courriel: 'handicap@cfa.example' },
        ],
      }),
    );
    await transition(nav.app.ctx, organismeDe(SIREN), id, 'publier');
    await transition(nav.app.ctx, gestionnaireDe('84'), id, 'valider');
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/formations/${id}`);
    expect(await page.locator('a[href="tel:+33612345678"]').textContent()).toBe('06 12 34 56 78');
    expect(await page.locator('a[href="tel:+262692123456"]').textContent()).toBe('0692 12 34 56');
    await expectAccessible(page, nav.browser);
    await ctx.close();
  }, 180_000);
});
