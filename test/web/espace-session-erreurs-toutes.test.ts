import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { champsDeLaPage, espaceAvecReferentiels, liensDuResume, publieeParPages } from './espace.helpers.ts';

// A fresh user's report (06/12): the session form of a published offer, sent without JavaScript,
// reported its problems a few at a time — an impossible date and a negative capacity first, the
// missing place (which « Publier » requires) only once those were fixed.

let t: TestWeb;
let org: Navigateur;
let id: string;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('toutes@cfa.test', '10.55.0.1'));
  const g = await compte(t, { email: 'g11@toutes.test', role: 'gestionnaire', region: '11' });
  const g11 = new Navigateur(t.app, '10.55.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
  id = await publieeParPages(org, g11, SIRET_A, 'Toutes les erreurs');
});
afterAll(() => t?.close());

const sansLieu = {
  'lieu.adresse': '',
  'lieu.code_postal': '',
  'lieu.commune': '',
  etat_recrutement: 'ouvert',
};

describe('the session form of a published offer', () => {
  it('reports every problem in one send, in the order of the fields, one message each', async () => {
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    const page = (await org.get(url)).body;
    const r = await org.post(url, { ...sansLieu, debut: '2027-09-31', fin: '2026-01-01', capacite: '-5' });
    expect(r.statusCode).toBe(400);
    const liens = liensDuResume(r.body);
    expect(liens).toEqual(champsDeLaPage(page, ['debut', 'lieu.code_postal', 'capacite']));
    expect(texte(r.body)).toContain('Code postal : obligatoire pour une session d’une formation publiée');

    const r2 = await org.post(url, { ...sansLieu, debut: '2027-09-01', fin: '2026-01-01' });
    expect(r2.statusCode).toBe(400);
    expect(liensDuResume(r2.body)).toEqual(champsDeLaPage(page, ['fin', 'lieu.code_postal']));
    expect(texte(r2.body)).toContain('doit suivre la date de début');
  });
});
