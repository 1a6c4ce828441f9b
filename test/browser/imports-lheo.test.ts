import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { actualiser } from './helpers/imports.ts';
import { compteOrganisme } from './helpers/session.ts';

// The preview of an LHEO import in Chromium, JavaScript on and off: the counts, the formation
// modified with its field (before → after), the refusals with line, number, element and code, and
// the full report downloaded as CSV. axe on the page.

const CFA = { email: 'lheo@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const OFFRE = await readFile(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const ANCIEN = 'BTS Management commercial opérationnel';

describe.skipIf(!hasChromium)(`the LHEO import preview in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await importLheo(nav.app.ctx, SYSTEME('test'), [Buffer.from(OFFRE)]);
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });

  it.each([
    ['on', true],
    ['off', false],
  ] as const)(
    'shows what the import would change and downloads the full report — JavaScript %s',
    async (_, js) => {
      const nouveau = js ? 'BTS MCO (JavaScript)' : 'BTS MCO (sans JavaScript)';
      const { ctx, page, erreurs } = await nav.page({ js, session: CFA.email });
      await page.goto(`${nav.app.base}/espace/imports`);
      await page.getByLabel(/Fichier LHEO/).setInputFiles({
        name: 'offre.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(
          OFFRE.replace(`<intitule-formation>${ANCIEN}<`, `<intitule-formation>${nouveau}<`),
        ),
      });
      await Promise.all([
        page.waitForURL(/\/espace\/imports\/imp_/),
        page
          .getByRole('button', { name: /Envoyer/ })
          .last()
          .click(),
      ]);
      await actualiser(page, nav.app);
      const comptes = page.getByRole('table', { name: /Ce que l’import ferait/ });
      expect(await comptes.getByRole('cell').allTextContents()).toEqual(['0', '1', '0', '2']);
      const modifiees = page.getByRole('table', { name: /formations modifiées/ });
      expect(await modifiees.textContent()).toContain(`Intitulé : ${ANCIEN} → ${nouveau}`);
      const refus = page.getByRole('table', { name: /Les refus/ });
      expect(await refus.getByRole('row').filter({ hasText: 'F-CAP-CUISINE' }).textContent()).toMatch(
        /118.*formation\[2\]\/organisme-formation-responsable.*ACCES_REFUSE/,
      );
      await expectAccessible(page, nav.browser);
      const [telechargement] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Télécharger le rapport complet/ }).click(),
      ]);
      expect(telechargement.suggestedFilename()).toBe('offre.rapport.csv');
      const csv = await readFile((await telechargement.path())!, 'utf8');
      expect(csv.startsWith('\uFEFFLigne;')).toBe(true);
      expect(csv).toContain(
        `4;F-BTS-MCO;${nouveau};modifiée;intitule;;Champ modifié.;${ANCIEN};${nouveau}\r\n`,
      );
      expect(erreurs).toEqual([]);
      await ctx.close();
    },
    180_000,
  );
});
