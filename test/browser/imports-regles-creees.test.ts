import { beforeAll, describe, expect, it } from 'vitest';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { diffusee } from '../helpers/revision.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { envoyerPourApercu } from './helpers/imports.ts';
import { compteOrganisme } from './helpers/session.ts';

// The LHEO preview's blocking rules of the formations it would create, in Chromium without
// JavaScript: the new formation whose formateur's SIRET fails the Luhn check is marked « Ne serait
// pas diffusable » with ORG_SIRET_FORMAT and its message, in a table of the formations created; the
// rules counted by code over the whole file have their own table; axe on the page.

const CFA = { email: 'creees@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const SIRET_FAUX = '13002526500012';
let xml = '';

describe.skipIf(!hasChromium)(
  `the LHEO preview’s rules of created formations in a browser${SKIP_CHROMIUM}`,
  () => {
    const nav = fichierNavigateur();
    beforeAll(async () => {
      const organisme = organismeDe(SIREN_A);
      await diffusee(nav.app.ctx, formationFixture({ cle_externe: 'PUB-MODELE' }));
      const exp = await openLheoExport(nav.app.ctx.db, organisme, { siret: SIRET_A }, new Date());
      for await (const c of exp.chunks) xml += c;
      // The published formation stays as it is; a new one, copied from it, has the wrong SIRET.
      const bloc = /<formation numero="PUB-MODELE"[\s\S]*?<\/formation>/.exec(xml)![0];
      const nouvelle = bloc
        .replace('numero="PUB-MODELE"', 'numero="NEW-LUHN"')
        .replace(/(<SIRET-formateur>\s*<SIRET>)\d+</, `$1${SIRET_FAUX}<`);
      xml = xml.replace(bloc, `${bloc}\n${nouvelle}`);
      await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
    });

    it('marks the new formation that would not be diffusable and names the rule, without JavaScript, accessibly', async () => {
      const { ctx, page, erreurs } = await nav.page({ js: false, session: CFA.email });
      await envoyerPourApercu(page, nav.app, /Fichier LHEO/, {
        name: 'laval.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(xml),
      });
      expect(await page.locator('.fr-alert').first().textContent()).toContain(
        '1 formation créée ne serait pas diffusable (Non réglementaire)',
      );
      const creees = page.getByRole('table', { name: /formations créées/ });
      const ligne = creees.getByRole('row').filter({ hasText: 'NEW-LUHN' });
      expect(await ligne.textContent()).toMatch(
        /Ne serait pas diffusable.*Règle bloquante introduite :.*ORG_SIRET_FORMAT.*SIRET 130 025 265 00012\)? a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse/,
      );
      const parCode = page.getByRole('table', { name: /par code/ });
      expect(await parCode.getByRole('row').filter({ hasText: 'ORG_SIRET_FORMAT' }).textContent()).toMatch(
        /ORG_SIRET_FORMAT\s*1\s*0/,
      );
      await expectAccessible(page, nav.browser);
      expect(erreurs).toEqual([]);
      await ctx.close();
    }, 180_000);
  },
);
