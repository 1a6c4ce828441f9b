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

// The LHEO preview's blocking rules in Chromium: a published offer whose SIRETs fail the Luhn
// check is marked « Deviendrait non diffusable », with ORG_SIRET_FORMAT and its message; axe on
// the page (a third column in the table of formations modified).

const CFA = { email: 'regles@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const SIRET_FAUX = '13002526500012';
let xml = '';

describe.skipIf(!hasChromium)(`the LHEO preview’s blocking rules in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const organisme = organismeDe(SIREN_A);
    await diffusee(nav.app.ctx, formationFixture({ cle_externe: 'PUB-LUHN' }));
    const exp = await openLheoExport(nav.app.ctx.db, organisme, { siret: SIRET_A }, new Date());
    for await (const c of exp.chunks) xml += c;
    xml = xml.replaceAll(`<SIRET>${SIRET_A}<`, `<SIRET>${SIRET_FAUX}<`);
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });
  });

  it('marks the formation that would leave the diffusion and names the rule, accessibly', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: true, session: CFA.email });
    await envoyerPourApercu(page, nav.app, /Fichier LHEO/, {
      name: 'laval.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(xml),
    });
    await expect
      .poll(() => page.locator('.fr-alert').first().textContent())
      .toContain('1 formation mise à jour deviendrait non diffusable (Non réglementaire)');
    const modifiees = page.getByRole('table', { name: /formations modifiées/ });
    const ligne = modifiees.getByRole('row').filter({ hasText: 'PUB-LUHN' });
    expect(await ligne.textContent()).toMatch(
      /Deviendrait non diffusable.*Règles bloquantes introduites :.*ORG_SIRET_FORMAT.*SIRET 130 025 265 00012\)? a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse/,
    );
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);
});
