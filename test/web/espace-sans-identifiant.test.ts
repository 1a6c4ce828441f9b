import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleNouvelle } from '../../src/formats/classeur/classeur.analyzer.ts';

import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, sessionForm } from './espace.helpers.ts';

// Review (03/12): the organisme's pages showed internal ids as text — « Référence fo_… » on an
// offer without an external reference, « Session se_… introuvable. » for a wrong session address
// (with no way back to the formation). An id stays in addresses; the text names what a user knows.

let t: TestWeb;
let navA: Navigateur;
let navB: Navigateur;

beforeAll(async () => {
  ({ t, nav: navA } = await espaceAvecReferentiels('ana@cfa-ids.test', '10.33.0.1'));
  navB = await connecte(
    t,
    { email: 'bob@cfa-ids.test', role: 'organisme', siren: SIRET_B.slice(0, 9) },
    '10.33.0.2',
  );
});
afterAll(() => t.close());

/** A formation of SIRET_A made through the form, with one session: their ids. */
async function avecSession(intitule: string): Promise<{ id: string; sid: string }> {
  const id = await creerParFormulaire(navA, ficheComplete(SIRET_A, { intitule }));
  await navA.get(`/espace/formations/${id}/sessions/nouvelle`);
  const r = await navA.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
  expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
  const s = await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute();
  return { id, sid: s[0]!.id };
}

describe('the formation’s reference', () => {
  it('is the external key when there is one, never the internal id (page and list)', async () => {
    const { id } = await avecSession('Sans clé externe');
    const sans = texte((await navA.get(`/espace/formations/${id}`)).body);
    expect(sans).not.toContain(id);
    expect(sans).not.toMatch(/Référence fo_/);
    const { id: avec } = await saveFormation(
      t.ctx,
      organismeDe(SIRET_A.slice(0, 9)),
      formationFixture({ cle_externe: 'CFA-IDS-42', intitule: 'Avec clé externe' }),
    );
    expect(texte((await navA.get(`/espace/formations/${avec}`)).body)).toContain('Référence CFA-IDS-42');
    const liste = texte((await navA.get('/espace')).body);
    expect(liste).toContain('CFA-IDS-42 Avec clé externe');
    expect(liste).toContain('— Sans clé externe');
    expect(liste).not.toContain(id);
  });
});

describe('a formation made from a new row of the workbook', () => {
  // A fresh CFA user's finding (07/12/2026): a new workbook row without a reference became a
  // draft whose « Référence » read « classeur-a2627f403ec4c80863ea », the key Offre makes to find
  // it again when the same workbook is sent again (test/classeur/aller-retour.test.ts). That key
  // is no reference of the organisme's: « — », as without one.
  it('shows « — » in the list and no « Référence » on its page, not the key Offre made', async () => {
    const cle = cleNouvelle({
      siretResponsable: SIRET_A,
      siretFormateur: SIRET_A,
      rncp: 'RNCP34825',
      intitule: 'Ligne nouvelle du classeur',
    });
    const { id } = await saveFormation(
      t.ctx,
      organismeDe(SIRET_A.slice(0, 9)),
      formationFixture({ cle_externe: cle, intitule: 'Ligne nouvelle du classeur' }),
    );
    const liste = texte((await navA.get('/espace')).body);
    expect(liste).toContain('— Ligne nouvelle du classeur');
    expect(liste).not.toContain(cle);
    const page = texte((await navA.get(`/espace/formations/${id}`)).body);
    expect(page).not.toContain(cle);
    expect(page).not.toMatch(/Référence classeur-/);
    // Nor in its history (« Référence externe : vide → classeur-… »).
    expect(page).not.toContain('Référence externe');
  });
});

describe('a likely duplicate formation without a title', () => {
  it('is named « Formation sans intitulé » in the warning, not by its id', async () => {
    // The form asks a title, a file may not give one: same certification and organismes as the form's.
    const { id } = await saveFormation(
      t.ctx,
      organismeDe(SIRET_A.slice(0, 9)),
      formationFixture({ cle_externe: 'SANS-TITRE', intitule: null, certification: { rncp: 'RNCP34825' } }),
    );
    await navA.get('/espace/formations/nouvelle');
    const r = await navA.post('/espace/formations/nouvelle', ficheComplete(SIRET_A, { intitule: 'Doublon' }));
    const lu = texte(r.body);
    expect(lu).toContain('Cette formation existe peut-être déjà');
    expect(r.body).toContain(`href="/espace/formations/${id}">Formation sans intitulé</a>`);
    expect(lu).not.toContain(id);
  });
});

describe('a session form’s address opened as a link', () => {
  it('of a session the formation has: back to the formation, nothing removed', async () => {
    const { id, sid } = await avecSession('Retrait par lien');
    for (const action of ['retirer', 'remettre']) {
      const r = await navA.get(`/espace/formations/${id}/sessions/${sid}/${action}`);
      expect(r.statusCode, action).toBe(303);
      expect(r.headers.location).toBe(`/espace/formations/${id}#session-${sid}`);
    }
    const s = await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute();
    expect(s.map((x) => x.id)).toEqual([sid]);
  });
});

describe('a session address the formation does not have', () => {
  it('answers 404 « Session introuvable » without echoing the id, with « Retour à la formation »', async () => {
    const { id } = await avecSession('Session inconnue');
    const { sid: autre } = await avecSession('Une autre formation');
    const base = `/espace/formations/${id}`;
    await navA.get(base);
    const reponses = [
      await navA.get(`${base}/sessions/se_inconnue`),
      await navA.get(`${base}/sessions/nouvelle?depuis=se_inconnue`),
      await navA.get(`${base}/sessions/nouvelle?depuis=${autre}`),
      await navA.post(`${base}/sessions/se_inconnue`, sessionForm()),
      await navA.post(`${base}/sessions/se_inconnue/retirer`, {}),
      await navA.post(`${base}/sessions/se_inconnue/remettre`, {}),
      // The forms' addresses opened as links (fresh user's report, 03/12: « Page introuvable »).
      await navA.get(`${base}/sessions/se_inconnue/retirer`),
      await navA.get(`${base}/sessions/se_inconnue/remettre`),
    ];
    for (const r of reponses) {
      expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(404);
      const lu = texte(r.body);
      expect(r.body).toContain('<h1>Session introuvable</h1>');
      expect(r.body).toContain('<code>SESSION_INTROUVABLE</code>');
      expect(lu).toContain('Cette session n’existe pas ou a été supprimée.');
      expect(lu).not.toContain('se_inconnue');
      expect(lu).not.toContain(autre);
      expect(r.body).toMatch(new RegExp(`<a class="fr-btn" href="${base}">Retour à la formation</a>`));
    }
  });

  it('of another organisme’s formation: the formation is unknown, no id echoed, back to the space', async () => {
    const { id, sid } = await avecSession('Formation de A');
    await navB.get('/espace');
    for (const r of [
      await navB.get(`/espace/formations/${id}`),
      await navB.get(`/espace/formations/${id}/sessions/${sid}`),
      await navB.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`),
    ]) {
      expect(r.statusCode).toBe(404);
      const lu = texte(r.body);
      expect(lu).toContain('Cette formation n’existe pas ou n’est pas dans l’offre de votre structure.');
      expect(lu).not.toContain(id);
      expect(lu).not.toContain(sid);
      expect(r.body).toContain('href="/espace">Retour à mes formations');
      expect(r.body).not.toContain('Retour à la formation');
    }
  });
});
