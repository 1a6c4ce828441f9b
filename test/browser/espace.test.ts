import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture } from '../helpers/formations.ts';
import { publieeEtRevisee } from '../helpers/revision.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { cliquer, parId } from './helpers/formulaire.ts';

// The formation form walked with the keyboard alone (Tab, typing, arrows, Enter: no click),
// JavaScript on so that the certification autocomplete is walked too; the page of an archived
// formation (read-only, its notice, a forged post refused with a way back). The whole space
// journey, JavaScript on and off, is test/browser/parcours.ts.

const CFA = { email: 'claire@cfa-volcans.test', motDePasse: 'une phrase de passe assez longue' };

describe.skipIf(!hasChromium)(`the organisation’s space in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await loadReferentiels(nav.app.ctx);
    const u = await createUtilisateur(nav.app.ctx, {
      email: CFA.email,
      role: 'organisme',
      siren: SIRET_A.slice(0, 9),
      nom: 'Claire Volcan',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(CFA.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('fills and saves the form with the keyboard alone, the certification by its autocomplete — JavaScript on', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: true, session: CFA.email });
    await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
    const focus = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabJusqua = async (cible: string) => {
      for (let i = 0; i < 80 && (await focus()) !== cible; i++) await page.keyboard.press('Tab');
      expect(await focus()).toBe(cible);
    };
    await tabJusqua('intitule');
    await page.keyboard.type('Formation saisie au clavier');
    await expect.poll(() => parId(page, 'intitule-compteur').textContent()).toBe('27 caractères sur 300');
    await page.keyboard.press('Tab');
    expect(await focus()).toBe('objectif');
    await page.keyboard.type('Un objectif.');
    // The certification: a code typed, the proposal reached with the arrow key, chosen with Enter.
    await tabJusqua('certification.recherche');
    await page.keyboard.type('RNCP34825');
    await page.getByRole('option', { name: /RNCP34825/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await parId(page, 'certification-actuelle').textContent()).toContain('RNCP34825');
    await tabJusqua('modalites.formation_continue-oui');
    await page.keyboard.press('Space');
    // Enter in a one-line field sends the form: it saves the draft.
    await page.keyboard.down('Shift');
    await tabJusqua('intitule');
    await page.keyboard.up('Shift');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.getByText('Formation créée').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: /^Intitulé/ }).inputValue()).toBe(
      'Formation saisie au clavier',
    );
    expect(await page.getByText('Certification retenue : RNCP34825').count()).toBe(1);
    expect(await parId(page, 'modalites.formation_continue-oui').isChecked()).toBe(true);
    // The yes/no groups « Publier » requires say so in their accessible name (report of 05/12).
    for (const m of ['formation continue', 'contrat de professionnalisation', 'contrat d’apprentissage'])
      expect(
        await page
          .getByRole('group', { name: new RegExp(`^Ouverte en ${m} \\(obligatoire pour publier\\)`) })
          .count(),
      ).toBe(1);
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 120_000);

  // A fresh user's report (h-recherche3): « cuisne » gave « Aucun résultat » in the picker while
  // the public search corrects it. The correction said with JavaScript, and without.
  it('corrects a typo in the certification picker and says so — JavaScript on, then off', async () => {
    for (const js of [true, false]) {
      const { ctx, page } = await nav.page({ js, session: CFA.email });
      await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
      const champ = page.locator('[id="certification.recherche"]');
      await champ.fill('');
      if (js) {
        await champ.pressSequentially('ingénieur managr');
        await page.getByRole('option', { name: /RNCP34825/ }).waitFor();
      } else {
        await champ.fill('ingénieur managr');
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('button', { name: 'Chercher la certification' }).click(),
        ]);
        expect(await page.getByRole('radio', { name: /RNCP34825/ }).count()).toBe(1);
      }
      await expect
        .poll(() => parId(page, 'certification-correction').textContent())
        .toMatch(
          /^Aucune certification pour « ingénieur managr »\. (Propositions|Résultats) pour « ?ingenieur manager ?»\.$/,
        );
      await expectAccessible(page, nav.browser);
      await ctx.close();
    }
  }, 120_000);

  it('shows an archived formation read-only with its notice; a forged post is refused with a way back — JavaScript off, then on', async () => {
    const orga = organismeDe(SIRET_A.slice(0, 9));
    const { id } = await saveFormation(
      nav.app.ctx,
      orga,
      formationFixture({ cle_externe: 'ARCH-NAV', intitule: 'BTS archivé dans le navigateur' }),
    );
    await transition(nav.app.ctx, orga, id, 'publier');
    await transition(nav.app.ctx, gestionnaireDe('84'), id, 'valider');
    await transition(nav.app.ctx, orga, id, 'archiver');
    const url = `${nav.app.base}/espace/formations/${id}`;

    const { ctx: sansJs, page } = await nav.page({ js: false, session: CFA.email });
    await page.goto(url);
    expect(await page.getByRole('heading', { name: 'Cette formation est archivée' }).count()).toBe(1);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Retirer|Dupliquer|Enregistrer/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publier' }).count()).toBe(1);
    expect(await page.getByText('BTS archivé dans le navigateur').count()).toBeGreaterThan(0);
    await expectAccessible(page, nav.browser);
    await sansJs.close();

    // JavaScript on: the page's own « Publier » form, pointed at « Retirer » a session (a forged post, CSRF token and all).
    const { ctx: avecJs, page: p2, erreurs } = await nav.page({ js: true, session: CFA.email });
    await p2.goto(url);
    await expectAccessible(p2, nav.browser);
    const sid = (
      await nav.app.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const reponse = p2.waitForResponse((r) => r.url().endsWith('/retirer'));
    await Promise.all([
      p2.waitForURL((u) => u.pathname.endsWith('/retirer')),
      p2.evaluate((cible) => {
        const f = document.querySelector<HTMLFormElement>('form[action$="/publier"]')!;
        f.action = cible;
        f.submit();
      }, `/espace/formations/${id}/sessions/${sid}/retirer`),
    ]);
    expect((await reponse).status()).toBe(409);
    expect(
      await p2.getByRole('heading', { level: 1, name: 'Formation archivée : action impossible' }).count(),
    ).toBe(1);
    expect(
      await p2.getByText('Rien n’a été enregistré pour cette formation.', { exact: false }).count(),
    ).toBe(1);
    await expectAccessible(p2, nav.browser);
    await Promise.all([p2.waitForURL(url), p2.getByRole('link', { name: 'Retour à la formation' }).click()]);
    expect(await p2.getByRole('heading', { name: 'Cette formation est archivée' }).count()).toBe(1);
    expect(erreurs.filter((e) => !/409/.test(e))).toEqual([]);
    await avecJs.close();
    // The session is still there, not archived.
    expect(
      await nav.app.ctx.db
        .selectFrom('session')
        .select('archivee')
        .where('id', '=', sid)
        .executeTakeFirstOrThrow(),
    ).toEqual({ archivee: false });
  }, 120_000);

  it('archives a published offer and deletes a draft through their confirmation pages — JavaScript off', async () => {
    const orga = organismeDe(SIRET_A.slice(0, 9));
    const { id } = await saveFormation(
      nav.app.ctx,
      orga,
      formationFixture({ cle_externe: 'ARCH-PAGE', intitule: 'BTS à archiver dans le navigateur' }),
    );
    await transition(nav.app.ctx, orga, id, 'publier');
    await transition(nav.app.ctx, gestionnaireDe('84'), id, 'valider');
    const brouillon = (
      await saveFormation(
        nav.app.ctx,
        orga,
        formationFixture({ cle_externe: 'BROU-PAGE', intitule: 'Brouillon à supprimer dans le navigateur' }),
      )
    ).id;

    const { sansJs, page } = await pageSansJs(id);
    await Promise.all([
      page.waitForURL(/\/archiver$/),
      page.getByRole('link', { name: 'Archiver', exact: true }).click(),
    ]);
    expect(
      await page
        .getByRole('heading', { level: 1, name: 'Archiver « BTS à archiver dans le navigateur » ?' })
        .count(),
    ).toBe(1);
    expect(await page.getByText('Cette offre ne sera plus diffusée', { exact: false }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    // « Annuler » goes back to the formation, nothing done.
    await Promise.all([
      page.waitForURL(new RegExp(`/espace/formations/${id}$`)),
      page.getByRole('link', { name: 'Annuler' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/archiver$/),
      page.getByRole('link', { name: 'Archiver', exact: true }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/espace\?info=archivee/),
      page.getByRole('button', { name: 'Confirmer' }).click(),
    ]);
    expect(
      await page
        .getByText('Formation « BTS à archiver dans le navigateur » archivée : elle n’est plus diffusée.', {
          exact: false,
        })
        .count(),
    ).toBe(1);
    await expectAccessible(page, nav.browser);

    await page.goto(`${nav.app.base}/espace/formations/${brouillon}`);
    await Promise.all([
      page.waitForURL(/\/supprimer$/),
      page.getByRole('link', { name: 'Supprimer le brouillon' }).click(),
    ]);
    await expectAccessible(page, nav.browser);
    await Promise.all([
      page.waitForURL(/\/espace\?info=supprimee/),
      page.getByRole('button', { name: 'Confirmer' }).click(),
    ]);
    expect(
      await page
        .getByText('Brouillon « Brouillon à supprimer dans le navigateur » supprimé.', { exact: false })
        .count(),
    ).toBe(1);
    const statuts = await nav.app.ctx.db
      .selectFrom('formation')
      .select(['id', 'statut'])
      .where('id', 'in', [id, brouillon])
      .execute();
    expect(Object.fromEntries(statuts.map((r) => [r.id, r.statut]))).toEqual({
      [id]: 'archivee',
      [brouillon]: 'supprimee',
    });
    await sansJs.close();
  }, 120_000);

  /** The page of formation `id` in a new context without JavaScript, signed in as the CFA. */
  async function pageSansJs(id: string) {
    const { ctx: sansJs, page } = await nav.page({ js: false, session: CFA.email });
    await page.goto(`${nav.app.base}/espace/formations/${id}`);
    return { sansJs, page };
  }

  it('abandons an open revision after its ticked confirmation — JavaScript off', async () => {
    const fixture = formationFixture({
      cle_externe: 'REV-NAV',
      intitule: 'BTS à réviser dans le navigateur',
    });
    const id = await publieeEtRevisee(nav.app.ctx, fixture, { intitule: 'BTS révisé dans le navigateur' });
    const { sansJs, page } = await pageSansJs(id);
    const abandonner = page.getByRole('button', { name: 'Abandonner la révision' });
    // Without the box ticked: the page again, the error under the box, nothing abandoned.
    await Promise.all([page.waitForURL(/\/revision\/abandonner$/), abandonner.click()]);
    expect(await page.getByText('Cochez la case pour confirmer l’abandon de la révision').count()).toBe(1);
    await expectAccessible(page, nav.browser);
    await page.locator('label[for="confirmer_abandon"]').click();
    await Promise.all([page.waitForURL(/info=revision_abandonnee/), abandonner.click()]);
    expect(await page.getByText('Révision abandonnée : l’offre diffusée reste inchangée.').count()).toBe(1);
    expect(
      await page.getByRole('heading', { level: 1, name: 'BTS à réviser dans le navigateur' }).count(),
    ).toBe(1);
    expect(await page.getByRole('button', { name: 'Abandonner la révision' }).count()).toBe(0);
    await expectAccessible(page, nav.browser);
    await sansJs.close();
  }, 120_000);

  it('puts back a session its revision retires with « Remettre la session » — JavaScript off', async () => {
    const base = formationFixture({ cle_externe: 'REV-REMISE', intitule: 'BTS aux deux sessions' });
    const fixture = {
      ...base,
      sessions: [
        { ...base.sessions[0]!, cle_externe: 'S-A' },
        { ...base.sessions[0]!, cle_externe: 'S-B', debut: '2026-10-05', fin: '2028-07-07' },
      ],
    };
    const id = await publieeEtRevisee(nav.app.ctx, fixture, {
      intitule: 'BTS à une session',
      sessions: [fixture.sessions[0]!],
    });
    const { sansJs, page } = await pageSansJs(id);
    expect(await page.getByRole('heading', { name: 'Sessions retirées par votre révision' }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    const remettre = page.getByRole('button', {
      name: 'Remettre la session du 5 octobre 2026 au 7 juillet 2028',
    });
    await Promise.all([page.waitForURL(/info=session_remise/), remettre.click()]);
    expect(await page.getByText('Session remise dans la révision, telle qu’elle est publiée').count()).toBe(
      1,
    );
    expect(await page.getByRole('heading', { name: 'Sessions retirées par votre révision' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Retirer la session/ }).count()).toBe(2);
    await expectAccessible(page, nav.browser);
    await sansJs.close();
  }, 120_000);

  it('shows the first page for a page link the list never handed out, and tabs that add up — JavaScript off', async () => {
    // At least one published offer whose revision is submitted (this describe's earlier tests add others).
    await publieeEtRevisee(
      nav.app.ctx,
      formationFixture({ cle_externe: 'REV-LISTE', intitule: 'BTS de la liste' }),
      {
        intitule: 'BTS de la liste, révisé',
      },
    );
    const { ctx: sansJs, page } = await nav.page({ js: false, session: CFA.email });
    const r = await page.goto(`${nav.app.base}/espace?page=2`);
    expect(r?.status()).toBe(200);
    expect(await page.locator('#page-inexistante').textContent()).toMatch(
      /Cette page n’existe pas : le lien de page est incomplet ou trop ancien\. Voici la première page, à son adresse\./,
    );
    expect(
      await page
        .getByRole('link', {
          name: /^En attente de validation \(\d+, dont \d+ révisions? d’offre publiée\)$/,
        })
        .count(),
    ).toBe(1);
    await expectAccessible(page, nav.browser);
    await Promise.all([
      page.waitForURL(/\/espace$/),
      page.getByRole('link', { name: 'à son adresse' }).click(),
    ]);
    expect(await page.locator('#page-inexistante').count()).toBe(0);
    await sansJs.close();
  }, 120_000);
  it('duplicates a session through its filled-in new-session form, confirming an identical copy — JavaScript off', async () => {
    const base = formationFixture({ cle_externe: 'DUP-NAV', intitule: 'BTS à dupliquer' });
    const lieu = {
      adresse: '1 rue de Rivoli',
      code_postal: '75001',
      commune: 'Paris 1er Arrondissement',
      code_insee: '75101',
    };
    const { id } = await saveFormation(nav.app.ctx, organismeDe(SIRET_A.slice(0, 9)), {
      ...base,
      sessions: [{ ...base.sessions[0]!, lieu }],
    });
    const nombre = async () =>
      (await nav.app.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute())
        .length;
    const { sansJs, page } = await pageSansJs(id);
    await Promise.all([
      page.waitForURL(/\/sessions\/nouvelle\?depuis=/),
      page.getByRole('link', { name: 'Dupliquer la session 1' }).click(),
    ]);
    expect(
      await page
        .getByText('Copie de la session du 1er septembre 2026 au 30 juin 2028 : changez au moins les dates')
        .count(),
    ).toBe(1);
    expect(await parId(page, 'debut').inputValue()).toBe('2026-09-01');
    expect(await parId(page, 'lieu.adresse').inputValue()).toBe('1 rue de Rivoli');
    expect(await nombre()).toBe(1);
    await expectAccessible(page, nav.browser);
    // Sent unchanged: the duplicate confirmation, nothing stored.
    await cliquer(page, 'Enregistrer la session');
    expect(await page.getByRole('checkbox', { name: /l’ajouter quand même/ }).count()).toBe(1);
    expect(await nombre()).toBe(1);
    await expectAccessible(page, nav.browser);
    await parId(page, 'debut').fill('2027-09-06');
    await parId(page, 'fin').fill('2029-06-29');
    await Promise.all([
      page.waitForURL(/info=session/),
      page.getByRole('button', { name: 'Enregistrer la session' }).click(),
    ]);
    expect(await nombre()).toBe(2);
    await sansJs.close();
  }, 120_000);

  it('refuses a save over a change made meanwhile, keeps what was typed, offers the current version — JavaScript off', async () => {
    const organisme = organismeDe(SIRET_A.slice(0, 9));
    const fixture = formationFixture({ cle_externe: 'VER-NAV', intitule: 'BTS ouvert dans le navigateur' });
    const { id } = await saveFormation(nav.app.ctx, organisme, fixture);
    const { sansJs, page } = await pageSansJs(id);
    await parId(page, 'intitule').fill('BTS saisi dans le navigateur');
    // The organisme's information system changes the offer while the page is open.
    await saveFormation(nav.app.ctx, organisme, { ...fixture, intitule: 'BTS changé par l’API' }, { id });
    await cliquer(page, 'Enregistrer le brouillon');
    const alerte = parId(page, 'conflit');
    expect(
      await alerte.getByRole('heading', { name: 'Cette formation a changé pendant votre saisie' }).count(),
    ).toBe(1);
    expect(await alerte.textContent()).toContain('vos modifications n’ont pas été enregistrées');
    // The field saving again would replace, with its current value.
    expect(await alerte.getByRole('listitem').allTextContents()).toContain(
      'Intitulé (actuellement « BTS changé par l’API »)',
    );
    expect(await parId(page, 'intitule').inputValue()).toBe('BTS saisi dans le navigateur');
    await expectAccessible(page, nav.browser);
    // « rechargez la version actuelle »: the offer as it now stands, what was typed dropped.
    await Promise.all([
      page.waitForURL(new RegExp(`/espace/formations/${id}$`)),
      alerte.getByRole('link', { name: 'rechargez la version actuelle' }).click(),
    ]);
    expect(await parId(page, 'intitule').inputValue()).toBe('BTS changé par l’API');
    await sansJs.close();
  }, 120_000);
  // A fresh user's report (05/12, MEDIUM): « Confirmer la publication » sent a version never re-read.
  it('refuses a confirmation after a change made since the re-read page opened, shows what changed — JavaScript off', async () => {
    const organisme = organismeDe(SIRET_A.slice(0, 9));
    const fixture = formationFixture({ cle_externe: 'REL-NAV', intitule: 'BTS relu dans le navigateur' });
    const { id } = await saveFormation(nav.app.ctx, organisme, fixture);
    const { ctx: sansJs, page } = await nav.page({ js: false, session: CFA.email });
    await page.goto(`${nav.app.base}/espace/formations/${id}/relire`);
    // What will keep it from diffusion (here its platform rules, its blocking ones with the
    // reference data loaded) is said above the offer, in a DSFR alert with its heading; accessible.
    const avis = parId(page, 'avis-diffusion');
    expect(await avis.getByRole('heading').count()).toBe(1);
    expect(await avis.textContent()).toContain('Pour corriger :');
    await expectAccessible(page, nav.browser);
    // Another tab (here the organisme's information system) changes the objectif meanwhile.
    await saveFormation(
      nav.app.ctx,
      organisme,
      { ...fixture, objectif: 'Objectif changé ailleurs.' },
      { id },
    );
    await cliquer(page, 'Confirmer la publication');
    const alerte = parId(page, 'conflit');
    expect(
      await alerte.getByRole('heading', { name: 'Cette formation a changé depuis votre relecture' }).count(),
    ).toBe(1);
    const texteAlerte = (await alerte.textContent()) ?? '';
    expect(texteAlerte).toContain('rien n’a été envoyé pour validation');
    expect(texteAlerte).toContain('Objectif (actuellement « Objectif changé ailleurs. »)');
    expect(await page.title()).toContain('Erreur');
    await expectAccessible(page, nav.browser);
    // The page below is the offer as it now stands: confirmed again, it is sent.
    await Promise.all([
      page.waitForURL(new RegExp(`/espace/formations/${id}\\?info=envoyee$`)),
      cliquer(page, 'Confirmer la publication'),
    ]);
    const statut = await nav.app.ctx.db
      .selectFrom('formation')
      .select(['statut', 'objectif'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(statut).toEqual({ statut: 'en_attente_validation', objectif: 'Objectif changé ailleurs.' });
    await sansJs.close();
  }, 120_000);
  // A review (05/12): « Abandonner la révision » and « Archiver » carried no version.
  it('refuses to abandon a revision changed since the page opened, then an archive confirmation opened before it — JavaScript off', async () => {
    const organisme = organismeDe(SIRET_A.slice(0, 9));
    const fixture = formationFixture({
      cle_externe: 'ABV-NAV',
      intitule: 'BTS abandonné dans le navigateur',
    });
    const id = await publieeEtRevisee(nav.app.ctx, fixture, { intitule: 'BTS révisé une fois' });
    const { sansJs, page } = await pageSansJs(id);
    // Another door (the organisme's information system) changes the revision meanwhile.
    await saveFormation(nav.app.ctx, organisme, { ...fixture, intitule: 'BTS révisé deux fois' }, { id });
    await page.locator('label[for="confirmer_abandon"]').click();
    await cliquer(page, 'Abandonner la révision');
    const alerte = parId(page, 'conflit');
    expect(
      await alerte
        .getByRole('heading', { name: 'Cette révision a changé depuis l’ouverture de la page' })
        .count(),
    ).toBe(1);
    const texteAlerte = (await alerte.textContent()) ?? '';
    expect(texteAlerte).toContain('rien n’a été abandonné');
    expect(texteAlerte).toContain('Intitulé (actuellement « BTS révisé deux fois »)');
    await expectAccessible(page, nav.browser);
    // The archive confirmation, opened now, then the revision changed again: refused, said.
    await page.goto(`${nav.app.base}/espace/formations/${id}/archiver`);
    await saveFormation(nav.app.ctx, organisme, { ...fixture, intitule: 'BTS révisé trois fois' }, { id });
    await cliquer(page, 'Confirmer');
    const refus = parId(page, 'conflit');
    expect((await refus.textContent()) ?? '').toContain(
      'Une révision est en cours : l’archivage l’abandonnerait.',
    );
    expect(await page.getByText('la révision en cours abandonnée', { exact: false }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    const { statut } = await nav.app.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(statut).toBe('publiee');
    await sansJs.close();
  }, 120_000);
});
