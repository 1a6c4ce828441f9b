import { beforeAll, describe, expect, it } from 'vitest';
import { LONGUEURS_MAX } from '../../src/domain/formation.schema.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { cliquer, parId } from './helpers/formulaire.ts';

// A text's length counted one way in the browser and on the server: characters (code points), as
// the server's bound, the database and LHEO's XSD (`xs:maxLength`) count them. A `maxlength`
// attribute counts UTF-16 code units: 300 « 🎓 » stopped at 150 in Chromium while the server
// takes 300. Typed in a real Chromium, JavaScript off then on.

const CFA = 'longueurs@cfa.test';
const MAX = LONGUEURS_MAX.intitule;

describe.skipIf(!hasChromium)(`a text’s length in the browser and on the server${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const u = await createUtilisateur(nav.app.ctx, {
      email: CFA,
      role: 'organisme',
      siren: SIRET_A.slice(0, 9),
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  const intitules = async () =>
    (await nav.app.ctx.db.selectFrom('formation').select('intitule').execute()).map((r) => r.intitule);

  for (const [js, EMOJI] of [
    [false, '🎓'],
    [true, '📚'],
  ] as const)
    it(`takes ${MAX} astral characters in the intitulé, refuses one more as the server says — JavaScript ${js ? 'on' : 'off'}`, async () => {
      const { ctx, page, erreurs } = await nav.page({ js, session: CFA });
      await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
      const champ = parId(page, 'intitule');
      await champ.pressSequentially(EMOJI.repeat(MAX + 1));
      // Every character typed is there: the browser stops none of them.
      expect([...(await champ.inputValue())]).toHaveLength(MAX + 1);
      if (js)
        await expect
          .poll(() => parId(page, 'intitule-compteur').textContent())
          .toBe(`${MAX + 1} caractères sur ${MAX} : 1 de trop`);
      await cliquer(page, 'Enregistrer le brouillon');
      expect(
        await page.getByText(`le texte est trop long : ${MAX + 1} caractères, ${MAX} au plus`).count(),
      ).toBe(
        2, // the summary and the message under the field
      );
      // One character less (Backspace takes the whole emoji): saved, all of it.
      const champ2 = parId(page, 'intitule');
      expect([...(await champ2.inputValue())]).toHaveLength(MAX + 1);
      await champ2.press('End');
      await champ2.press('Backspace');
      if (js)
        await expect
          .poll(() => parId(page, 'intitule-compteur').textContent())
          .toBe(`${MAX} caractères sur ${MAX}`);
      await cliquer(page, 'Enregistrer le brouillon');
      expect(await page.getByText('Formation créée').count()).toBe(1);
      expect(await intitules()).toContain(EMOJI.repeat(MAX));
      expect([...(await parId(page, 'intitule').inputValue())]).toHaveLength(MAX);
      await expectAccessible(page, nav.browser);
      expect(erreurs).toEqual([]);
      await ctx.close();
    }, 180_000);
});
