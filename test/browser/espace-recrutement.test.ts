import { beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { formationFixture } from '../api/helpers.ts';
import { diffusee } from '../helpers/revision.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// « Fermer le recrutement de la session 1 » on a published offer's page, JavaScript off: the POST
// form applies it at once and the page says so (domain/recrutement-direct.ts). axe before and after.

const CFA = 'claire@cfa-recrutement.test';

describe.skipIf(!hasChromium)(
  `a session’s recruitment closed from the formation page${SKIP_CHROMIUM}`,
  () => {
    const nav = fichierNavigateur();
    let id: string;
    beforeAll(async () => {
      const ctx = nav.app.ctx;
      id = await diffusee(
        ctx,
        formationFixture({ cle_externe: 'NAV-RECR', intitule: 'BTS recrutement fermé' }),
      );
      const u = await createUtilisateur(ctx, { email: CFA, role: 'organisme', siren: '130025265' });
      await ctx.db
        .updateTable('utilisateur')
        .set({ doit_changer_mot_de_passe: false })
        .where('id', '=', u.id)
        .execute();
    });

    it('closes it with one button, says it applies at once, and offers « Rouvrir » — JavaScript off', async () => {
      const { ctx, page, erreurs } = await nav.page({ js: false, session: CFA });
      await page.goto(`${nav.app.base}/espace/formations/${id}`);
      const fermer = page.getByRole('button', { name: 'Fermer le recrutement de la session 1' });
      expect(await fermer.count()).toBe(1);
      expect(
        await page.getByRole('button', { name: 'Suspendre le recrutement de la session 1' }).count(),
      ).toBe(1);
      await expectAccessible(page, nav.browser);

      await Promise.all([page.waitForNavigation(), fermer.click()]);
      expect(new URL(page.url()).searchParams.get('info')).toBe('recrutement');
      expect(await page.locator('main').textContent()).toContain(
        'État du recrutement enregistré : il s’applique tout de suite à l’offre diffusée',
      );
      expect(await page.getByRole('button', { name: 'Rouvrir le recrutement de la session 1' }).count()).toBe(
        1,
      );
      expect(await page.locator('#sessions ~ ul').textContent()).toContain('Recrutement fermé');
      await expectAccessible(page, nav.browser);
      expect(erreurs).toEqual([]);
      await ctx.close();
    });
  },
);
