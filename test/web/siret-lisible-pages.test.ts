import { afterAll, beforeAll, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
} from './espace.helpers.ts';

// User pass of 05/12: the gestionnaire's review page headed « (SIRET 13002526500013) » while its
// rule messages wrote « 130 025 265 00013 ». Every page shows a SIRET grouped for reading
// (identifiants.ts siretLisible); links, form values and the data served keep it bare (the public
// pages: test/web/organisme-public.test.ts).

const LISIBLE = '130 025 265 00013';
/** The visible text, without the structured data (JSON-LD keeps the SIRET bare: it is data). */
const visible = (html: string) => texte(html.replace(/<script[\s\S]*?<\/script>/g, ''));
let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
let id: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'claire@cfa-siret.test', role: 'organisme', siren: SIREN_A }, '10.44.0.1');
  const g = await compte(t, { email: 'g11@siret.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.44.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
  id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Titre lisible par apprentissage' }));
  expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm())).statusCode).toBe(303);
  expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
  expect((await confirmer(org, id)).statusCode).toBe(303);
});
afterAll(() => t?.close());

it('the review page names the responsable with its SIRET grouped, as its rule messages do', async () => {
  const page = await g11.get(`/gestion/formations/${id}`);
  expect(page.statusCode).toBe(200);
  const s = visible(page.body);
  // Its raison sociale when the offer carries one: « ACME (SIRET 130 025 265 00013) ».
  const entete = s.slice(s.indexOf('Statut :'), s.indexOf('Modifications par rapport'));
  expect(entete).toMatch(new RegExp(`Organisme responsable : (.+ \\()?SIRET ${LISIBLE}`));
  expect(entete).not.toContain(SIRET_A);
  // The rule messages below write it the same way (the evidence keeps it bare: it is data).
  expect(s).toContain(`Le responsable SIRET ${LISIBLE} n’a pas d’UAI`);
});
