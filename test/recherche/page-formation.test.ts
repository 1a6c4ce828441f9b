import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// Issue 10 item 4: the formation page answers a family — what, where (address and a map link),
// when (a past start is not upcoming), how to apply, entry requirements, the référent handicap,
// Parcoursup / Affelnet — and the accessibility statement is linked from every page.

let t: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-11-30T10:00:00Z') });
  ids = await loadFixture(t.ctx);
});
afterAll(() => t.close());

const page = async (cle: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get(cle)}` });
  expect(r.statusCode).toBe(200);
  return r.body;
};
/** The text of the section that starts at heading `id` (up to the next h2). */
const section = (html: string, id: string) => {
  const i = html.indexOf(`id="${id}"`);
  expect(i, id).toBeGreaterThan(0);
  const fin = html.indexOf('<h2', i);
  return html.slice(i, fin < 0 ? undefined : fin).replace(/<[^>]+>/g, '');
};

describe('the formation page answers a family', () => {
  it('says when: the next start, and each session’s dates', async () => {
    const html = await page('CAP-BOUL-NANTES');
    expect(section(html, 'quand-ou')).toContain('Prochaine rentrée : 6 septembre 2027.');
    expect(html).toContain('Début le 6 septembre 2027, fin le 30 juin 2029');
  });

  it('never announces a past start as upcoming', async () => {
    const html = await page('CAP-COIFFURE-NEVERS');
    expect(html).toContain('Commencée le 1er septembre 2025');
    expect(html).not.toContain('Prochaine rentrée :');
    expect(html).not.toContain('Début le 1er septembre 2025');
  });

  it('says where: the address and a link to the place on a map', async () => {
    const html = await page('CAP-BOUL-NANTES');
    expect(html).toContain('44000 Nantes');
    expect(html).toContain('href="https://www.openstreetmap.org/?mlat=47.2184&amp;mlon=-1.5536');
  });

  it('says how to apply: the contacts, the organisation’s site, Parcoursup and Affelnet', async () => {
    const html = await page('CAP-BOUL-NANTES');
    const candidater = section(html, 'candidater');
    expect(candidater).toContain('Accueil : Accueil du CFA — 02 40 00 00 00 — accueil@cfa-ouest.example');
    expect(candidater).toContain('Cette formation n’est pas sur Parcoursup.');
    expect(candidater).toContain('Cette formation n’est pas sur Affelnet.');
    // On neither platform: applying directly is the only way, not an « aussi ».
    expect(candidater).toContain('Candidatez directement auprès de CFA de l’Ouest');
    expect(candidater).not.toContain('Candidatez aussi');
    expect(html).toContain('href="https://cfa-ouest.example/cap-boulanger"');
    // On a platform: where to apply.
    await t.ctx.db
      .updateTable('formation')
      .set({ affelnet: 'publie' })
      .where('id', '=', ids.get('CAP-BOUL-NANTES')!)
      .execute();
    const surAffelnet = section(await page('CAP-BOUL-NANTES'), 'candidater');
    expect(surAffelnet).toContain(
      'Cette formation est sur Affelnet : après la 3e, les vœux se font avec le collège',
    );
    expect(surAffelnet).toContain('Candidatez aussi directement auprès de CFA de l’Ouest');
    // Without contact nor site, the page says so.
    expect(section(await page('CAP-BOUL-ANGERS'), 'candidater')).toContain(
      'L’organisme n’a indiqué ni contact ni site pour cette formation.',
    );
  });

  it('gives the entry requirements and the official fiche', async () => {
    const acces = section(await page('CAP-BOUL-NANTES'), 'conditions');
    expect(acces).toContain('Accessible après la classe de 3e.');
    expect(acces).toContain('avoir de 16 à 29 ans révolus');
    expect(await page('CAP-BOUL-NANTES')).toContain(
      'href="https://www.francecompetences.fr/recherche/rncp/37537/"',
    );
    // Not apprenticeship: no apprenticeship conditions.
    expect(section(await page('TP-VENDEUR-LAVAL'), 'conditions')).not.toContain('16 à 29 ans');
  });

  it('names the référent handicap, or says there is none', async () => {
    const handicap = section(await page('CAP-BOUL-NANTES'), 'handicap');
    expect(handicap).toContain('Référent handicap : Camille Martin — handicap@cfa-ouest.example');
    expect(section(await page('CAP-BOUL-ANGERS'), 'handicap')).toContain(
      'L’organisme n’a pas indiqué de référent handicap',
    );
  });
});

describe('the accessibility statement', () => {
  it('exists, says its state and what was checked, with contact and remedies', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/accessibilite' });
    expect(r.statusCode).toBe(200);
    const texte = r.body.replace(/<[^>]+>/g, '');
    expect(texte).toContain('Déclaration d’accessibilité');
    expect(texte).toContain(
      'Offre est non conforme avec le référentiel général d’amélioration de l’accessibilité',
    );
    expect(texte).toContain('Analyse automatique par axe-core');
    expect(texte).toContain('Chromium');
    expect(texte).toContain('Test au clavier seul');
    expect(texte).toContain('Non-conformités connues');
    expect(texte).toContain('Défenseur des droits');
  });

  it('is linked from the footer of every page', async () => {
    for (const url of ['/', `/formations/${ids.get('CAP-BOUL-NANTES')}`, '/connexion', '/nulle-part']) {
      const html = (await t.app.inject({ method: 'GET', url })).body;
      expect(html, url).toMatch(/<a class="fr-footer__bottom-link" href="\/accessibilite">/);
    }
  });
});
