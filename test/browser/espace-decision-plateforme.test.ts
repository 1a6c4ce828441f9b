import { beforeAll, describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { decidePlateforme } from '../../src/services/plateforme.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { parId } from './helpers/formulaire.ts';

// An instructeur's « Ne pas publier » as the organisme reads it, JavaScript off: on its formation
// page (when, who by role and académie, the motif), then on the history page its link opens. axe
// on both pages.

const CFA = 'claire@cfa-exemple.test';
const MOTIF = 'Capacité d’accueil non confirmée par le rectorat';

describe.skipIf(!hasChromium)(`a platform decision on the organisme’s pages${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur({}, { now: () => NOW });
  let id: string;
  beforeAll(async () => {
    const ctx = nav.app.ctx;
    await loadReferentiels(ctx.db, REFERENTIELS);
    const sys = SYSTEME('test');
    ({ id } = await saveFormation(ctx, sys, bts('NAV-PS', { intitule: 'BTS refusé sur Parcoursup' })));
    await transition(ctx, sys, id, 'publier');
    await transition(ctx, sys, id, 'valider');
    const u = await createUtilisateur(ctx, { email: CFA, role: 'organisme', siren: '130025265' });
    await ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    const i = await createUtilisateur(ctx, {
      email: 'ines@ac-lyon.test',
      role: 'instructeur',
      academie: '10',
    });
    const instructeur: Acteur = {
      kind: 'utilisateur',
      id: i.id,
      email: 'ines@ac-lyon.test',
      nom: 'ines@ac-lyon.test',
      role: 'instructeur',
      siren: null,
      regions: [],
      academies: ['10'],
    };
    await decidePlateforme(ctx, instructeur, id, 'parcoursup', { action: 'non_publier', motif: MOTIF });
  });

  it('shows the decision with its date, decider and motif, then the history page — JavaScript off', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: false, session: CFA });
    await page.goto(`${nav.app.base}/espace/formations/${id}`);
    const plateformes = page.locator('section[aria-labelledby="plateformes"]');
    await expect
      .poll(() => plateformes.getByRole('heading', { level: 2 }).textContent())
      .toBe('Parcoursup et Affelnet');
    const parcoursup = parId(page, 'plateforme-parcoursup');
    expect(await parcoursup.textContent()).toContain('Parcoursup : Non publié');
    expect(await parcoursup.textContent()).toContain(
      'Décision « Ne pas publier » le 15 mars 2026 à 11:00, par un instructeur de l’académie de Lyon',
    );
    expect(await parcoursup.textContent()).toContain(`Motif : ${MOTIF}`);
    await expectAccessible(page, nav.browser);

    await Promise.all([
      page.waitForNavigation(),
      plateformes.getByRole('link', { name: /Historique de la formation/ }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/espace/formations/${id}/historique`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Historique de « BTS refusé sur Parcoursup »',
    );
    const entree = page.locator('#historique ~ ol > li').first();
    expect(await entree.textContent()).toContain(
      'Parcoursup : ne pas publier le 15 mars 2026 à 11:00 par un instructeur de l’académie de Lyon',
    );
    expect(await entree.textContent()).toContain(`Motif : ${MOTIF}`);
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  });
});
