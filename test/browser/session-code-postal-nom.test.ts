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

// Fresh user, 05/12/2026 (L1): the « Code postal » hint said « Le code postal, ou le nom de la
// commune, suffit », but « Laval » or « chateau gontier » typed there was refused (« « chateaugontier »
// doit compter 5 chiffres »). A commune name typed in « Code postal », « Commune » left empty, is now
// read as the commune's name, JavaScript on or off; the hint says so; digits that are no postal
// code are still refused, the message naming what was typed and where a name goes.

const EMAIL = 'noe@cfa-cp-nom.test';

describe.skipIf(!hasChromium)(`a commune name in the session form’s « Code postal »${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  let id: string;
  const sessions = async () =>
    nav.app.ctx.db
      .selectFrom('session')
      .select(['code_postal', 'commune', 'code_insee'])
      .where('formation_id', '=', id)
      .orderBy('debut')
      .execute();
  beforeAll(async () => {
    await loadReferentiels(nav.app.ctx);
    const u = await createUtilisateur(nav.app.ctx, {
      email: EMAIL,
      role: 'organisme',
      siren: SIRET_A.slice(0, 9),
      nom: 'Noé Lieu',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    const base = formationFixture({ cle_externe: 'CP-NOM-NAV', intitule: 'BTS à Laval' });
    ({ id } = await saveFormation(nav.app.ctx, organismeDe(SIRET_A.slice(0, 9)), { ...base, sessions: [] }));
  });

  for (const js of [false, true])
    it(`« ${js ? 'chateau gontier' : 'Laval'} » in « Code postal » finds the commune — JavaScript ${js ? 'on' : 'off'}`, async () => {
      const { ctx, page } = await nav.page({ js, session: EMAIL });
      await page.goto(`${nav.app.base}/espace/formations/${id}/sessions/nouvelle`);
      expect(
        await page
          .getByText('5 chiffres. Sinon, le nom de la commune (ici ou dans le champ « Commune ») suffit', {
            exact: false,
          })
          .count(),
      ).toBe(1);
      await parId(page, 'debut').fill(js ? '2028-09-04' : '2027-09-06');
      await parId(page, 'fin').fill(js ? '2030-06-28' : '2029-06-29');
      await parId(page, 'lieu.code_postal').fill('123');
      await parId(page, 'contact.nom').fill('Accueil');
      await parId(page, 'contact.telephone').fill('02 43 00 00 00');
      await cliquer(page, 'Enregistrer la session');
      // Digits that are no postal code: refused, naming what was typed and where a name goes.
      expect(await parId(page, 'lieu.code_postal-erreur').textContent()).toBe(
        'Code postal : « 123 » doit compter 5 chiffres (le nom de la commune va dans le champ « Commune »).',
      );
      await expectAccessible(page, nav.browser);
      await parId(page, 'lieu.code_postal').fill(js ? 'chateau gontier' : 'Laval');
      await Promise.all([
        page.waitForURL(/info=session/),
        page.getByRole('button', { name: 'Enregistrer la session' }).click(),
      ]);
      await expectAccessible(page, nav.browser);
      const attendu = [{ code_postal: '53000', commune: 'Laval', code_insee: '53130' }];
      if (js)
        attendu.push({ code_postal: '53200', commune: 'Château-Gontier-sur-Mayenne', code_insee: '53062' });
      expect(await sessions()).toEqual(attendu);
      await ctx.close();
    }, 120_000);
});
