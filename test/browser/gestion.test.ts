import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { lastReturnComment } from '../../src/services/gestion/validation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { avecSessionFinAvantDebut } from '../helpers/formations.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// The gestionnaire's walk, JavaScript off (nothing on these pages needs it): the queue, one offer
// validated from its review page, another returned with a comment (refused first without one),
// the e-mail at the SMTP server; the structures and data-quality pages. axe on every page.

let smtp: TestSmtp;
const GESTION = { email: 'gestion@carif-ara.test', motDePasse: 'le mot de passe du gestionnaire' };
const MOT_DE_PASSE_ORGANISME = 'le mot de passe du CFA des volcans';
const ORGANISME: Acteur = {
  kind: 'utilisateur',
  id: 'o',
  email: 'cfa@volcans.test',
  nom: 'CFA',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

describe.skipIf(!hasChromium)(`the gestionnaire's workspace in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur(async () => {
    smtp = await startSmtp();
    return { smtpUrl: smtp.url };
  });
  let aValider: string;
  let aRetourner: string;
  beforeAll(async () => {
    const g = await createUtilisateur(nav.app.ctx, {
      ...GESTION,
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle',
    });
    const o = await createUtilisateur(nav.app.ctx, {
      email: ORGANISME.email,
      role: 'organisme',
      siren: SIREN_A,
    });
    for (const [id, motDePasse] of [
      [g.id, GESTION.motDePasse],
      [o.id, MOT_DE_PASSE_ORGANISME],
    ] as const)
      await nav.app.ctx.db
        .updateTable('utilisateur')
        .set({ password_hash: await hashPassword(motDePasse), doit_changer_mot_de_passe: false })
        .where('id', '=', id)
        .execute();
    const offre = async (cle: string, intitule: string) => {
      const { id } = await saveFormation(
        nav.app.ctx,
        ORGANISME,
        formationFixture({ cle_externe: cle, intitule }),
      );
      await transition(nav.app.ctx, ORGANISME, id, 'publier');
      return id;
    };
    aValider = await offre('B-1', 'BTS Validé au navigateur');
    aRetourner = await offre('B-2', 'BTS Retourné au navigateur');
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('validates one offer and returns another with a comment — JavaScript off', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('File de validation');
    await expectAccessible(page, nav.browser);

    await page.getByRole('link', { name: 'BTS Validé au navigateur' }).click();
    await page.waitForURL(`**/gestion/formations/${aValider}`);
    expect(await page.getByText('Première publication').count()).toBe(1);
    await expectAccessible(page, nav.browser);
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.waitForURL(/info=validee/);
    expect(await page.getByText('Offre validée').count()).toBeGreaterThan(0);
    await smtp.attendre(ORGANISME.email, /Offre validée : BTS Validé au navigateur/);

    await page.goto(`${nav.app.base}/gestion/formations/${aRetourner}`);
    await page.getByRole('button', { name: 'Retourner à l’organisme' }).click();
    await page.waitForURL(`**/gestion/formations/${aRetourner}/retourner`);
    expect(await page.locator('.fr-error-text, #commentaire-messages').first().textContent()).toMatch(
      /ce qu’il doit corriger/,
    );
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/Commentaire pour l’organisme/).fill('Ajoutez le contact du référent handicap.');
    await page.getByRole('button', { name: 'Retourner à l’organisme' }).click();
    await page.waitForURL(/info=retournee/);
    const mail = await smtp.attendre(ORGANISME.email, /Offre à corriger : BTS Retourné au navigateur/);
    expect(mail.text).toContain('Ajoutez le contact du référent handicap.');
    expect((await lastReturnComment(nav.app.ctx.db, aRetourner))?.commentaire).toBe(
      'Ajoutez le contact du référent handicap.',
    );

    for (const chemin of ['/gestion/structures', '/gestion/qualite']) {
      await page.goto(`${nav.app.base}${chemin}`);
      await expectAccessible(page, nav.browser);
    }
    expect(await page.locator('svg[role="img"]').count()).toBe(1);
    await ctx.close();

    // The organisation sees the returned offer and the comment in its « À corriger » tab.
    const { ctx: ctxOrganisme, page: espace } = await nav.page({ js: false, session: ORGANISME.email });
    await espace.goto(`${nav.app.base}/espace?statut=a_corriger`);
    expect(await espace.getByRole('link', { name: 'BTS Retourné au navigateur' }).count()).toBe(1);
    expect(await espace.getByRole('link', { name: 'BTS Validé au navigateur' }).count()).toBe(0);
    expect(await espace.locator('main').textContent()).toContain('Ajoutez le contact du référent handicap.');
    await expectAccessible(espace, nav.browser);
    await ctxOrganisme.close();
  });
  it('reviews a pending revision with the rules evaluated on it, beside the diffused version', async () => {
    const gestionnaire: Acteur = {
      ...ORGANISME,
      id: 'g',
      email: GESTION.email,
      role: 'gestionnaire',
      siren: null,
      regions: ['84'],
    };
    const input = formationFixture({ cle_externe: 'B-3', intitule: 'BTS Révisé au navigateur' });
    const { id } = await saveFormation(nav.app.ctx, ORGANISME, input);
    await transition(nav.app.ctx, ORGANISME, id, 'publier');
    await transition(nav.app.ctx, gestionnaire, id, 'valider');
    // The organisme's revision drops the référent handicap (a contact stays: it is mandatory).
    await saveFormation(
      nav.app.ctx,
      ORGANISME,
      { ...input, contacts: [{ type: 'accueil', nom: 'Accueil', telephone: '01 23 45 67 89' }] },
      { id },
    );

    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/formations/${id}`);
    expect(await page.locator('#ecarts').textContent()).toContain(
      'Cette révision introduit ORG_REFERENT_HANDICAP',
    );
    const ligne = page.locator('#controles ~ .fr-table tr', {
      has: page.getByRole('rowheader', { name: 'ORG_REFERENT_HANDICAP' }),
    });
    expect(await ligne.locator('td').nth(0).textContent()).toBe('Échec (plateforme)');
    expect(await ligne.locator('td').nth(1).textContent()).toBe('Conforme');
    // Up front: the offer cannot be changed directly while the revision is open, and why.
    const alerte = page.locator('#revision-ouverte');
    expect(await alerte.getByRole('heading').textContent()).toContain(
      'l’offre ne peut pas être modifiée directement',
    );
    expect(await alerte.textContent()).toContain(`Proposée par ${ORGANISME.email}`);
    expect(await alerte.textContent()).toContain('REVISION_EN_ATTENTE');
    await alerte.getByRole('link', { name: 'Décidez d’abord la révision' }).click();
    expect(page.url()).toMatch(/#decision$/);
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });
  it('asks a confirmation before validating a revision that takes the offer out of diffusion — JavaScript off', async () => {
    const gestionnaire: Acteur = {
      ...ORGANISME,
      id: 'g',
      email: GESTION.email,
      role: 'gestionnaire',
      siren: null,
      regions: ['84'],
    };
    const input = formationFixture({ cle_externe: 'B-4', intitule: 'BTS Retiré au navigateur' });
    const { id } = await saveFormation(nav.app.ctx, ORGANISME, input);
    await transition(nav.app.ctx, ORGANISME, id, 'publier');
    await transition(nav.app.ctx, gestionnaire, id, 'valider');
    // The revision adds a session that ends before it starts: a blocking rule (SESSION_DATES).
    await saveFormation(nav.app.ctx, ORGANISME, avecSessionFinAvantDebut(input), { id });

    // The organisme sees its revision's results, labelled, on its page.
    const { ctx: ctxOrganisme, page: espace } = await nav.page({ js: false, session: ORGANISME.email });
    await espace.goto(`${nav.app.base}/espace/formations/${id}`);
    expect(await espace.locator('#conformite-revision').textContent()).toBe(
      'Votre révision en attente de validation',
    );
    await expectAccessible(espace, nav.browser);
    await ctxOrganisme.close();

    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/formations/${id}`);
    expect(await page.locator('#retrait').textContent()).toContain('SESSION_DATES');
    await page.getByRole('button', { name: 'Valider malgré tout' }).click();
    await page.waitForURL(`**/gestion/formations/${id}/valider`);
    expect(await page.locator('#retrait .fr-message--error').textContent()).toContain(
      'retirerait l’offre de la diffusion',
    );
    await expectAccessible(page, nav.browser);
    await page.locator('label[for="confirmer_retrait"]').click();
    await page.getByRole('button', { name: 'Valider malgré tout' }).click();
    await page.waitForURL(/info=validee/);
    await ctx.close();

    // Out of diffusion: the organisme's page says so at the top, with why (tester's report, 03/12).
    const { ctx: ctxApres, page: apres } = await nav.page({ js: false, session: ORGANISME.email });
    await apres.goto(`${nav.app.base}/espace/formations/${id}`);
    expect(await apres.locator('h1 + p .fr-badge').textContent()).toBe('Publiée — hors diffusion');
    expect(await apres.locator('#hors-diffusion .fr-alert__title').textContent()).toBe(
      'Publiée — hors diffusion : 1 règle bloquante en échec',
    );
    await expectAccessible(apres, nav.browser);
    await apres.goto(`${nav.app.base}/espace?statut=publiee`);
    expect(
      await apres.locator('tr', { hasText: 'BTS Retiré au navigateur' }).locator('.fr-badge').textContent(),
    ).toBe('Publiée — hors diffusion');
    await expectAccessible(apres, nav.browser);
    await ctxApres.close();

    // The gestionnaire's review page says the same, from the same source (not « Statut : Publiée »).
    const { ctx: ctxRevue, page: revue } = await nav.page({ js: false, session: GESTION.email });
    await revue.goto(`${nav.app.base}/gestion/formations/${id}`);
    expect(await revue.locator('li', { hasText: /^Statut :/ }).textContent()).toBe(
      'Statut : Publiée — hors diffusion',
    );
    expect(await revue.locator('#hors-diffusion .fr-alert__title').textContent()).toBe(
      'Publiée — hors diffusion : 1 règle bloquante en échec',
    );
    expect(await revue.locator('#hors-diffusion').textContent()).toContain('SESSION_DATES');
    await expectAccessible(revue, nav.browser);
    await ctxRevue.close();
  });

  it('a gestionnaire of another région is told where the offer belongs (403), not « n’existe pas » — JavaScript off', async () => {
    const hdf = await createUtilisateur(nav.app.ctx, {
      email: 'gestion@carif-hdf.test',
      role: 'gestionnaire',
      region: '32',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', hdf.id)
      .execute();
    const { id } = await saveFormation(
      nav.app.ctx,
      ORGANISME,
      formationFixture({ cle_externe: 'B-HORS', intitule: 'BTS Ailleurs au navigateur' }),
    );
    await transition(nav.app.ctx, ORGANISME, id, 'publier');
    const { ctx, page } = await nav.page({ js: false, session: 'gestion@carif-hdf.test' });
    const r = await page.goto(`${nav.app.base}/gestion/formations/${id}`);
    expect(r?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès refusé');
    expect(await page.locator('main').textContent()).toContain(
      'Cette formation relève de la région Auvergne-Rhône-Alpes : elle est hors de votre périmètre (Hauts-de-France).',
    );
    expect(await page.locator('main').textContent()).not.toContain('BTS Ailleurs au navigateur');
    await expectAccessible(page, nav.browser);
    await page.getByRole('link', { name: 'Retour à la file de validation' }).click();
    await page.waitForURL(`${nav.app.base}/gestion`);
    await ctx.close();
  });
});
