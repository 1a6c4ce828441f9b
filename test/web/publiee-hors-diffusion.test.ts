import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { validateOffre } from '../../src/services/gestion/validation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { avecSessionFinAvantDebut } from '../helpers/formations.ts';

// A tester's report (03/12): once a gestionnaire validated, with the confirmation
// RETRAIT_A_CONFIRMER, a revision that fails a blocking rule, the organisme's page still headed the
// offer « Publiée » while its Conformité said « Non réglementaire ». The page and the list now say it
// is out of diffusion and why; the public page, search and API do not diffuse it.

let t: TestWeb;
let org: Navigateur;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');
const INTITULE = 'BTS Retiré de la diffusion';

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'claire@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.32.0.1');
  g84 = await connecte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }, '10.32.0.2');
});
afterAll(() => t?.close());

const anonyme = (url: string) => t.app.inject({ method: 'GET', url });
const RECHERCHE = `/?q=${encodeURIComponent('retiré diffusion')}`;

/**
 * Published, validated, then a revision adding a session that ends before it starts (SESSION_DATES,
 * bloquant; a revision missing a mandatory field is refused before it is sent) validated with the confirmation.
 */
async function retiree(cle: string): Promise<string> {
  const input = formationFixture({ cle_externe: cle, intitule: INTITULE });
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaire, id, 'valider');
  // Diffused first: the public sees it, and finds it.
  expect((await anonyme(`/formations/${id}`)).statusCode).toBe(200);
  expect((await anonyme(RECHERCHE)).body).toContain(`/formations/${id}`);
  await saveFormation(t.ctx, organisme, avecSessionFinAvantDebut(input), { id });
  await expect(validateOffre(t.ctx, gestionnaire, id)).rejects.toMatchObject({
    code: 'RETRAIT_A_CONFIRMER',
    message: expect.stringContaining(': 1 règle bloquante en échec (SESSION_DATES).'),
  });
  await validateOffre(t.ctx, gestionnaire, id, { retraitConfirme: true });
  return id;
}

describe('a published offer a validated revision took out of diffusion', () => {
  it('is headed « Publiée — hors diffusion » on its page, with the blocking rules and how to fix them', async () => {
    const id = await retiree('HORS-DIFF-1');
    const r = await org.get(`/espace/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const page = texte(r.body);
    const entete = page.slice(page.indexOf(INTITULE), page.indexOf('Conformité'));
    expect(r.body).toMatch(/<span class="fr-badge fr-badge--warning">Publiée — hors diffusion<\/span>/);
    expect(r.body).not.toMatch(/<span class="fr-badge fr-badge--success">Publiée<\/span>/);
    expect(entete).toContain('Publiée — hors diffusion : 1 règle bloquante en échec');
    expect(entete).toContain('elle n’est plus diffusée, ni dans la recherche publique, ni par l’API');
    expect(entete).toContain('SESSION_DATES');
    expect(entete).toContain('Pour corriger :');
    expect(entete).not.toContain('la version validée reste diffusée');
    expect(r.body).toContain('href="#conformite"');
    expect(page).toContain('Cette offre est publiée mais hors diffusion');
    // The Conformité section already said so; it still does.
    expect(page.slice(page.indexOf('Conformité'))).toContain('Non réglementaire');
  });

  it('is not shown as diffused in the organisme’s list either', async () => {
    await retiree('HORS-DIFF-2');
    const liste = await org.get('/espace?statut=publiee');
    const ligne = texte(liste.body).slice(texte(liste.body).indexOf(INTITULE));
    expect(ligne.slice(0, 400)).toContain('Publiée — hors diffusion');
    expect(liste.body).toContain('fr-badge fr-badge--sm fr-badge--warning">Publiée — hors diffusion');
  });

  it('is diffused by neither the public page, the search nor the API', async () => {
    const id = await retiree('HORS-DIFF-3');
    expect((await anonyme(`/formations/${id}`)).statusCode).toBe(404);
    expect((await anonyme(`/api/v1/formations/${id}`)).statusCode).toBe(404);
    const recherche = await anonyme(RECHERCHE);
    expect(recherche.statusCode).toBe(200);
    expect(recherche.body).not.toContain(`/formations/${id}`);
    const api = (await anonyme('/api/v1/formations?limit=100')).json() as { data: { id: string }[] };
    expect(api.data.map((f) => f.id)).not.toContain(id);
  });

  it('a published offer still diffused keeps its plain « Publiée » badge', async () => {
    const { id } = await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'HORS-DIFF-OK' }));
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    const r = await org.get(`/espace/formations/${id}`);
    expect(r.body).toMatch(/<span class="fr-badge fr-badge--success">Publiée<\/span>/);
    expect(r.body).not.toContain('id="hors-diffusion"');
  });

  it('is « Publiée — hors diffusion » on the gestionnaire’s review page too, with the blocking rules', async () => {
    const id = await retiree('HORS-DIFF-4');
    const r = await g84.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const page = texte(r.body);
    expect(page).toContain('Statut : Publiée — hors diffusion');
    expect(page).not.toMatch(/Statut : Publiée(?! — hors diffusion)/);
    const entete = page.slice(page.indexOf('Statut :'), page.indexOf('Modifications par rapport'));
    expect(entete).toContain('Publiée — hors diffusion : 1 règle bloquante en échec');
    expect(entete).toContain('SESSION_DATES');
    expect(entete).toContain('Pour corriger :');
    expect(entete).toContain('ses modifications formeront une révision');
    expect(r.body).toContain('href="#controles"');
  });

  it('is « Publiée — hors diffusion » in the data-quality list of a rule’s failing offers', async () => {
    const id = await retiree('HORS-DIFF-5');
    const r = await g84.get('/gestion/qualite?code=SESSION_DATES');
    expect(r.statusCode).toBe(200);
    const ligne = r.body.slice(r.body.indexOf(`/gestion/formations/${id}`));
    expect(texte(ligne.slice(0, ligne.indexOf('</tr>')))).toContain('Publiée — hors diffusion');
  });

  it('is counted apart from « Publiée » in the dashboard’s offers by statut', async () => {
    await retiree('HORS-DIFF-6');
    const r = await g84.get('/gestion/qualite');
    expect(r.statusCode).toBe(200);
    const tableau = r.body.slice(r.body.indexOf('<caption>Offres par statut</caption>'));
    const lignes = texte(tableau.slice(0, tableau.indexOf('</table>')));
    expect(lignes).toMatch(/Publiée — hors diffusion \d/);
  });

  it('a diffused offer keeps « Statut : Publiée » on the review page, without the warning', async () => {
    const { id } = await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'HORS-DIFF-OK2' }));
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    const r = await g84.get(`/gestion/formations/${id}`);
    expect(texte(r.body)).toContain('Statut : Publiée Verdict');
    expect(r.body).not.toContain('id="hors-diffusion"');
  });
});

describe('the history of an offer validated « malgré tout »', () => {
  /** The text of a page's history, from its « Historique » heading (id `historique`). */
  const historique = (html: string) => texte(html.slice(html.indexOf('id="historique"')));

  it('says, on the organisme’s and the gestionnaire’s pages, that the validation took it out of diffusion and why', async () => {
    const id = await retiree('HORS-DIFF-7');
    const phrase =
      'Validée malgré tout : l’offre est « Publiée — hors diffusion » (règle bloquante en échec : SESSION_DATES, Dates de session valides)';
    for (const nav of [org, g84]) {
      const page = await nav.get(`/${nav === org ? 'espace' : 'gestion'}/formations/${id}`);
      expect(page.statusCode).toBe(200);
      expect(historique(page.body)).toContain(phrase);
    }
  });

  it('lists the entries newest first on both pages: the validation before the creation', async () => {
    const id = await retiree('HORS-DIFF-8');
    for (const nav of [org, g84]) {
      const h = historique((await nav.get(`/${nav === org ? 'espace' : 'gestion'}/formations/${id}`)).body);
      // The revision's changes, validated: « Modifications …, validées par … » / « Modifications validées (révision) ».
      const validation = h.indexOf('validées');
      const creation = h.indexOf('Création');
      expect(validation).toBeGreaterThan(-1);
      expect(creation).toBeGreaterThan(validation);
    }
  });

  it('a plain validation says nothing of diffusion', async () => {
    const { id } = await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'HORS-DIFF-OK3' }));
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    for (const nav of [org, g84]) {
      const h = historique((await nav.get(`/${nav === org ? 'espace' : 'gestion'}/formations/${id}`)).body);
      expect(h).toContain('Validation');
      expect(h).not.toContain('hors diffusion');
    }
  });
});

// A fresh user's report (07/12): an offer NEVER diffused, validated « Non réglementaire » at its
// first validation, was said « elle n’est plus diffusée » and « de nouveau diffusée » on both pages.
describe('an offer never diffused, validated out of diffusion at once', () => {
  it('is said « pas diffusée » and « sera diffusée », never « plus » nor « de nouveau »', async () => {
    const input = avecSessionFinAvantDebut(
      formationFixture({ cle_externe: 'JAMAIS-DIFF', intitule: INTITULE }),
    );
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await validateOffre(t.ctx, gestionnaire, id, { retraitConfirme: true });
    for (const [nav, url] of [
      [org, `/espace/formations/${id}`],
      [g84, `/gestion/formations/${id}`],
    ] as const) {
      const r = await nav.get(url);
      expect(r.statusCode).toBe(200);
      const avis = texte(r.body.slice(r.body.indexOf('id="hors-diffusion"')));
      const bloc = avis.slice(0, avis.indexOf('Le détail et les preuves'));
      expect(bloc).toContain('elle n’est pas diffusée, ni dans la recherche publique');
      expect(bloc).toContain('sera diffusée');
      expect(bloc).not.toContain('plus diffusée');
      expect(bloc).not.toContain('de nouveau');
    }
    // The « Publier » section of the organisme's page says it the same way.
    const publier = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(publier).toContain('Cette offre est publiée mais hors diffusion');
    expect(publier).toContain('validée, l’offre sera diffusée.');
    expect(publier).not.toContain('de nouveau diffusée');
  });
});
