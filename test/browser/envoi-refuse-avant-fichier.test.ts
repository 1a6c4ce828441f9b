import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// An upload form answered before its file is read (here: the kind of reference file left empty).
// The server used to stop reading the socket once it had answered: Chromium, which sends the whole
// body before it reads the answer, waited ≈ 75 s for the error (curl, which reads it at once, got
// it in a second). The rest of the body is now drained (http/vidange.ts): the error comes at once
// (the bound, 40 s, leaves room for a loaded machine; before, the answer never came within 75 s).

const GESTION = { email: 'gestion-vidange@carif.test', motDePasse: 'le mot de passe du gestionnaire' };
/** A 2 Mo file, the size of the BCN's N_FORMATION_DIPLOME.csv. */
const DEUX_MO = Buffer.alloc(2 * 1024 * 1024, 'CODE;LIBELLE\n');

describe.skipIf(!hasChromium)(`an upload refused before its file is read${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const g = await createUtilisateur(nav.app.ctx, {
      ...GESTION,
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(GESTION.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', g.id)
      .execute();
  }, 60_000);

  it('shows « Choisissez le type de fichier » within seconds for a 2 Mo file — JavaScript off', async () => {
    const { ctx, page } = await nav.page({ js: false, session: GESTION.email });
    await page.goto(`${nav.app.base}/gestion/referentiels`);
    await page.getByLabel(/Fichier officiel/).setInputFiles({
      name: 'N_FORMATION_DIPLOME.csv',
      mimeType: 'text/csv',
      buffer: DEUX_MO,
    });
    const debut = Date.now();
    await page.getByRole('button', { name: 'Envoyer et voir l’aperçu' }).click();
    await page
      .getByText(/[Cc]hoisissez le type de fichier de référence/)
      .first()
      .waitFor({ timeout: 40_000 });
    expect(Date.now() - debut).toBeLessThan(40_000);
    await expectAccessible(page, nav.browser);
    // The same connection serves the next request (kept alive, nothing left unread on it).
    await page.goto(`${nav.app.base}/gestion/referentiels`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Données de référence');
    await ctx.close();
  }, 90_000);
});
