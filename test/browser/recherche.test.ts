import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../recherche/fixtures.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// The search a family makes, without JavaScript: a typo near Nantes, narrowed, opened, shared.

describe.skipIf(!hasChromium)(`public search in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await loadFixture(nav.app.ctx);
  });

  it('finds "boulangr" within 30 km of Nantes, narrows to niveau 3, and the shared URL gives the same', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/`);
    await page.getByLabel('Rechercher une formation').fill('boulangr');
    await page.getByLabel('Où ?').fill('Nantes');
    await page.getByLabel('Dans un rayon de').selectOption('30');
    await Promise.all([
      page.waitForURL(/ou=Nantes/),
      page.getByRole('button', { name: 'Rechercher' }).click(),
    ]);
    expect(await page.locator('#suggestion').textContent()).toContain('Résultats pour « boulanger »');
    expect(await page.locator('#resultats').textContent()).toBe('2 formations trouvées');
    // The département filter names each one (« 44 — Loire-Atlantique »), never a bare code (02/12).
    const departements = await page
      .getByLabel('Département', { exact: true })
      .locator('option')
      .allTextContents();
    expect(departements).toContainEqual(expect.stringMatching(/^44 — Loire-Atlantique \(\d+\)$/));
    expect(departements.filter((d) => !/^(Tous les départements|\w+ — .+ \(\d+\))$/.test(d))).toEqual([]);
    await expectAccessible(page);

    await page.getByLabel('Niveau').selectOption('3');
    await page.getByLabel('Trier par').selectOption('distance');
    await Promise.all([
      page.waitForURL(/niveau=3/),
      page.getByRole('button', { name: 'Appliquer les filtres' }).click(),
    ]);
    const titres = await page.locator('.fr-card__title').allTextContents();
    expect(titres).toEqual(['CAP Boulanger', 'Boulanger en un an, mention boulangerie de quartier']);
    expect(await page.locator('.fr-card__desc').first().textContent()).toContain('Nantes — dans la commune');
    const partagee = page.url();

    await Promise.all([page.waitForURL(/\/formations\//), page.locator('.fr-card__title a').first().click()]);
    expect(await page.locator('h1').textContent()).toBe('CAP Boulanger');
    // What a family needs: when, where on a map, how to apply, entry requirements, the référent handicap.
    expect(await page.locator('#prochaine-rentree').textContent()).toBe(
      'Prochaine rentrée : 6 septembre 2027.',
    );
    expect(await page.getByRole('link', { name: 'Voir sur une carte' }).getAttribute('href')).toContain(
      'https://www.openstreetmap.org/?mlat=47.2184',
    );
    await expect.poll(() => page.getByRole('heading', { name: 'Comment candidater' }).count()).toBe(1);
    expect(await page.locator('#contacts').textContent()).toContain('accueil@cfa-ouest.example');
    expect(await page.getByRole('heading', { name: 'Conditions d’accès' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Accessibilité et handicap' }).count()).toBe(1);
    expect(await page.locator('body').textContent()).toContain('Camille Martin');
    await expectAccessible(page);

    // The accessibility statement, from the footer.
    await Promise.all([
      page.waitForURL(/\/accessibilite$/),
      page.getByRole('link', { name: 'Accessibilité : non conforme' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Déclaration d’accessibilité');
    expect(await page.locator('#verifications + ul').textContent()).toContain('axe-core');
    await expectAccessible(page);
    await page.goBack();

    // Someone else opens the shared address: same results, same filters shown.
    const autre = await (await nouveauContexte(nav.browser, { js: false })).newPage();
    await autre.goto(partagee);
    expect(await autre.locator('.fr-card__title').allTextContents()).toEqual(titres);
    expect(await autre.getByLabel('Niveau').inputValue()).toBe('3');
    expect(await autre.getByLabel('Où ?').inputValue()).toBe('Nantes');
    await ctx.close();
    await autre.context().close();
  }, 120_000); // four pages, each checked by axe with JavaScript off (a copy of the page per check)

  // Swagger UI is blank without JavaScript (fresh user of stop 23): it points to the plain page.
  it('without JavaScript, /api/docs leads to the API reference, every route listed', async () => {
    const { ctx, page } = await nav.page({ js: false });
    // Without JavaScript the docs page sends the browser to the plain reference by itself.
    await Promise.all([page.waitForURL(/\/api\/reference$/), page.goto(`${nav.app.base}/api/docs`)]);
    expect(await page.locator('h1').textContent()).toBe('Référence de l’API');
    expect(await page.getByRole('cell', { name: 'GET /api/v1/exports/csv' }).count()).toBe(1);
    // Who may validate, and what « retourner » takes: its path parameter and its JSON body's field.
    const valider = page.getByRole('row').filter({ hasText: 'POST /api/v1/formations/:id/valider' });
    expect(await valider.textContent()).toContain('Gestionnaire de région (session) ou administrateur');
    const retourner = page.getByRole('row').filter({ hasText: 'POST /api/v1/formations/:id/retourner' });
    expect(await retourner.textContent()).toContain('id (texte, obligatoire)');
    await retourner.getByText('Corps JSON : 1 champ').click(); // <details>: opens without JavaScript
    expect(await retourner.getByText('commentaire (texte, obligatoire)').isVisible()).toBe(true);
    await expectAccessible(page);
    await ctx.close();
  });

  // A fresh user's pass (05/12, evening): Swagger UI's own page had 5 kinds of serious or critical
  // axe violations (contrast of its badges and links, nested links in deep-linked summaries, its top
  // bar's unlabelled field and image, unnamed selects); each state a user reaches is checked.
  it('with JavaScript, /api/docs lists the routes and runs one, accessible at each step', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: true });
    await page.goto(`${nav.app.base}/api/docs`);
    await page.waitForSelector('.opblock');
    expect(await page.locator('.topbar').count()).toBe(0);
    await expectAccessible(page);
    const liste = page.locator('.opblock-get').filter({ hasText: '/api/v1/formations' }).first();
    await liste.locator('.opblock-summary-control').click();
    await liste.getByRole('button', { name: 'Try it out' }).click();
    await expectAccessible(page);
    await liste.getByRole('button', { name: 'Execute' }).click();
    await expect
      .poll(() => liste.locator('.live-responses-table tbody .response-col_status').first().textContent())
      .toContain('200');
    await expectAccessible(page);
    await page.locator('.btn.authorize').click();
    await expectAccessible(page);
    expect(erreurs).toEqual([]);
    await ctx.close();
  });

  // A fresh user's report (03/12): a repeated département and a rayon not offered were dropped in silence.
  // A fresh user's pass (05/12): the diploma filter listed raw codes (« TP », « MC4 »).
  it('names the diploma types as people know them and filters on one, without JavaScript, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/`);
    const options = await page.locator('#type option').allTextContents();
    expect(options).toContain('Titre professionnel (1)');
    expect(options).toContain('Brevet professionnel (BP) (1)');
    expect(options.some((o) => o.startsWith('TP ') || o.startsWith('BP '))).toBe(false);
    await page.getByLabel('Type de diplôme').selectOption({ label: 'Titre professionnel (1)' });
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/type=TP/);
    expect(await page.locator('.fr-card__title').count()).toBe(1);
    expect(await page.locator('#type option:checked').textContent()).toBe('Titre professionnel (1)');
    await expectAccessible(page);
    await ctx.close();
  });

  it('says a repeated département and a rayon not offered on their fields, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(
      `${nav.app.base}/?q=boulanger&ou=Nantes&rayon=-5&departement=53&departement=44`,
    );
    expect(r?.status()).toBe(200);
    const alerte = await page.locator('#lieux-inconnus').textContent();
    expect(alerte).toContain('Plusieurs départements demandés (53, 44)');
    expect(alerte).toContain('Rayon « -5 » non proposé');
    expect(await page.locator('.fr-card__title').count()).toBe(0);
    expect(await page.getByLabel('Dans un rayon de').getAttribute('aria-describedby')).toBe('rayon-erreur');
    expect(await page.locator('.fr-select-group--error #rayon-erreur').textContent()).toBe(
      'Rayon « -5 » non proposé : choisissez 10, 30, 50 ou 100 km.',
    );
    await expectAccessible(page);
    await ctx.close();
  });

  // A fresh tester's report (03/12): a bad sort or checkbox value showed every formation with no word.
  it('says a bad sort and a bad checkbox value on their fields, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(`${nav.app.base}/?q=boulanger&tri=x&ouvert=abc`);
    expect(r?.status()).toBe(200);
    const alerte = await page.locator('#lieux-inconnus').textContent();
    expect(alerte).toContain('Tri « x » inconnu : choisissez pertinence, distance ou debut (date de début).');
    expect(alerte).toContain(
      '« Recrutement ouvert » : valeur « abc » inconnue ; 1 coche la case, 0 la décoche.',
    );
    expect(await page.locator('.fr-card__title').count()).toBe(0);
    expect(await page.getByLabel('Trier par').getAttribute('aria-describedby')).toBe('tri-erreur');
    expect(await page.locator('.fr-checkbox-group--error #ouvert-erreur').count()).toBe(1);
    await expectAccessible(page);
    await ctx.close();
  });

  // A tester's report (03/12): a rayon without a place and a page out of range were ignored in silence.
  it('says a radius without a place and a page past the last, shows formations, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(`${nav.app.base}/?q=boulanger&rayon=50&page=99999`);
    expect(r?.status()).toBe(200);
    expect(await page.locator('#rayon-sans-lieu').textContent()).toContain('Rayon « 50 km » sans lieu');
    expect(await page.locator('#page-inexistante').textContent()).toMatch(
      /^Cette page n’existe pas : la recherche a 1 page\. Voici la dernière, la page 1\.$/,
    );
    expect(await page.locator('.fr-card__title').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    // The warning's link leads to « Où ? ».
    await page.locator('#rayon-sans-lieu a').click();
    expect(await page.evaluate(() => document.activeElement?.id ?? location.hash)).toMatch(/ou/);
    await ctx.close();
  });

  // A fresh user's report (h-recherche3): « a » listed the whole offer as if nothing was typed.
  it('says a term too short to be searched, its link leading to the field, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(`${nav.app.base}/?q=a`);
    expect(r?.status()).toBe(200);
    expect(await page.locator('#termes-ignores').textContent()).toContain(
      'Le terme « a » est trop court pour être cherché',
    );
    expect(await page.locator('#termes-ignores').textContent()).toContain('toute l’offre est affichée');
    expect(await page.locator('.fr-card__title').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.locator('#termes-ignores a').click();
    expect(await page.evaluate(() => document.activeElement?.id ?? location.hash)).toMatch(/q/);
    await ctx.close();
  });

  it('offers the searches with a word left out when nothing has every word, without JavaScript, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(`${nav.app.base}/?q=CAP+coiffure`);
    expect(r?.status()).toBe(200);
    const bloc = page.locator('#moins-de-mots');
    expect(await bloc.textContent()).toContain('Rechercher avec moins de mots');
    // Each term as typed (h-formes): « CAP », never the index's « cap ».
    expect(await bloc.textContent()).toContain('« CAP »');
    expect(await bloc.textContent()).not.toContain('« cap »');
    await expectAccessible(page);
    await bloc.locator('a', { hasText: '« coiffure »' }).click();
    await page.waitForURL(/[?&]q=coiffure(&|$)/);
    expect(await page.locator('.fr-card__title').count()).toBeGreaterThan(0);
    expect(await page.locator('#moins-de-mots').count()).toBe(0);
    await ctx.close();
  });

  it('says an unknown département on its field, in the DSFR’s words, accessible', async () => {
    const { ctx, page } = await nav.page({ js: false });
    const r = await page.goto(`${nav.app.base}/?q=boulanger&departement=2c`);
    expect(r?.status()).toBe(200);
    expect(await page.locator('#lieux-inconnus').textContent()).toContain('Département « 2c » inconnu');
    expect(await page.locator('.fr-card__title').count()).toBe(0);
    const champ = page.getByLabel('Département', { exact: true });
    expect(await champ.getAttribute('aria-describedby')).toBe('departement-erreur');
    expect(await page.locator('.fr-select-group--error #departement-erreur').textContent()).toBe(
      'Département « 2c » inconnu : choisissez un département dans la liste.',
    );
    // Another one can be chosen from the list of the search without it.
    await champ.selectOption('44');
    await Promise.all([
      page.waitForURL(/departement=44/),
      page.getByRole('button', { name: 'Appliquer les filtres' }).click(),
    ]);
    expect(await page.locator('#lieux-inconnus').count()).toBe(0);
    expect(await page.locator('.fr-card__title').count()).toBeGreaterThan(0);
    await page.goBack();
    await expectAccessible(page);
    await ctx.close();
  });

  it('answers a misspelt place with "Vouliez-vous dire", whose link searches there', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/`);
    await page.getByLabel('Rechercher une formation').fill('boulanger');
    await page.getByLabel('Où ?').fill('Nants');
    await Promise.all([
      page.waitForURL(/ou=Nants/),
      page.getByRole('button', { name: 'Rechercher' }).click(),
    ]);
    expect(await page.locator('#lieu-inconnu').textContent()).toContain(
      'Aucune commune ne correspond à « Nants ». Vouliez-vous dire Nantes ?',
    );
    expect(await page.locator('.fr-card__title').count()).toBe(0);
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/ou=Nantes/),
      page.getByRole('link', { name: 'Nantes', exact: true }).click(),
    ]);
    expect(await page.locator('#resultats').textContent()).toBe('2 formations trouvées');
    expect(await page.getByLabel('Où ?').inputValue()).toBe('Nantes');
    await ctx.close();
  });

  // Fresh user: « Saint-Denis » silently meant La Réunion; a commune without coordinates gave nothing.
  it('names the commune retained among homonyms, links the others and the whole département', async () => {
    await nav.app.ctx.db
      .insertInto('commune')
      .values(
        [
          ['97411', '97400', 'Saint-Denis', '974', '04', -20.9329, 55.4456, 154765],
          ['93066', '93200', 'Saint-Denis', '93', '11', null, null, 113942],
        ].map(([code_insee, code_postal, nom, code_departement, code_region, lat, lon, population]) => ({
          code_insee: code_insee as string,
          code_postal: code_postal as string,
          nom: nom as string,
          code_departement: code_departement as string,
          code_region: code_region as string,
          lat: lat as number | null,
          lon: lon as number | null,
          population: population as number,
        })),
      )
      .execute();
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/?ou=Saint-Denis`);
    expect(await page.locator('#lieu-retenu').textContent()).toContain(
      'Commune retenue : Saint-Denis (97400, La Réunion), la plus peuplée',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/ou=Saint-Denis\+%2893200%29/),
      page.getByRole('link', { name: 'Saint-Denis (93200, Seine-Saint-Denis)' }).click(),
    ]);
    expect(await page.locator('#rayon-ignore').textContent()).toContain(
      'Pour chercher plus large : tout le département 93 — Seine-Saint-Denis.',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/departement=93/),
      page.getByRole('link', { name: 'tout le département 93 — Seine-Saint-Denis' }).click(),
    ]);
    // h-recherche9: a name with its département's number, no other commune left: said all the same.
    await page.goto(`${nav.app.base}/?ou=Saint-Denis+974`);
    expect(await page.locator('h1').textContent()).toBe('Formations près de Saint-Denis (La Réunion)');
    expect(await page.locator('#lieu-retenu').textContent()).toBe(
      'Commune retenue : Saint-Denis (97400, La Réunion), la seule commune du département 974 — La Réunion qui répond à « Saint-Denis 974 ».',
    );
    await expectAccessible(page);
    await ctx.close();
  });

  // h-recherche4: « 75 » in « Où ? » explained the Département filter instead of searching; « Paris
  // 16e » without a position found nothing; « pour » answered 0 results without a word.
  it('searches a département, an arrondissement without a position and says why, without JavaScript, accessible', async () => {
    await nav.app.ctx.db
      .insertInto('commune')
      .values({
        code_insee: '75116',
        code_postal: '75016',
        nom: 'Paris 16e Arrondissement',
        code_departement: '75',
        code_region: '11',
        lat: null,
        lon: null,
      })
      .execute();
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/`);
    await page.getByLabel('Où ?').fill('75');
    await Promise.all([page.waitForURL(/ou=75/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Formations dans le département 75 — Paris');
    expect(await page.locator('#departement-retenu').textContent()).toContain(
      'Département retenu : 75 — Paris : la recherche porte sur tout le département',
    );
    expect(await page.locator('#resultats').textContent()).toBe('1 formation trouvée');
    expect(await page.locator('#lieu-inconnu').count()).toBe(0);
    await expectAccessible(page);

    await page.getByLabel('Où ?').fill('Paris 16e');
    await Promise.all([
      page.waitForURL(/ou=Paris/),
      page.getByRole('button', { name: 'Rechercher' }).click(),
    ]);
    expect(await page.locator('#rayon-ville').textContent()).toContain(
      'le rayon de 30 km est compté depuis le centre de Paris',
    );
    expect(await page.locator('#resultats').textContent()).toBe('1 formation trouvée');
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/departement=75/),
      page.getByRole('link', { name: 'tout le département 75 — Paris' }).click(),
    ]);

    await page.goto(`${nav.app.base}/?q=pour`);
    expect(await page.locator('#termes-ignores').textContent()).toContain(
      'Le mot « pour » est un mot courant, que la recherche ignore',
    );
    expect(await page.locator('.fr-card__title').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await ctx.close();
  });

  // Fresh user: « macon » listed the business school « de Mâcon » and said nothing of the town.
  it('offers the town a word of the search names, its link searching there, accessible', async () => {
    await nav.app.ctx.db
      .insertInto('commune')
      .values({
        code_insee: '71270',
        code_postal: '71000',
        nom: 'Mâcon',
        code_departement: '71',
        code_region: '27',
        lat: 46.3069,
        lon: 4.8287,
      })
      .execute();
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/?q=boulanger+macon`);
    expect(await page.locator('#aussi-commune').textContent()).toBe(
      'Mâcon est aussi une commune : voir les formations à Mâcon',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/ou=M%C3%A2con/),
      page.getByRole('link', { name: 'voir les formations à Mâcon' }).click(),
    ]);
    expect(await page.getByLabel('Rechercher une formation').inputValue()).toBe('boulanger');
    expect(await page.getByLabel('Où ?').inputValue()).toBe('Mâcon');
    expect(await page.locator('#aussi-commune').count()).toBe(0);
    await ctx.close();
  });

  it('with JavaScript, suggests communes while typing in "Où ?"', async () => {
    const { ctx, page } = await nav.page({ js: true });
    await page.goto(`${nav.app.base}/`);
    await page.getByLabel('Où ?').pressSequentially('Nan');
    await expect
      .poll(() =>
        page
          .locator('#ou-communes option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      )
      .toEqual(['Nantes (44000)']);
    await page.getByLabel('Où ?').fill('Nantes (44000)');
    await Promise.all([
      page.waitForURL(/ou=Nantes/),
      page.getByRole('button', { name: 'Rechercher' }).click(),
    ]);
    expect(await page.locator('#resultats').textContent()).toBe('3 formations trouvées');
    await ctx.close();
  });

  it('at 375 px without JavaScript, « Se connecter » is visible and leads to the sign-in page', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${nav.app.base}/?q=boulanger`);
    // The header's link is in DSFR's « Menu » dialog, which needs its script: hidden here.
    expect(await page.locator('header').getByRole('link', { name: 'Se connecter' }).isVisible()).toBe(false);
    const lien = page.getByRole('contentinfo').getByRole('link', { name: 'Se connecter' });
    expect(await lien.count()).toBe(1);
    await lien.scrollIntoViewIfNeeded();
    expect(await lien.isVisible()).toBe(true);
    const boite = (await lien.boundingBox())!;
    expect(boite.x).toBeGreaterThanOrEqual(0);
    expect(boite.x + boite.width).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    // Reached by the keyboard too: focused, then followed with Enter.
    await lien.focus();
    await Promise.all([page.waitForURL(/\/connexion\?retour=/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain('Connexion');
    // A search text over 200 characters: the DSFR error summary and the field's message, accessible.
    await page.goto(`${nav.app.base}/?q=${'a'.repeat(201)}`);
    expect(await page.locator('#q-erreur').textContent()).toContain('ne doit pas dépasser 200 caractères');
    expect(
      await page
        .getByRole('alert')
        .getByRole('link', { name: /Rechercher une formation/ })
        .count(),
    ).toBe(1);
    await expectAccessible(page);
    await ctx.close();
  });
});
