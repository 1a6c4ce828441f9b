import type { Page } from 'playwright-core';
import { COOKIE_CONNEXION } from '../../../src/http/plugins/connexion.plugin.ts';
import { openConnexion } from '../../../src/services/comptes/connexion.service.ts';
import { hashPassword } from '../../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../../src/services/comptes/utilisateur.service.ts';
import type { AppLancee } from './serveur.ts';

/**
 * Signs in through the /connexion form, as a person does (works with JavaScript on and off),
 * and waits for the page it lands on. For the tests about signing in (comptes, journal, the
 * journeys); the others take a session cookie (ouvrirSession).
 */
export async function seConnecter(
  page: Page,
  base: string,
  email: string,
  motDePasse: string,
): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(motDePasse);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/connexion')),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
}

/**
 * Signs `email` in without the form: opens a session as the sign-in does once the password is
 * checked (openConnexion, same token, same cookie) and gives its cookie to the page's context;
 * the page stays where it is (the test then goes where it needs). For tests whose subject is not
 * the sign-in: the form costs two page loads, ≈ 2 s of CPU (measured, docs/mesures.md). The
 * account must exist and be active; throws otherwise.
 */
export async function ouvrirSession(page: Page, app: AppLancee, email: string): Promise<void> {
  const u = await app.ctx.db
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', email)
    .where('actif', '=', true)
    .executeTakeFirstOrThrow(() => new Error(`pas de compte actif ${email}`));
  const token = await openConnexion(app.ctx, u.id);
  await page
    .context()
    .addCookies([{ name: COOKIE_CONNEXION, value: token, url: app.base, httpOnly: true, sameSite: 'Lax' }]);
}

/** Signs out with the header's button. */
export async function seDeconnecter(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL(/\/connexion\?info=deconnecte/),
    page.getByRole('button', { name: 'Se déconnecter' }).first().click(),
  ]);
}

/**
 * An organisme user of SIREN `siren` who signs in with `motDePasse` (no first-sign-in change):
 * `offre user add`, then the password set as the user would have set it.
 */
export async function compteOrganisme(
  app: AppLancee,
  c: { email: string; motDePasse: string; siren: string; nom: string },
): Promise<void> {
  const u = await createUtilisateur(app.ctx, {
    email: c.email,
    role: 'organisme',
    siren: c.siren,
    nom: c.nom,
  });
  await app.ctx.db
    .updateTable('utilisateur')
    .set({ password_hash: await hashPassword(c.motDePasse), doit_changer_mot_de_passe: false })
    .where('id', '=', u.id)
    .execute();
}

/**
 * A gestionnaire (of `region`) or an administrator, signed in without the form (ouvrirSession):
 * `offre user add`, then no first-sign-in password change.
 */
export async function compteGestion(
  app: AppLancee,
  c: { email: string; nom: string } & ({ role: 'gestionnaire'; region: string } | { role: 'admin' }),
): Promise<void> {
  const u = await createUtilisateur(app.ctx, c);
  await app.ctx.db
    .updateTable('utilisateur')
    .set({ doit_changer_mot_de_passe: false })
    .where('id', '=', u.id)
    .execute();
}
