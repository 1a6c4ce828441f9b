import { beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { ENCODAGES_LARGES } from '../lheo/encodages-larges.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { compteOrganisme } from './helpers/session.ts';

// A UTF-16 LHEO file with its mark (Windows Notepad's « Unicode ») sent on the Imports page: the
// refusal says « encodé en UTF-16… enregistrez-le en UTF-8 », on the file field, as the API does
// (it said « n’est pas un document XML LHEO »). JavaScript on and off; axe on the page.

const CFA = { email: 'encodage@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const [nom, , octets] = ENCODAGES_LARGES[0]!;

describe.skipIf(!hasChromium)(`a UTF-16 LHEO file on the Imports page${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });

  it.each([
    ['on', true],
    ['off', false],
  ] as const)(
    'is refused on its field with the encoding named — JavaScript %s',
    async (_, js) => {
      const { ctx, page, erreurs } = await nav.page({ js, session: CFA.email });
      await page.goto(`${nav.app.base}/espace/imports`);
      await page
        .getByLabel(/Fichier LHEO/)
        .setInputFiles({ name: nom, mimeType: 'text/xml', buffer: octets });
      await page
        .getByRole('button', { name: /Envoyer/ })
        .last()
        .click();
      const erreur = page.locator('#fichier-lheo-erreur');
      await erreur.waitFor();
      expect(await erreur.textContent()).toContain(
        `« ${nom} » : le fichier est encodé en UTF-16, non pris en charge (UTF-8 ou ISO-8859-1 attendu) : enregistrez-le en UTF-8`,
      );
      expect(await page.textContent('body')).not.toContain('n’est pas un document XML LHEO');
      await expectAccessible(page, nav.browser);
      expect(erreurs.filter((e) => !/422/.test(e))).toEqual([]);
      await ctx.close();
    },
    180_000,
  );
});
