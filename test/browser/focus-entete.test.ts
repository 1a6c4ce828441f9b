import { beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { hasChromium, SKIP_CHROMIUM } from './helpers/chromium.ts';
import { fichierNavigateur } from './helpers/fichier.ts';

// A fresh user tabbing on /gestion (392e0e1f) read a computed outline of 0 px on the header's
// « Offre » link (RGAA 10.7, focus visible). The design system draws that focus elsewhere: the link
// sits in `fr-enlarge-link`, its own outline is 0 and its ::before, stretched over the whole brand
// block, carries the 2 px ring. Checked as a person sees it: the pixels of the brand block change
// when the link takes the focus from the keyboard.

const GESTION = 'gestion@carif-focus.test';

describe.skipIf(!hasChromium)(`the header link’s keyboard focus${SKIP_CHROMIUM}`, () => {
  const nav = fichierNavigateur();
  beforeAll(async () => {
    const g = await createUtilisateur(nav.app.ctx, { email: GESTION, role: 'gestionnaire', region: '84' });
    await nav.app.ctx.db
      .updateTable('utilisateur')
      .set({ doit_changer_mot_de_passe: false })
      .where('id', '=', g.id)
      .execute();
  });

  for (const js of [false, true])
    it(`/gestion, JavaScript ${js ? 'on' : 'off'}: tabbing to « Offre » draws a visible ring round the brand block`, async () => {
      const { ctx, page } = await nav.page({ js, session: GESTION });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${nav.app.base}/gestion`);
      const lien = page.locator('.fr-header__service a[title="Accueil – Offre"]');
      const bloc = page.locator('.fr-header__brand');
      const zone = (await bloc.boundingBox())!;
      const clip = { x: zone.x - 6, y: zone.y - 6, width: zone.width + 12, height: zone.height + 12 };
      const avant = await page.screenshot({ clip });
      // Tab from the top of the page until the link has the focus (skip links, then the header).
      let atteint = false;
      for (let i = 0; i < 15 && !atteint; i++) {
        await page.keyboard.press('Tab');
        atteint = await lien.evaluate((a) => a === document.activeElement && a.matches(':focus-visible'));
      }
      expect(atteint).toBe(true);
      const anneau = await lien.evaluate((a) => {
        const s = getComputedStyle(a, '::before');
        const r = a.parentElement!.closest('.fr-header__brand')!.getBoundingClientRect();
        return {
          lien: getComputedStyle(a).outlineWidth,
          style: s.outlineStyle,
          largeur: s.outlineWidth,
          couleur: s.outlineColor,
          bloc: r.width > 100,
        };
      });
      // The link's own outline is 0 (the user's reading); its ::before draws a 2 px solid ring.
      expect(anneau).toMatchObject({ lien: '0px', style: 'solid', largeur: '2px', bloc: true });
      expect(anneau.couleur).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
      const apres = await page.screenshot({
        clip,
        path: `/tmp/h-formulaires-focus-${js ? 'js' : 'sans-js'}.png`,
      });
      expect(apres.equals(avant)).toBe(false);
      await ctx.close();
    }, 120_000);
});
