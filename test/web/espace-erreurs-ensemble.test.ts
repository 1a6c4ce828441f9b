import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import {
  champsDeLaPage,
  espaceAvecReferentiels,
  ficheComplete,
  liensDuResume,
  publieeParPages,
  versionLue,
} from './espace.helpers.ts';

// A fresh user's report (03/12): on the formation form, an empty « Intitulé » with a duration out
// of bounds showed only the duration's error; the title's came at the next save, saying « même en
// brouillon » on a published offer.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('ensemble@cfa.test', '10.54.0.1'));
  const g = await compte(t, { email: 'g11@ensemble.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.54.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

describe('the formation form’s errors', () => {
  it('come all at once: the reading’s and the empty title’s, worded for a published offer', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Erreurs ensemble');
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: '', 'modalites.duree_annees': '11' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    const page = texte(r.body);
    expect(page).toContain('Durée');
    expect(page).toMatch(/intitulé/i);
    const resume = texte(
      r.body.slice(
        r.body.indexOf('fr-alert--error'),
        r.body.indexOf('</div>', r.body.indexOf('fr-alert--error')),
      ),
    );
    expect(resume).toMatch(/intitulé/i);
    expect(page).not.toContain('même en brouillon');
    // Nothing stored: the title is still the published one.
    expect(texte((await org.get(`/espace/formations/${id}`)).body)).toContain('Erreurs ensemble');
  });

  it('on a published offer, says an emptied mandatory field with the others, not at the next send', async () => {
    // A fresh user's report (06/12): the link's error first, « objectif » required only once fixed.
    const id = await publieeParPages(org, g11, SIRET_A, 'Obligatoires ensemble');
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Obligatoires ensemble', objectif: '', url: 'pas un lien' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    expect(liensDuResume(r.body)).toEqual(champsDeLaPage(r.body, ['objectif', 'url']));
    expect(texte(r.body)).toContain('Champ obligatoire non renseigné : l’objectif.');
  });

  it('a new formation without a title still says it is needed even for a draft', async () => {
    await org.get('/espace/formations/nouvelle');
    const r = await org.post('/espace/formations/nouvelle', ficheComplete(SIRET_A, { intitule: '' }));
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('même en brouillon');
  });
});
