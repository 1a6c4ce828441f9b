import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { loadReferentiels } from './espace.helpers.ts';

// Fresh user, 07/12: a campaign workbook row with « SIRET formateur » 13 digits long (malformed,
// stored as typed, blocked by ORG_SIRET_FORMAT) made that SIRET a choice of the « Organisme
// responsable / formateur » lists of every formation form of the structure, and nobody could
// remove it. A malformed SIRET is never a choice; the formation that carries it still shows its
// own value (so it can be corrected), and only there.

let t: TestWeb;
let nav: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);
const MALFORME = SIRET_A.slice(0, 13);
let porteuse: string;

/** The values of the options of the select `name` in `html`. */
const options = (html: string, name: string) => {
  const debut = html.indexOf(`name="${name}"`);
  expect(debut, name).toBeGreaterThan(0);
  const select = html.slice(debut, html.indexOf('</select>', debut));
  return [...select.matchAll(/<option[^>]*value="([^"]*)"/g)].map((m) => m[1]);
};

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'laval@cfa.test', role: 'organisme', siren: SIREN_A }, '10.21.0.7');
  const base = formationFixture({ cle_externe: 'SIRET-13', intitule: 'Formation au SIRET tronqué' });
  ({ id: porteuse } = await saveFormation(t.ctx, organismeDe(SIREN_A), {
    ...base,
    formateur: { ...base.formateur, siret: MALFORME },
  }));
});
afterAll(() => t.close());

describe('a malformed SIRET stored on one formation', () => {
  it('is not offered on a new formation’s form', async () => {
    const html = (await nav.get('/espace/formations/nouvelle')).body;
    for (const champ of ['responsable.siret', 'formateur.siret']) {
      expect(options(html, champ)).toContain(SIRET_A);
      expect(options(html, champ)).not.toContain(MALFORME);
    }
  });

  it('is shown on its own formation’s form, as its current value only', async () => {
    const html = (await nav.get(`/espace/formations/${porteuse}`)).body;
    expect(options(html, 'formateur.siret')).toContain(MALFORME);
    expect(html).toMatch(new RegExp(`<option[^>]*value="${MALFORME}"[^>]*selected`));
    expect(options(html, 'responsable.siret')).not.toContain(MALFORME);
  });
});
