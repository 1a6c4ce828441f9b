import { beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { expectAccessible } from './helpers/axe.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';
import { cliquer, parId } from './helpers/formulaire.ts';

// A NUL character pasted in the formation form (h-formes): in a real Chromium, JavaScript off, the
// browser sends it (%00 in the form body) and the page comes back filled, the error under the
// field, accessible — not the bare 400 page of the door.

const CFA = 'nul-navigateur@cfa.test';

describe.skipIf(!hasChromium)(`a NUL character in the formation form, in a browser${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const u = await createUtilisateur(nav.app.ctx, {
      email: CFA,
      role: 'organisme',
      siren: SIRET_A.slice(0, 9),
    });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
  });

  it('sent by Chromium, said under the field, the form kept, 0 serious/critical axe violations', async () => {
    const { ctx, page, erreurs } = await nav.page({ js: false, session: CFA });
    await page.goto(`${nav.app.base}/espace/formations/nouvelle`);
    await parId(page, 'intitule').fill('BTS\u0000 MCO');
    // The field holds it (a text input's value sanitization strips line breaks only).
    expect(await parId(page, 'intitule').inputValue()).toBe('BTS\u0000 MCO');
    const envoi = page.waitForRequest((r) => r.method() === 'POST');
    await cliquer(page, 'Enregistrer le brouillon');
    // What Chromium sent: the NUL percent-encoded in the form body.
    expect((await envoi).postData() ?? '').toContain('intitule=BTS%00+MCO');
    expect(await page.getByText('contient un caractère interdit').count()).toBe(0);
    expect(await parId(page, 'intitule-erreur').textContent()).toMatch(
      /Intitulé : le caractère nul \(U\+0000\), invisible, n’est pas accepté/,
    );
    expect(await parId(page, 'intitule').inputValue()).toBe('BTS MCO');
    expect(await nav.app.ctx.db.selectFrom('formation').select('id').execute()).toEqual([]);
    await expectAccessible(page, nav.browser);
    expect(erreurs).toEqual([]);
    await ctx.close();
  }, 180_000);
});
