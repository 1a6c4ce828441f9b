import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { fixture } from '../referentiels/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// Issue 9 acceptance: a gestionnaire uploads a reference file, sees the impact preview; the file
// is the one-row DGEFP list over the demo, held by the guards: the page tells the gestionnaire an
// administrator applies it (06/12 report), and the administrator applies it after confirming.
// JavaScript off (nothing on these pages needs it), then the list page with JavaScript on; axe on every page.

const GESTION = { email: 'gestion@carif.test', motDePasse: 'le mot de passe du gestionnaire' };
const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’administrateur' };

describe.skipIf(!hasChromium)(`the reference data page in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    await loadDemo(nav.app.ctx, { formations: 40, seed: 42, chunk: 40 });
    const { code_region } = await nav.app.ctx.db
      .selectFrom('session')
      .select(['code_region', (eb) => eb.fn.countAll().as('n')])
      .where('code_region', 'is not', null)
      .groupBy('code_region')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const g = await createUtilisateur(nav.app.ctx, {
      ...GESTION,
      role: 'gestionnaire',
      region: code_region!,
      nom: 'Gaëlle',
    });
    const a = await createUtilisateur(nav.app.ctx, { ...ADMIN, role: 'admin', nom: 'Adèle' });
    for (const [u, mdp] of [
      [g, GESTION.motDePasse],
      [a, ADMIN.motDePasse],
    ] as const)
      await nav.app.ctx.db
        .updateTable('utilisateur')
        .set({ password_hash: await hashPassword(mdp), doit_changer_mot_de_passe: false })
        .where('id', '=', u.id)
        .execute();
  }, 120_000);

  it('a gestionnaire uploads the DGEFP list and reads its impact; an administrator applies it after confirming — JavaScript off', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/referentiels`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Données de référence');
    await expectAccessible(page, nav.browser);

    await page.getByLabel('Type de fichier').selectOption('lpof');
    await page.getByLabel(/Fichier officiel/).setInputFiles({
      name: 'liste-publique-of.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(fixture('organismes/liste-publique-of.csv')),
    });
    await page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).click();
    await page.waitForURL(/\/gestion\/referentiels\/ref_/);
    expect(await page.getByRole('heading', { name: 'Impact important sur les offres' }).count()).toBe(1);
    expect(
      await page.getByText(/ferait passer [\d\u202f]+ offres? en Non réglementaire/).count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('a[href^="/gestion/formations/"]').count()).toBeGreaterThan(0);
    // The gestionnaire: who applies it, why, the code; no checkbox, no « Appliquer ».
    expect(
      await page.getByRole('heading', { name: 'Application réservée aux administrateurs' }).count(),
    ).toBe(1);
    expect(await page.getByText('REFERENTIEL_ADMIN_REQUIS').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Appliquer ce fichier' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Annuler ce dépôt' }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    const apercu = page.url();
    await ctx.close();

    const admin = await nav.page({ js: false, session: ADMIN.email });
    const p2 = admin.page;
    await p2.goto(apercu);
    await p2.getByRole('button', { name: 'Appliquer ce fichier' }).click();
    await p2.waitForURL(/\/appliquer$/);
    expect(await p2.getByText(/Cochez la case de confirmation/).count()).toBeGreaterThan(0);
    await expectAccessible(p2, nav.browser);

    // As a person does: a click on the DSFR checkbox's label (the input itself is drawn by its label).
    await p2.getByText(/je confirme vouloir appliquer/).click();
    expect(await p2.getByLabel(/je confirme vouloir appliquer/).isChecked()).toBe(true);
    await p2.getByRole('button', { name: 'Appliquer ce fichier' }).click();
    await p2.waitForURL(/info=appliquee/);
    expect(p2.url()).toContain(apercu);
    expect(await p2.getByText('Fichier appliqué').count()).toBeGreaterThan(0);
    await expectAccessible(p2, nav.browser);
    const nr = await nav.app.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('catalogue', '=', 'non_reglementaire')
      .execute();
    expect(nr.length).toBeGreaterThan(0);
    await admin.ctx.close();
  });

  it('the list page with JavaScript on shows the applied file among the loaded ones', async () => {
    const { ctx, page } = await nav.page({ js: true, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/referentiels`);
    const charges = page.getByRole('table', { name: 'Fichiers de référence chargés' });
    expect(await charges.getByRole('cell', { name: 'liste-publique-of.csv', exact: true }).count()).toBe(1);
    const depots = page.getByRole('table', { name: 'Derniers fichiers déposés' });
    expect(await depots.getByRole('row', { name: /liste-publique-of\.csv.*Appliqué/ }).count()).toBe(1);
    await expectAccessible(page, nav.browser);
    await ctx.close();
  });
});
