import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { chooseFromListe, cliquer, cocher, parId } from './helpers/formulaire.ts';
import { seConnecter, seDeconnecter } from './helpers/session.ts';

// The acceptance journey of issue 8, once with JavaScript on (the autocompletes) and once off
// (plain search + choice): a structure signs up → its région's gestionnaire approves it on the
// page → the e-mail arrives at the in-process SMTP server → sign in → a formation through the
// form with the certification picker → a session, duplicated, the copy re-dated → "Publier" with
// a missing field → the error summary links to it → fix → read back → confirm → the offer waits
// for validation in its tab. axe on every page visited (each template and state once).

let smtp: TestSmtp;
const GESTION = { email: 'gestion@carif-ara.test', motDePasse: 'le mot de passe du gestionnaire' };
const MOT_DE_PASSE = 'une phrase de passe assez longue';

const VARIANTES = [
  [true, '130025265', '13002526500013', 'claire@volcans.test'],
  [false, '552100554', '55210055400005', 'paul@sans-js.test'],
] as const;

/**
 * Registers the journey for one variant (JavaScript on or off). Each variant has its own test
 * file (parcours-js / parcours-sans-js), so that the two long walks run on two workers at once.
 */
export function parcours(avecJs: boolean): void {
  describe.skipIf(!hasChromium)(
    `the journey of an organisation, from sign-up to publication${SKIP_CHROMIUM}`,
    () => {
      const nav = fichierNavigateur(async () => {
        smtp = await startSmtp();
        // Both variants sign up from 127.0.0.1: 4 requests, near the default per-IP limit of 5 (the
        // limit itself is proven in test/auth/frontieres.test.ts).
        return { smtpUrl: smtp.url, comptes: { ...readConfig({}).comptes, inscriptionParIp: 50 } };
      });
      beforeAll(async () => {
        const app = nav.app;
        await loadReferentiels(app.ctx);
        const g = await createUtilisateur(app.ctx, {
          ...GESTION,
          role: 'gestionnaire',
          region: '84',
          nom: 'Gaëlle Gestion',
        });
        await app.ctx.db
          .updateTable('utilisateur')
          .set({ password_hash: await hashPassword(GESTION.motDePasse), doit_changer_mot_de_passe: false })
          .where('id', '=', g.id)
          .execute();
      });
      afterAll(async () => {
        await smtp?.close();
      });

      for (const [js, siren, siret, email] of VARIANTES.filter(([j]) => j === avecJs)) {
        it(`signs up, is approved, enters and publishes a formation — JavaScript ${js ? 'on' : 'off'}`, async () => {
          const { app, browser } = nav;
          const base = app.base;
          const vu = (p: Page) => expectAccessible(p, browser);
          const { ctx, page, erreurs } = await nav.page({ js });

          // Sign-up, with one error first (the summary links to the field).
          await page.goto(`${base}/connexion`);
          await vu(page);
          await page.getByRole('link', { name: 'Créer un compte pour ma structure' }).click();
          await page.getByLabel(/^SIREN/).fill(siren);
          await page.getByLabel('Raison sociale').fill(`CFA ${siren}`);
          await page.getByLabel('Région').selectOption('84');
          await page.getByLabel('Établissements (SIRET)').fill(siret);
          await page.getByLabel('Nom et prénom').fill('Claire Volcan');
          await page.getByLabel('Adresse électronique professionnelle').fill(email);
          await page.getByLabel('Nouveau mot de passe').fill(MOT_DE_PASSE);
          await page.getByLabel('Confirmez le mot de passe').fill('une autre phrase');
          await cliquer(page, 'Demander la création du compte');
          expect(await page.locator('#resume-erreurs').count()).toBe(1);
          await vu(page);
          await page.locator('#resume-erreurs a').first().click();
          expect(page.url()).toMatch(/#confirmation$/);
          await page.getByLabel('Nouveau mot de passe').fill(MOT_DE_PASSE);
          await page.getByLabel('Confirmez le mot de passe').fill(MOT_DE_PASSE);
          await cliquer(page, 'Demander la création du compte');
          expect(await page.locator('h1').textContent()).toBe('Demande enregistrée');
          await vu(page);

          // Pending: signed in, it sees nothing yet.
          await seConnecter(page, base, email, MOT_DE_PASSE);
          expect(await page.getByText('Compte en attente de validation').count()).toBe(1);
          await vu(page);
          await seDeconnecter(page);

          // The gestionnaire of the région approves it on the page.
          const gCtx = await nouveauContexte(browser, { js });
          const g = await gCtx.newPage();
          await seConnecter(g, base, GESTION.email, GESTION.motDePasse);
          expect(new URL(g.url()).pathname).toBe('/gestion');
          await vu(g);
          await g.getByRole('link', { name: 'Inscriptions à examiner' }).first().click();
          await vu(g);
          await cliquer(g, `Valider CFA ${siren}`);
          expect(await g.getByText('Inscription validée').count()).toBe(1);
          await vu(g);
          await gCtx.close();

          // The e-mail arrives; the user signs in to the space and finds the notification.
          expect((await smtp.attendre(email, /compte Offre est ouvert/)).text).toContain('/connexion');
          await seConnecter(page, base, email, MOT_DE_PASSE);
          expect(new URL(page.url()).pathname).toBe('/espace');
          expect(await page.locator('h1').textContent()).toBe('Mon espace');
          await vu(page);
          await page.getByRole('link', { name: /Notifications \(1 non lue\)/ }).click();
          expect(await page.getByText('Compte validé').count()).toBe(1);
          await vu(page);

          // The formation form; the objectif is left out for now (a draft may be incomplete).
          await page.goto(`${base}/espace`);
          await page.getByRole('link', { name: 'Créer une formation' }).click();
          const intitule = page.getByRole('textbox', { name: /^Intitulé/ });
          await intitule.fill('Titre d’ingénieur manager par apprentissage');
          if (js) {
            await expect
              .poll(() => parId(page, 'intitule-compteur').textContent())
              .toBe('43 caractères sur 300');
            await vu(page);
            // The autocomplete: words typed, the certification chosen in the list (level, validity…).
            const picker = page.getByRole('combobox', { name: /Chercher une certification/ });
            await chooseFromListe(
              page,
              picker,
              'ingénieur manager',
              /RNCP34825 – Titre d'ingénieur & manager/,
            );
            expect(await page.getByRole('button', { name: 'Chercher la certification' }).count()).toBe(0);
            expect(await parId(page, 'certification-actuelle').textContent()).toContain('RNCP34825');
          } else {
            await vu(page);
            await page.getByLabel('Chercher une certification').fill('ingénieur manager');
            await cliquer(page, 'Chercher la certification');
            await vu(page);
            expect(await intitule.inputValue()).toBe('Titre d’ingénieur manager par apprentissage');
            await cocher(page, page.getByLabel(/RNCP34825 – Titre d'ingénieur & manager/));
          }
          // The structure's own establishment, declared at sign-up, is offered.
          await page.getByRole('combobox', { name: /^Organisme responsable/ }).selectOption(siret);
          await page.getByRole('combobox', { name: /^Organisme formateur/ }).selectOption(siret);
          for (const [champ, v] of [
            ['modalites.formation_continue', 'non'],
            ['modalites.contrat_professionnalisation', 'oui'],
            ['modalites.contrat_apprentissage', 'oui'],
          ])
            await cocher(page, parId(page, `${champ}-${v}`));
          await cocher(page, page.getByLabel('1re année'));
          await cocher(page, page.getByLabel('2e année'));
          await page.getByLabel('Durée du cursus (en années)').fill('2');
          // The role is never chosen in advance: the référent handicap picked.
          await page.getByLabel(/^Contact 1 : rôle/).selectOption('referent_handicap');
          await page.getByLabel('Contact 1 : nom').fill('Camille Martin');
          await page.getByLabel('Contact 1 : courriel').fill('handicap@cfa.example');
          await cliquer(page, 'Enregistrer le brouillon');
          expect(await page.getByText('Formation créée').count()).toBe(1);
          expect(await page.getByText('Certification retenue : RNCP34825').count()).toBe(1);
          const formation = new URL(page.url()).pathname;
          await vu(page);

          // A session in Paris 1er (75001 alone is two communes), with a cedex.
          await page.getByRole('link', { name: 'Ajouter une session' }).click();
          await page.getByLabel('Date de début').fill('2027-09-06');
          await page.getByLabel('Date de fin').fill('2029-06-30');
          await page.getByLabel('Cedex').fill('CEDEX 01');
          await page.getByLabel('Capacité').fill('24');
          await page.getByLabel('Entrées et sorties').selectOption({ label: 'À dates fixes' });
          if (js) {
            const commune = page.getByRole('combobox', { name: 'Commune' });
            await chooseFromListe(page, commune, '75001', /Paris 1er Arrondissement \(75001\)/);
            expect(await page.getByLabel('Code postal').inputValue()).toBe('75001');
            expect(await parId(page, 'lieu-trouve').textContent()).toMatch(
              /code INSEE 75101, coordonnées 48,8626 ; 2,3365/,
            );
            await vu(page);
            await cliquer(page, 'Enregistrer la session');
          } else {
            await vu(page);
            await page.getByLabel('Code postal').fill('75001');
            await cliquer(page, 'Enregistrer la session');
            expect(
              await page.getByText('2 communes correspondent au code postal 75001').count(),
            ).toBeGreaterThan(0);
            await vu(page);
            await page.getByLabel('Commune du lieu').selectOption('75101-75001');
            await cliquer(page, 'Enregistrer la session');
          }
          expect(new URL(page.url()).pathname).toBe(formation);
          expect(await page.getByText('75001 PARIS CEDEX 01 (INSEE 75101)').count()).toBe(1);

          // Duplicate it: the new-session form filled in with its values; re-date the copy.
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('link', { name: 'Dupliquer la session 1' }).click(),
          ]);
          expect(await page.getByText(/^Copie de la session du /).count()).toBe(1);
          await page.getByLabel('Date de début').fill('2028-09-04');
          await page.getByLabel('Date de fin').fill('2030-06-28');
          await cliquer(page, 'Enregistrer la session');
          expect(await page.getByRole('heading', { name: /Session 2 : 4 septembre 2028/ }).count()).toBe(1);

          // Session 1 saved again as it is: its entries and exits kept, nothing written, a notice says so.
          await page.getByRole('link', { name: 'Modifier la session 1' }).click();
          expect(await page.getByLabel('Entrées et sorties').inputValue()).toBe('dates_fixes');
          await cliquer(page, 'Enregistrer la session');
          expect(await page.getByText('Aucune modification : la session est inchangée.').count()).toBe(1);
          await vu(page);
          await page.goto(`${base}${formation}`);

          // "Publier" with the objectif missing: the summary links to the field.
          await cliquer(page, /^Publier$/);
          expect(await page.locator('#resume-erreurs').count()).toBe(1);
          await vu(page);
          await page.locator('#resume-erreurs a', { hasText: 'l’objectif' }).click();
          expect(page.url()).toMatch(/#objectif$/);
          await page.getByLabel('Objectif').fill('Former des ingénieurs managers.');
          await cliquer(page, 'Enregistrer le brouillon');
          expect(await page.getByText('Brouillon enregistré').count()).toBe(1);

          // Read back, then confirm.
          await cliquer(page, /^Publier$/);
          expect(await page.locator('h1').textContent()).toBe('Relire avant publication');
          expect(await page.getByText('Former des ingénieurs managers.').count()).toBe(1);
          await vu(page);
          await cliquer(page, 'Confirmer la publication');
          expect(await page.getByText(/a été soumise à la validation d’un gestionnaire/).count()).toBe(1);
          expect(await page.getByText('Demande de publication').count()).toBe(1); // the history

          // In its tab, counted.
          await page.goto(`${base}/espace`);
          await page.getByRole('link', { name: 'En attente de validation (1)' }).click();
          expect(
            await page.getByRole('link', { name: 'Titre d’ingénieur manager par apprentissage' }).count(),
          ).toBe(1);
          await vu(page);
          expect(erreurs).toEqual([]); // no script error, no CSP violation
          await ctx.close();
        }, 420_000);
      }
    },
  );
}
