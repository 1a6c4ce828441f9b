import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, nouveauContexte, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { ouvrirSession } from './helpers/session.ts';

// The administrator and the instructeur in Chromium, JavaScript off (nothing on these pages needs
// it): the admin revokes an API key through its confirmation page and the next call with it gets 401; an instructeur of Lyon
// publishes an offer to Parcoursup and refuses another with a reason, and a recomputation keeps
// both. axe on every page visited. The clock is the fixtures' (campaign window).

const ADMIN = { email: 'admin@offre.test', motDePasse: 'le mot de passe de l’admin' };
const INSTRUCTEUR = { email: 'ines@ac-lyon.test', motDePasse: 'le mot de passe d’Inès' };

describe.skipIf(!hasChromium)(`administration in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur({}, { now: () => NOW });
  async function avecMotDePasse(
    email: string,
    motDePasse: string,
    input: Parameters<typeof createUtilisateur>[1],
  ) {
    const u = await createUtilisateur(nav.app.ctx, { ...input, email });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  }
  beforeAll(async () => {
    await avecMotDePasse(ADMIN.email, ADMIN.motDePasse, { email: '', role: 'admin', nom: 'Ada Admin' });
    await avecMotDePasse(INSTRUCTEUR.email, INSTRUCTEUR.motDePasse, {
      email: '',
      role: 'instructeur',
      academie: '10',
      nom: 'Inès Martin',
    });
    await loadReferentiels(nav.app.ctx.db, REFERENTIELS);
  });

  it('an admin disables an account from its page, after ticking « Je confirme » — JavaScript off', async () => {
    await avecMotDePasse('a-desactiver@offre.test', 'un mot de passe quelconque', {
      email: '',
      role: 'prescripteur',
    });
    const { ctx, page } = await nav.page({ js: false, session: ADMIN.email });
    await page.goto(`${nav.app.base}/admin/utilisateurs`);
    await expectAccessible(page, nav.browser);
    await page.getByRole('link', { name: 'Désactiver a-desactiver@offre.test' }).click();
    await page.waitForURL(/\/admin\/utilisateurs\/[^/#]+#desactivation$/);
    await expectAccessible(page, nav.browser);
    // Without the box: the same page, an error under it, the account still active.
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    expect(await page.locator('#desactivation').textContent()).toContain('Cochez la case pour confirmer');
    await expectAccessible(page, nav.browser);
    const actif = () =>
      nav.app.ctx.db
        .selectFrom('utilisateur')
        .select('actif')
        .where('email', '=', 'a-desactiver@offre.test')
        .executeTakeFirstOrThrow();
    expect((await actif()).actif).toBe(true);
    await page.locator('label[for="confirmer_desactivation"]').click();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await page.waitForURL(/\/admin\/utilisateurs\?fait=desactive$/);
    expect((await actif()).actif).toBe(false);
    await ctx.close();
  });

  it('an admin revokes an API key; the next call with it gets 401 — JavaScript off', async () => {
    const cle = await createApiKey(nav.app.ctx, { name: 'SI Affelnet', scope: 'read' });
    const appel = () =>
      fetch(`${nav.app.base}/api/v1/formations?limit=1`, { headers: { authorization: `Bearer ${cle.key}` } });
    expect((await appel()).status).toBe(200);
    const { ctx, page } = await nav.page({ js: false, session: ADMIN.email });
    await page.goto(`${nav.app.base}/admin`);
    await expectAccessible(page, nav.browser);
    await page.getByRole('link', { name: 'Clés d’API' }).click();
    await expectAccessible(page, nav.browser);
    // The list links to a confirmation page that says what revoking changes; nothing happens before it.
    await page.getByRole('link', { name: 'Révoquer la clé SI Affelnet' }).click();
    await page.waitForURL(/\/admin\/cles\/[^/]+\/revoquer$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Révoquer la clé « SI Affelnet » ?',
    );
    await expectAccessible(page, nav.browser);
    expect((await appel()).status).toBe(200); // still active: a GET never revokes
    // Cancel goes back to the list with the key untouched; then confirm for real.
    await page.getByRole('link', { name: 'Annuler' }).click();
    await page.waitForURL(/\/admin\/cles$/);
    expect((await appel()).status).toBe(200);
    await page.getByRole('link', { name: 'Révoquer la clé SI Affelnet' }).click();
    await page.getByRole('button', { name: 'Révoquer définitivement la clé' }).click();
    await page.waitForURL(/\/admin\/cles\?revoquee=/);
    expect(await page.getByRole('status').textContent()).toContain('Clé « SI Affelnet » révoquée');
    await expectAccessible(page, nav.browser);
    const refus = await appel();
    expect(refus.status).toBe(401);
    expect(await refus.json()).toMatchObject({ code: 'CLE_INVALIDE' });

    // A key created on the page is shown once.
    await page.getByLabel(/^Nom/).fill('Partenaire');
    await page.getByRole('button', { name: 'Créer la clé' }).click();
    const secret = await page.locator('#cle-secrete').textContent();
    expect(secret).toMatch(/^offre_/);
    await expectAccessible(page, nav.browser);
    expect(
      (
        await fetch(`${nav.app.base}/api/v1/formations?limit=1`, {
          headers: { authorization: `Bearer ${secret}` },
        })
      ).status,
    ).toBe(200);
    await ctx.close();
  });

  it('an instructeur publishes one offer and refuses another with a reason — JavaScript off', async () => {
    const sys = SYSTEME('test');
    const ids: string[] = [];
    for (const cle of ['NAV-PUB', 'NAV-REF']) {
      const { id } = await saveFormation(nav.app.ctx, sys, bts(cle, { intitule: `BTS ${cle}` }));
      await transition(nav.app.ctx, sys, id, 'publier');
      await transition(nav.app.ctx, sys, id, 'valider');
      ids.push(id);
    }
    const { ctx, page } = await nav.page({ js: false, session: INSTRUCTEUR.email });
    await page.goto(`${nav.app.base}/instruction`);
    await expectAccessible(page, nav.browser);
    await page.getByRole('link', { name: 'BTS NAV-PUB' }).click();
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/^Décision/).selectOption('publier');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await page.locator('#statut').textContent()).toContain('Prêt pour intégration');

    await page.goto(`${nav.app.base}/instruction?plateforme=parcoursup`);
    await page.getByRole('link', { name: 'BTS NAV-REF' }).click();
    await page.getByLabel(/^Décision/).selectOption('non_publier');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    // Without a reason: the error summary and the field say so.
    expect(await page.getByRole('alert').first().textContent()).toContain('motif');
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/^Motif/).fill('Capacité d’accueil non confirmée');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await page.locator('#historique').textContent()).toContain(
      'Ne pas publier par Inès Martin (ines@ac-lyon.test) – motif : Capacité d’accueil non confirmée',
    );
    await expectAccessible(page, nav.browser);

    await recomputeAll(nav.app.ctx);
    await page.reload();
    expect(await page.locator('#statut').textContent()).toContain('Non publié');
    await page.goto(`${nav.app.base}/instruction/parcoursup/${ids[0]}`);
    expect(await page.locator('#statut').textContent()).toContain('Prêt pour intégration');
    await ctx.close();
  });

  it('an instructeur opens an offer « À corriger » of the académie: the page says it is not in instruction — JavaScript off', async () => {
    const sys = SYSTEME('test');
    const { id } = await saveFormation(nav.app.ctx, sys, bts('NAV-CORR', { intitule: 'BTS NAV-CORR' }));
    await transition(nav.app.ctx, sys, id, 'publier');
    await transition(nav.app.ctx, sys, id, 'retourner', 'Précisez le contenu.');
    const { ctx, page } = await nav.page({ js: false, session: INSTRUCTEUR.email });
    const r = await page.goto(`${nav.app.base}/instruction/parcoursup/${id}`);
    expect(r?.status()).toBe(200);
    // Never decided, not readable by the instructeur: named by its id, not by its title.
    expect(await page.locator('h1').textContent()).toContain(`Offre ${id}`);
    const texte = await page.locator('main').textContent();
    expect(texte).toContain('n’est pas en instruction');
    expect(texte).toContain('À corriger');
    // No decision form on it; the way back is the instruction list.
    expect(await page.getByRole('button', { name: 'Enregistrer la décision' }).count()).toBe(0);
    await expectAccessible(page, nav.browser);
    await page
      .getByRole('link', { name: /instruction|liste/i })
      .first()
      .click();
    await page.waitForURL(/\/instruction(\?|$)/);
    await ctx.close();
  });

  it('an instructeur’s decision on a state decided meanwhile in another tab: the conflict, then deciding again — JavaScript off', async () => {
    const sys = SYSTEME('test');
    const { id } = await saveFormation(nav.app.ctx, sys, bts('NAV-CONFLIT', { intitule: 'BTS NAV-CONFLIT' }));
    await transition(nav.app.ctx, sys, id, 'publier');
    await transition(nav.app.ctx, sys, id, 'valider');
    const ctx = await nouveauContexte(nav.browser, { js: false });
    await ouvrirSession(await ctx.newPage(), nav.app, INSTRUCTEUR.email);
    const [onglet1, onglet2] = [await ctx.newPage(), await ctx.newPage()];
    await onglet1.goto(`${nav.app.base}/instruction/parcoursup/${id}`);
    await onglet2.goto(`${nav.app.base}/instruction/parcoursup/${id}`);
    // Decided in the second tab while the first is open.
    await onglet2.getByLabel(/^Décision/).selectOption('mettre_en_attente');
    await onglet2.getByLabel(/^Motif/).fill('Attente de l’avis du recteur');
    await onglet2.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await onglet2.locator('#statut').textContent()).toContain('En attente de mise à jour');

    await onglet1.getByLabel(/^Décision/).selectOption('non_publier');
    await onglet1.getByLabel(/^Motif/).fill('Capacité non confirmée');
    await onglet1.getByRole('button', { name: 'Enregistrer la décision' }).click();
    const conflit = (await onglet1.locator('#conflit').textContent()) ?? '';
    expect(conflit).toContain('Cette offre a changé depuis l’ouverture de la page');
    expect(conflit).toContain('la décision Parcoursup « Mise en attente » a été prise par Inès Martin');
    expect(conflit).toContain('Statut Parcoursup (actuellement « En attente de mise à jour »)');
    expect(conflit).toContain('Motif (actuellement « Attente de l’avis du recteur »)');
    expect(await onglet1.locator('#statut').textContent()).toContain('En attente de mise à jour');
    await expectAccessible(onglet1, nav.browser);
    // What was chosen is kept and the form now carries the current version: deciding again goes through.
    expect(await onglet1.getByLabel(/^Motif/).inputValue()).toBe('Capacité non confirmée');
    await onglet1.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await onglet1.locator('#statut').textContent()).toContain('Non publié');
    await ctx.close();
  });

  it('an admin previews then saves a scope rule — JavaScript off, then the pages with JavaScript', async () => {
    const sys = SYSTEME('test');
    for (const cle of ['NAV-PERIM-1', 'NAV-PERIM-2']) {
      const { id } = await saveFormation(nav.app.ctx, sys, bts(cle, { intitule: `BTS ${cle}` }));
      await transition(nav.app.ctx, sys, id, 'publier');
      await transition(nav.app.ctx, sys, id, 'valider');
    }
    const { ctx, page } = await nav.page({ js: false, session: ADMIN.email });
    await page.goto(`${nav.app.base}/admin`);
    await page.getByRole('link', { name: 'Règles de périmètre' }).click();
    await expectAccessible(page, nav.browser);
    await page.getByRole('link', { name: 'Ajouter une règle' }).click();
    await expectAccessible(page, nav.browser);
    // A wrong level first: the summary and the field say so, in French.
    await page.getByLabel(/^Plateforme/).selectOption('parcoursup');
    await page.getByLabel(/^Niveau de qualification/).fill('9');
    await page.getByLabel(/^Statut donné/).selectOption('a_publier_validation_recteur');
    await page.getByRole('button', { name: 'Voir les offres reclassées' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('Niveau de qualification');
    await expectAccessible(page, nav.browser);
    await page.getByLabel(/^Niveau de qualification/).fill('');
    await page.getByLabel(/^Type de diplôme/).fill('BTS');
    await page.getByLabel(/^Académie/).selectOption('10');
    await page.getByLabel(/^Priorité/).fill('500');
    await page.getByRole('button', { name: 'Voir les offres reclassées' }).click();
    const apercu = await page.locator('#apercu').textContent();
    expect(apercu).toContain('BTS NAV-PERIM-1');
    expect(apercu).toContain('BTS NAV-PERIM-2');
    await expectAccessible(page, nav.browser);
    await page.getByRole('button', { name: 'Enregistrer la règle' }).click();
    await page.waitForURL(/\/admin\/perimetre\?enregistree=/);
    expect(await page.getByRole('status').textContent()).toContain('(version 1)');
    await expectAccessible(page, nav.browser);
    const n = await nav.app.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('intitule', 'like', 'BTS NAV-PERIM-%')
      .where('parcoursup', '=', 'a_publier_validation_recteur')
      .execute();
    expect(n).toHaveLength(2);
    await ctx.close();

    const { ctx: js, page: p2 } = await nav.page({ js: true, session: ADMIN.email });
    await p2.goto(`${nav.app.base}/admin/perimetre`);
    await expectAccessible(p2, nav.browser);
    await p2
      .getByRole('link', { name: /^Modifier la règle/ })
      .first()
      .click();
    await p2.getByRole('button', { name: 'Voir les offres reclassées' }).click();
    await p2.locator('#apercu').waitFor();
    await expectAccessible(p2, nav.browser);
    await js.close();
  });
});
