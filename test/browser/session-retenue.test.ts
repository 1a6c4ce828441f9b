import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { loadFixture } from '../recherche/fixtures.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { ouvrirSession } from './helpers/session.ts';

// A withheld session (session.retenue) on the formation page a prescripteur opens, JavaScript off:
// listed, marked « Session retenue : non diffusée »; axe on the page. The public page leaves it out.
let id: string;
const PRESCRIPTEUR = { email: 'conseil@francetravail.test', motDePasse: 'le mot de passe du conseiller' };

describe.skipIf(!hasChromium)(`a withheld session in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const ids = await loadFixture(nav.app.ctx, [
      {
        cle: 'PATIS-RETENUE',
        intitule: 'Pâtisserie fine',
        cfd: '50022136',
        lieux: [{ code_insee: '58194' }, { code_insee: '53130', debut: '2028-09-04' }],
      },
    ]);
    id = ids.get('PATIS-RETENUE')!;
    await sql`update session set retenue = true where formation_id = ${id} and commune = 'Laval'`.execute(
      nav.app.ctx.db,
    );
    const u = await createUtilisateur(nav.app.ctx, {
      email: PRESCRIPTEUR.email,
      role: 'prescripteur',
      nom: 'Paul Conseil',
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(PRESCRIPTEUR.motDePasse), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('the prescripteur sees it marked, the public does not see it', async () => {
    const { ctx, page } = await nav.page({ js: false });
    await page.goto(`${nav.app.base}/formations/${id}`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByText('Session retenue').count()).toBe(0);

    await ouvrirSession(page, nav.app, PRESCRIPTEUR.email);
    await page.goto(`${nav.app.base}/formations/${id}`);
    const ligne = page.locator('tbody tr', { hasText: 'Laval' });
    await expect(ligne.getByText('Session retenue : non diffusée').isVisible()).resolves.toBe(true);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page);
    await ctx.close();
  });
});
