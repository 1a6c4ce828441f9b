import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, decider, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
} from './espace.helpers.ts';

// A fresh tester's report on the signed-in pages (03/12): the gestionnaire's review after a
// validated revision still listed its changes (the offer's last validation date was not moved);
// a removed session read « archivée non → oui », an added one « vide → Session du … »; one actor
// had three names; a revision that cancels itself was not said so.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
let g84: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'claire@cfa-fin.test', role: 'organisme', siren: SIREN_A }, '10.43.0.1');
  for (const [region, ip] of [
    ['11', '10.43.0.2'],
    ['84', '10.43.0.3'],
  ] as const) {
    const g = await compte(t, { email: `g${region}@region.test`, role: 'gestionnaire', region });
    const nav = new Navigateur(t.app, ip);
    await nav.seConnecter(g.email, g.motDePasse);
    if (region === '11') g11 = nav;
    else g84 = nav;
  }
});
afterAll(() => t?.close());

const SESSION_2 = 'Session du 1er septembre 2027 au 30 juin 2028';

/** The gestionnaire validates the offer (or its revision) through its review page. */
async function valider(id: string) {
  await g11.get(`/gestion/formations/${id}`);
  const r = await decider(g11, id, 'valider', { confirmer_retrait: 'oui' });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
}

/** A formation in Paris (région 11) with one session (two with `deux`), published and validated: its id. */
async function publiee(intitule: string, deux = true): Promise<string> {
  const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule }));
  const sessions = [
    sessionForm(),
    ...(deux ? [sessionForm({ debut: '2027-09-01', fin: '2028-06-30' })] : []),
  ];
  for (const s of sessions)
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, s)).statusCode).toBe(303);
  expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
  expect((await confirmer(org, id)).statusCode).toBe(303);
  await valider(id);
  return id;
}

/** The session of `id` starting on `debut`: its id. */
async function sessionDu(id: string, debut: string) {
  const s = await t.ctx.db
    .selectFrom('session')
    .select('id')
    .where('formation_id', '=', id)
    .where('debut', '=', debut)
    .executeTakeFirstOrThrow();
  return s.id;
}

/** The review page's « Modifications » section, as its visible text. */
async function modifications(id: string) {
  const page = await g11.get(`/gestion/formations/${id}`);
  expect(page.statusCode).toBe(200);
  return texte(page.body.slice(page.body.indexOf('id="modifications"'), page.body.indexOf('id="controles"')));
}

/** The newest entry of the formation page's history, as its visible text. */
async function derniereEntree(id: string) {
  const page = await org.get(`/espace/formations/${id}`);
  const section = page.body.slice(page.body.indexOf('id="historique"'));
  return texte(section.split('<li class="fr-mb-2w">')[1] ?? '').trim();
}

describe('the review of a session taken out, before and after its validation', () => {
  it('reads « Session du … retirée », then « Aucune modification » once validated', async () => {
    const id = await publiee('Revue session retirée');
    const sid = await sessionDu(id, '2027-09-01');
    await org.get(`/espace/formations/${id}`);
    expect((await org.post(`/espace/formations/${id}/sessions/${sid}/retirer`, {})).statusCode).toBe(303);

    const avant = await modifications(id);
    expect(avant).toContain(`${SESSION_2} retirée`);
    expect(avant).not.toContain('archivée');
    expect(avant).not.toContain('Session modifiée');

    await valider(id);
    const apres = await modifications(id);
    expect(apres).toContain('Aucune modification depuis la dernière validation.');
    expect(apres).not.toContain('Dernière version validée');
    expect(apres).not.toContain('se_');
  });
});

describe('a session added', () => {
  it('reads « Session du … ajoutée (its place) » in the history and the review', async () => {
    const id = await publiee('Revue session ajoutée', false);
    await org.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2027-09-01', fin: '2028-06-30' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const ajout = `${SESSION_2} ajoutée (75001 Paris 1er Arrondissement, recrutement ouvert)`;
    const entree = await derniereEntree(id);
    expect(entree).toContain(ajout);
    expect(entree).not.toContain('vide →');
    const revue = await modifications(id);
    expect(revue).toContain(ajout);
    expect(revue).not.toContain('Nouvelle session');
  });
});

describe('a revision that cancels itself', () => {
  it('says the offer is back to its published version, in the notice and the history', async () => {
    const id = await publiee('Revue révision annulée', false);
    const sid = await sessionDu(id, '2027-09-06');
    await org.get(`/espace/formations/${id}`);
    await org.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`);
    const s = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2027-10-04', fin: '2029-06-29' }),
    );
    expect(s.statusCode, texte(s.body).slice(0, 400)).toBe(303);
    const nouvelle = /#session-(.+)$/.exec(String(s.headers.location))![1]!;
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}/sessions/${nouvelle}/retirer`, {});
    expect(r.statusCode).toBe(303);
    const page = texte((await org.get(String(r.headers.location))).body);
    expect(page).toContain(
      'Session retirée : l’offre est revenue à sa version publiée, la révision est abandonnée.',
    );
    const entree = await derniereEntree(id);
    expect(entree).toMatch(/^Révision abandonnée : l’offre est revenue à sa version publiée le /);
    // What the abandoned revision proposed, taken back: its added session, never diffused.
    expect(entree).toMatch(/ par claire@cfa-fin\.test Ajout de la session du .+ annulé$/);
  });
});

describe('Offre’s own actors', () => {
  it('have one French name on both pages, a command-line import no internal id', async () => {
    const f = formationFixture({ cle_externe: 'ACTEURS-FIN', intitule: 'BTS Acteurs' });
    const { id } = await saveFormation(t.ctx, SYSTEME('demo'), f);
    await saveFormation(t.ctx, SYSTEME('import-lheo'), { ...f, objectif: 'Objectif importé.' }, { id });

    const espace = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(espace).toMatch(/Création le .* par Offre \(données de démonstration\)/);
    expect(espace).toMatch(/Modification le .* via un import LHEO en ligne de commande/);

    const page = await g84.get(`/gestion/formations/${id}`);
    expect(page.statusCode).toBe(200);
    const revue = texte(page.body.slice(page.body.indexOf('id="historique"')));
    expect(revue).toContain('Offre (données de démonstration)');
    expect(revue).toContain('via un import LHEO en ligne de commande');
    for (const interne of ['système', 'import-lheo', '(demo)']) {
      expect(revue).not.toContain(interne);
      expect(espace).not.toContain(interne);
    }
  });
});
