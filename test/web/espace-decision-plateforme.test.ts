import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import {
  compte,
  connecte,
  deciderPlateforme,
  Navigateur,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// A fresh user's report (05/12): after an instructeur decided « Ne pas publier » with a motif, the
// organisme's formation page said only « Parcoursup : Non publié » — no date, no decider, no motif,
// no e-mail, and /espace/formations/{id}/historique was 404. Now its page and its history page say
// when, who (by role and académie, never the person's address) and why, and the organisme is
// e-mailed as for a gestionnaire's decisions; another organisme and an anonymous visitor read none of it.

const MOTIF = 'Capacité d’accueil non confirmée par le rectorat';
const ORG = 'claire@cfa-exemple.test';
let t: TestWeb;
let org: Navigateur;
let lyon: Navigateur;
let id: string;

beforeAll(async () => {
  t = await testWeb({ now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const sys = SYSTEME('test');
  ({ id } = await saveFormation(t.ctx, sys, bts('DEC-PS', { intitule: 'BTS décision Parcoursup' })));
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  // The owner (SIREN of SIRET_A) signed in, then the instructeur of Lyon (académie of the offer).
  org = await connecte(t, { email: ORG, role: 'organisme', siren: '130025265' }, '10.52.0.1');
  const i = await compte(t, {
    email: 'ines@ac-lyon.test',
    role: 'instructeur',
    academie: '10',
    nom: 'Inès Martin',
  });
  lyon = new Navigateur(t.app, '10.52.0.2');
  await lyon.seConnecter(i.email, i.motDePasse);
  const r = await deciderPlateforme(lyon, 'parcoursup', id, { action: 'non_publier', motif: MOTIF });
  expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
});
afterAll(() => t?.close());

it('the formation page says the decision, its date, who decided (role and académie) and its motif', async () => {
  const page = await org.get(`/espace/formations/${id}`);
  expect(page.statusCode).toBe(200);
  const plateformes = texte(page.body.slice(page.body.indexOf('id="plateformes"')));
  expect(plateformes).toContain('Parcoursup : Non publié');
  expect(plateformes).toContain(
    'Décision « Ne pas publier » le 15 mars 2026 à 11:00, par un instructeur de l’académie de Lyon',
  );
  expect(plateformes).toContain(`Motif : ${MOTIF}`);
  expect(page.body).toContain(`href="/espace/formations/${id}/historique"`);
  // Never the instructeur's name nor address.
  expect(page.body).not.toContain('ines@ac-lyon.test');
  expect(page.body).not.toContain('Inès Martin');
});

it('the history page lists the decision with who and why, in French (no code)', async () => {
  const page = await org.get(`/espace/formations/${id}/historique`);
  expect(page.statusCode).toBe(200);
  const lu = texte(page.body);
  expect(lu).toContain('Historique de « BTS décision Parcoursup »');
  expect(lu).toContain(
    'Parcoursup : ne pas publier le 15 mars 2026 à 11:00 par un instructeur de l’académie de Lyon',
  );
  expect(lu).toContain('Statut Parcoursup : À publier → Non publié');
  expect(lu).toContain(`Motif : ${MOTIF}`);
  // The offer's own writes are there too (one history), and no stored code shows.
  expect(lu).toContain('Validation le 15 mars 2026');
  for (const code of ['non_publier', 'non_publie', 'a_publier', 'Détail modifié', 'ines@ac-lyon.test'])
    expect(lu).not.toContain(code);
});

it('another organisme’s user gets 404 and an anonymous visitor the sign-in page, never the motif', async () => {
  const autre = await connecte(
    t,
    { email: 'paul@autre-cfa.test', role: 'organisme', siren: '552100554' },
    '10.52.0.3',
  );
  for (const url of [`/espace/formations/${id}`, `/espace/formations/${id}/historique`]) {
    const r = await autre.get(url);
    expect(r.statusCode, url).toBe(404);
    expect(r.body).not.toContain(MOTIF);
    const anonyme = await t.app.inject({ method: 'GET', url });
    expect(anonyme.statusCode, url).toBe(303);
    expect(anonyme.headers.location).toMatch(/^\/connexion\?retour=/);
    expect(anonyme.body).not.toContain(MOTIF);
  }
  // The instructeur is no organisme: the space is not its way to the offer.
  expect((await lyon.get(`/espace/formations/${id}/historique`)).statusCode).toBe(403);
});

it('e-mails the organisme the decision and its motif, as a gestionnaire’s decision is', async () => {
  const m = await t.smtp.attendre(ORG, /^Offre non publiée sur Parcoursup : BTS décision Parcoursup$/);
  expect(m.text).toContain(
    'Un instructeur de l’académie de Lyon a décidé de ne pas publier la formation « BTS décision Parcoursup » sur Parcoursup.',
  );
  expect(m.text).toContain(`Motif : ${MOTIF}`);
  expect(m.text).toContain(`http://offre.test/espace/formations/${id}#plateformes`);
  expect(m.text).not.toContain('ines@ac-lyon.test');
  // Only the offer's structure is told.
  expect(t.smtp.recus.filter((r) => r.to.includes('paul@autre-cfa.test'))).toEqual([]);
  // And in the application.
  const notifs = texte((await org.get('/notifications')).body);
  expect(notifs).toContain(
    `« BTS décision Parcoursup » : Non publié, décision d’un instructeur de l’académie de Lyon. Motif : ${MOTIF}`,
  );
});

it('an administrator’s decision through the API is said to be the Offre administration’s', async () => {
  const cle = await createApiKey(t.ctx, { name: 'scripts-carif', scope: 'admin' });
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
    headers: { authorization: `Bearer ${cle.key}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ action: 'reprendre' }),
  });
  expect(r.statusCode, r.body).toBe(200);
  const m = await t.smtp.attendre(ORG, /^Décision Parcoursup levée/);
  expect(m.text).toContain('L’administration d’Offre a levé sa décision');
  const page = texte((await org.get(`/espace/formations/${id}`)).body);
  expect(page).toContain(
    'Décision « Reprise (décision levée) » le 15 mars 2026 à 11:00, par l’administration d’Offre',
  );
  const historique = texte((await org.get(`/espace/formations/${id}/historique`)).body);
  // Newest first: the reprise, then the refusal with its motif.
  expect(historique.indexOf('Parcoursup : reprise')).toBeLessThan(
    historique.indexOf('Parcoursup : ne pas publier'),
  );
});
