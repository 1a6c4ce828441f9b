import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { OFFRE } from '../classeur/classeur.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { NOM_PASTEUR, SIREN_PASTEUR, sirenePasteur } from '../helpers/sirene.ts';
import { classeurTitre } from '../web/imports.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { envoyerClasseurGestion, envoyerPourApercu } from './helpers/imports.ts';
import { compteGestion, compteOrganisme } from './helpers/session.ts';

// Pages changed lately, in Chromium with JavaScript on and off, axe on each: the gestionnaire's
// sign-up queue names the sign-up as Sirene does (the typed name beside it) and Sirene's
// establishment by its commune's name; an administrator on /gestion/imports previews a workbook;
// the LHEO preview reads a changed réunion d’information as people read it, never as JSON.

const SIREN = SIREN_PASTEUR;
const OFFICIEL = NOM_PASTEUR;
const GESTION = 'g.idf@carif.test';
const ADMIN = 'admin@offre.test';
const CFA = { email: 'reunion@cfa-lumiere.test', motDePasse: 'le mot de passe du CFA' };
const REUNION = { date: '2026-05-08', lieu: '18 avenue Foch, Laval' };
const lue = (libelle: string) => `date : 8 mai 2026 ; lieu : 18 avenue Foch, Laval ; libellé : ${libelle}`;
let idClasseur = '';
let xml = '';

describe.skipIf(!hasChromium)(`pages changed lately, in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  /** Signs up SIREN 934455825 through /inscription, typing the raison sociale « X ». */
  async function inscrire(page: Page): Promise<void> {
    await page.goto(`${nav.app.base}/inscription`);
    await page.getByLabel(/^SIREN/).fill(SIREN);
    await page.getByLabel('Raison sociale').fill('X');
    await page.getByLabel('Région').selectOption('11');
    await page.getByLabel('Nom et prénom').fill('Paul Pasteur');
    await page.getByLabel('Adresse électronique professionnelle').fill('paul@lycee-pasteur.test');
    await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe assez longue');
    await page.getByLabel('Confirmez le mot de passe').fill('une phrase de passe assez longue');
    await page.getByRole('button', { name: 'Demander la création du compte' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Demande enregistrée');
    expect(await page.locator('main').textContent()).toContain(
      `La demande de compte de ${OFFICIEL} (déclaré : X) est transmise aux`,
    );
  }
  beforeAll(async () => {
    const db = nav.app.ctx.db;
    await sirenePasteur(db);
    await compteGestion(nav.app, { email: GESTION, role: 'gestionnaire', region: '11', nom: 'Inès Martin' });
    await compteGestion(nav.app, { email: ADMIN, role: 'admin', nom: 'Alix Admin' });
    await compteOrganisme(nav.app, { ...CFA, siren: SIREN_A, nom: 'Camille CFA' });

    // A formation of the campaign's workbook, for the administrator.
    idClasseur = (await saveFormationTx(db, SYSTEME('test'), OFFRE[0]!, { now: new Date() })).id;

    // An offer with a réunion d’information, exported, its libellé changed in the file.
    const organisme = organismeDe(SIREN_A);
    const f = formationFixture({ cle_externe: 'PUB-REUNION' });
    await saveFormation(nav.app.ctx, organisme, {
      ...f,
      sessions: [
        {
          ...f.sessions[0]!,
          reunions_information: [{ ...REUNION, libelle: 'Réunion d’information collective' }],
        },
      ],
    });
    const exp = await openLheoExport(db, organisme, { siret: SIRET_A }, new Date());
    for await (const c of exp.chunks) xml += c;
    expect(xml).toContain('information collective');
    xml = xml.replaceAll('information collective', 'information individuelle');

    const ctx = await nouveauContexte(nav.browser, { js: false });
    await inscrire(await ctx.newPage());
    await ctx.close();
  });

  it.each(['on', 'off'])('the sign-up queue names the sign-up as Sirene does — JavaScript %s', async (js) => {
    const { ctx, page, erreurs } = await nav.page({ js: js === 'on', session: GESTION });
    await page.goto(`${nav.app.base}/gestion/inscriptions`);
    const texte = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(texte).toContain(`${OFFICIEL} (déclaré : X) – SIREN ${SIREN}`);
    expect(texte).toContain(`934 455 825 00075 ${OFFICIEL} (actif, commune Drancy (93029))`);
    expect(await page.getByRole('button', { name: new RegExp(`^Valider ${OFFICIEL}`) }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Valider X\b/ }).count()).toBe(0);
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  });

  it.each(['on', 'off'])(
    'an administrator previews a workbook on /gestion/imports — JavaScript %s',
    async (js) => {
      const { ctx, page, erreurs } = await nav.page({ js: js === 'on', session: ADMIN });
      await page.goto(`${nav.app.base}/gestion/imports`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Imports de classeurs');
      expect(
        await page.getByText('Administrateur, vous importez les lignes de toutes les régions.').count(),
      ).toBe(1);
      await expectAccessible(page, nav.browser);

      const { buffer, ligne: r } = await classeurTitre(
        nav.app.ctx,
        idClasseur,
        `CAP Cuisine (par l’administrateur, JavaScript ${js})`,
      );
      await envoyerClasseurGestion(page, nav.app, { name: `par-admin-${js}.xlsx`, buffer });
      const ligne = page
        .getByRole('table', { name: /Résultat de chaque ligne/ })
        .getByRole('row')
        .filter({ hasText: `Offre, ligne ${r}` });
      expect(await ligne.textContent()).toMatch(/Modifiée.*Intitulé/);
      await expectAccessible(page, nav.browser);
      expect(erreurs).toEqual([]);
      await ctx.close();
    },
  );

  it.each(['on', 'off'])(
    'the LHEO preview reads a changed réunion d’information — JavaScript %s',
    async (js) => {
      const { ctx, page, erreurs } = await nav.page({ js: js === 'on', session: CFA.email });
      await envoyerPourApercu(page, nav.app, /Fichier LHEO/, {
        name: `reunion-${js}.xml`,
        mimeType: 'application/xml',
        buffer: Buffer.from(xml),
      });
      const modifiees = page.getByRole('table', { name: /formations modifiées/ });
      expect(await modifiees.getByRole('columnheader').allTextContents()).toContain(
        'Champs modifiés (avant → après)',
      );
      const ligne = (
        (await modifiees.getByRole('row').filter({ hasText: 'PUB-REUNION' }).textContent()) ?? ''
      ).replace(/\s+/g, ' ');
      expect(ligne).toContain(lue('Réunion d’information collective'));
      expect(ligne).toContain(lue('Réunion d’information individuelle'));
      expect(ligne).not.toContain('{"');
      await expectAccessible(page, nav.browser);
      expect(erreurs).toEqual([]);
      await ctx.close();
    },
  );
});
