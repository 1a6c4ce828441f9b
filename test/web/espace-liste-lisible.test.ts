import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { formationFixture } from '../helpers/formations.ts';
import { publieeEtRevisee } from '../helpers/revision.ts';

// /espace read by a person: its numbers add up (a published offer whose revision is submitted is
// in two tabs, and the revision's tab says so), and a page link the list never handed out
// (`page=2`, typed or kept from an old visit) shows the first page with a French sentence, not the
// API's « next_cursor » refusal. Real HTTP layer (inject), the test database.

let t: TestWeb;
let nav: Navigateur;
const SIREN = SIRET_A.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await saveFormation(t.ctx, organismeDe(SIREN), formationFixture({ cle_externe: 'BROUILLON-1' }));
  await publieeEtRevisee(t.ctx, formationFixture({ cle_externe: 'REVISEE-1' }), {
    intitule: 'BTS révisé',
  });
  nav = await connecte(t, { email: 'lea@cfa-liste.test', role: 'organisme', siren: SIREN }, '10.42.0.1');
});
afterAll(() => t.close());

describe('the tabs of /espace', () => {
  it('say how many of a tab’s offers are revisions of published ones, counted in « Publiées » too', async () => {
    const r = await nav.get('/espace');
    expect(r.statusCode).toBe(200);
    const h = texte(r.body);
    expect(h).toContain('Mes formations (2)');
    expect(h).toContain('Brouillons (1)');
    expect(h).toContain('Publiées (1)');
    expect(h).toContain('En attente de validation (1, dont 1 révision d’offre publiée)');
    expect(h).toContain('À corriger (0)');
  });
});

describe('a page link of /espace that the list never handed out', () => {
  it.each([
    ['/espace?page=2', '/espace'],
    ['/espace?page=99999', '/espace'],
    ['/espace?statut=brouillon&page=abc', '/espace?statut=brouillon'],
  ])('%s shows the first page, says so in French and links its address', async (url, premiere) => {
    const r = await nav.get(url);
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(200);
    const h = texte(r.body);
    expect(h).toContain('Cette page n’existe pas');
    expect(h).not.toContain('next_cursor');
    expect(r.body).toContain(`<a href="${premiere}">à son adresse</a>`);
    expect(h).toContain('BTS Management commercial opérationnel');
    // A first page has no « Première page » link of its own.
    expect(h).not.toContain('Première page');
  });

  it('says nothing of the kind on the list’s own pages', async () => {
    expect((await nav.get('/espace')).body).not.toContain('page-inexistante');
  });
});
