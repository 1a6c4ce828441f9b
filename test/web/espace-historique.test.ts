import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { getHistorique } from '../../src/services/feed.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import {
  creerParFormulaire,
  entreesHistorique,
  ficheComplete,
  loadReferentiels,
  publieeParPages,
  sessionForm,
  validerParRevue,
  versionLue,
} from './espace.helpers.ts';

// A tester's report on the « Historique » of a formation's page (and the gestionnaire's review):
// each entry shows only what its write changed, a validated revision names its author and its
// validator, a removed session reads « retirée », coordinates are not shown (the API keeps them),
// and a write made by an import says so.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
const CLAIRE = 'claire@cfa-histo.test';

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: CLAIRE, role: 'organisme', siren: SIREN_A }, '10.41.0.1');
  const g = await compte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.41.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

/** The entries of the page's history, newest first, each as its visible text. */
const entrees = (id: string, nav: Navigateur = org) => entreesHistorique(nav, id);

/** The gestionnaire validates the offer (or its revision) through its review page. */
const valider = (id: string) => validerParRevue(g11, id);

/** A formation in Paris (région 11) with two sessions, published and validated, through the pages: its id. */
const publiee = (intitule: string) => publieeParPages(org, g11, SIRET_A, intitule);

/** The organisme saves the formation form of `id` (a published one: its revision). */
async function enregistrer(id: string, over: Record<string, string>) {
  await org.get(`/espace/formations/${id}`);
  const r = await org.post(`/espace/formations/${id}`, {
    ...ficheComplete(SIRET_A, over),
    version: await versionLue(org, `/espace/formations/${id}`),
  });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
}

describe('a revision written twice', () => {
  it('each entry shows what its write changed, not the pending changes again', async () => {
    const id = await publiee('Historique par écriture');
    // A tester's report (03/12): a published offer's save goes to validation at once, and the page
    // said « Enregistrer le brouillon » and « une révision à publier ».
    const lu = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(lu).toContain('Enregistrer et envoyer pour validation');
    expect(lu).not.toContain('Enregistrer le brouillon');
    expect(lu).not.toContain('révision à publier');
    expect(lu).toContain('vos changements formeront une révision, envoyée pour validation au Carif-Oref');
    await enregistrer(id, { intitule: 'Titre changé en premier' });
    await enregistrer(id, { intitule: 'Titre changé en premier', objectif: 'Objectif changé ensuite.' });
    const [seconde, premiere] = await entrees(id);
    expect(premiere).toContain('Modification proposée (révision)');
    expect(premiere).toContain('Intitulé : Historique par écriture → Titre changé en premier');
    expect(premiere).not.toContain('Objectif');
    expect(seconde).toContain('Objectif : Former des ingénieurs managers. → Objectif changé ensuite.');
    expect(seconde).not.toContain('Intitulé');
    // A tester's report (03/12): the times are Paris's, and the page now says so.
    const page = (await org.get(`/espace/formations/${id}`)).body;
    expect(texte(page.slice(page.indexOf('id="historique"')))).toContain(
      'Dates et heures de Paris, la plus récente en premier.',
    );
    // The API reads it the same way.
    const h = await getHistorique(t.ctx.db, organismeDe(SIREN_A), id);
    expect(h.at(-1)!.diff.map((c) => c.champ)).toEqual(['objectif']);
    // The gestionnaire's review counts each write's one field, not the pending ones again.
    const revue = texte((await g11.get(`/gestion/formations/${id}`)).body);
    expect(revue.match(new RegExp(`Révision proposée ${CLAIRE} 1 champ modifié`, 'g'))).toHaveLength(2);
    expect(revue).not.toContain('2 champs modifiés');
    expect(revue).not.toContain('champ(s)');
  });

  it('a field put back to its diffused value reads so', async () => {
    const id = await publiee('Historique retour arrière');
    await enregistrer(id, { intitule: 'Un autre titre', objectif: 'Un autre objectif.' });
    await enregistrer(id, { intitule: 'Un autre titre' });
    const [retour] = await entrees(id);
    expect(retour).toContain('Objectif : Un autre objectif. → Former des ingénieurs managers.');
    expect(retour).not.toContain('Intitulé');
  });
});

describe('a validated revision', () => {
  it('is credited to the organisme’s user, validated by the gestionnaire', async () => {
    const id = await publiee('Historique validée');
    await enregistrer(id, { intitule: 'Titre validé' });
    await valider(id);
    const [derniere] = await entrees(id);
    expect(derniere).toMatch(
      new RegExp(`^Modifications de ${CLAIRE}, validées par g11@region\\.test le \\d`),
    );
    expect(derniere).toContain('Intitulé : Historique validée → Titre validé');
    expect((await entrees(id)).join('\n')).not.toMatch(/Modification le [^\n]* par g11@region\.test/);
    // The review page says it the same way.
    const revue = texte((await g11.get(`/gestion/formations/${id}`)).body);
    expect(revue).toContain(
      `Modifications validées (révision) ${CLAIRE}, validées par g11@region.test 1 champ modifié`,
    );
  });
});

describe('a session taken out', () => {
  it('reads « Session du … retirée », not « archivée : non → oui »', async () => {
    const id = await publiee('Historique session retirée');
    const s = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .where('debut', '=', '2027-09-01')
      .executeTakeFirstOrThrow();
    await org.get(`/espace/formations/${id}`);
    expect((await org.post(`/espace/formations/${id}/sessions/${s.id}/retirer`, {})).statusCode).toBe(303);
    const [retrait] = await entrees(id);
    expect(retrait).toContain('Session du 1er septembre 2027 au 30 juin 2028 retirée');
    expect(retrait).not.toContain('archivée');
  });

  it('a session never diffused, removed, reads so too', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Brouillon retiré' }));
    await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    const s = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect((await org.post(`/espace/formations/${id}/sessions/${s.id}/retirer`, {})).statusCode).toBe(303);
    const [retrait] = await entrees(id);
    expect(retrait).toContain('Session du 6 septembre 2027 au 30 juin 2029 retirée');
    expect(retrait).not.toContain('→ vide');
  });
});

describe('coordinates', () => {
  it('are not shown in the page’s history, and stay in the API’s', async () => {
    const acteur = organismeDe(SIREN_A);
    const f = formationFixture({ cle_externe: 'HISTO-GPS' });
    const lieu = (lat: number) => ({ ...f.sessions[0]!, lieu: { ...f.sessions[0]!.lieu!, lat, lon: 4.83 } });
    const { id } = await saveFormation(t.ctx, acteur, { ...f, sessions: [lieu(45.76)] });
    await saveFormation(t.ctx, acteur, { ...f, sessions: [lieu(45.77)] }, { id });
    const h = await getHistorique(t.ctx.db, acteur, id);
    expect(h.at(-1)!.diff).toEqual([expect.objectContaining({ avant: 45.76, apres: 45.77 })]);
    expect(h.at(-1)!.diff[0]!.champ).toMatch(/^sessions\[[^\]]+\]\.lieu\.lat$/);
    const texteHistorique = (await entrees(id)).join('\n');
    expect(texteHistorique).not.toContain('latitude');
    expect(texteHistorique).not.toContain('45.7');
  });
});

describe('where a write came from', () => {
  const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');

  it('an LHEO import: « via un import LHEO », by the page’s user or an API key', async () => {
    await importLheo(t.ctx, organismeDe(SIREN_A), Readable.from([xml]));
    const f = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', 'F-BTS-MCO')
      .executeTakeFirstOrThrow();
    const [creation] = await entrees(f.id);
    expect(creation).toMatch(/^Création le .* par of-130025265@cfa\.example via un import LHEO/);
    expect((await getHistorique(t.ctx.db, organismeDe(SIREN_A), f.id))[0]!.origine).toBe('lheo');

    const k = await createApiKey(t.ctx, { name: 'ERP histo', scope: 'write', siren: SIREN_A });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(k.key), 'content-type': 'application/xml' },
      payload: xml.replace(/<intitule-formation>[^<]*</, '<intitule-formation>BTS renommé par l’API<'),
    });
    expect(r.statusCode, r.body.slice(0, 400)).toBeLessThan(300);
    const [modification] = await entrees(f.id);
    expect(modification).toContain('via un import LHEO envoyé par l’API (clé « ERP histo »)');
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${f.id}/historique`,
      headers: bearer(k.key),
    });
    expect(api.json().map((e: { origine: string | null }) => e.origine)).toEqual(['lheo', 'lheo']);
  });

  it('the API’s formation routes: « via l’API (clé « … ») »; a form: no origin', async () => {
    const k = await createApiKey(t.ctx, { name: 'ERP direct', scope: 'write', siren: SIREN_A });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(k.key),
      payload: formationFixture({ cle_externe: 'HISTO-API' }),
    });
    expect(r.statusCode).toBe(201);
    const [creation] = await entrees(r.json().id);
    expect(creation).toMatch(/^Création le .* via l’API \(clé « ERP direct »\)/);
    expect(creation).not.toContain('import');
  });
});

describe('sessions written whole (a fresh user’s report, 04/12)', () => {
  it('a formation created with its sessions (API, workbook) reads « Session du … ajoutée (…) », never an id', async () => {
    const k = await createApiKey(t.ctx, { name: 'ERP sessions', scope: 'write', siren: SIREN_A });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(k.key),
      payload: formationFixture({ cle_externe: 'HISTO-SESSIONS-CREEES' }),
    });
    expect(r.statusCode).toBe(201);
    const [creation] = await entrees(r.json().id);
    expect(creation).toMatch(/Session du 1er septembre 2026 au \d+ \S+ \d{4} ajoutée \(/);
    expect(creation).not.toMatch(/\bse_|\bid : |code_postal|Sessions : vide/);
  });

  it('a réunion d’information and a bilan added, changed, removed read as sentences, never as keys', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Historique réunions' }));
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm())).statusCode).toBe(
      303,
    );
    const s = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    const url = `/espace/formations/${id}/sessions/${s.id}`;
    const evenements = (bilan: Record<string, string>) =>
      sessionForm({
        'reunions_information.0.date': '2027-06-15',
        'reunions_information.0.lieu': 'Salle A',
        'bilans.0.date': '2027-12-15',
        'bilans.0.lieu': 'Salle B',
        'bilans.0.libelle': 'Bilan intermédiaire',
        ...bilan,
      });
    let r = await org.post(url, { ...evenements({}), version: await versionLue(org, url) });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const [ajout] = await entrees(id);
    expect(ajout).toContain('Réunion d’information du 15 juin 2027 ajoutée');
    expect(ajout).toContain('Bilan « Bilan intermédiaire » du 15 décembre 2027 ajouté');
    expect(ajout).toContain('session du 6 septembre 2027 au 30 juin 2029');
    expect(ajout).not.toMatch(/bilans|reunions|libelle|date : |vide →/);

    r = await org.post(url, {
      ...evenements({ 'bilans.0.lieu': 'Salle C' }),
      version: await versionLue(org, url),
    });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const [modif] = await entrees(id);
    expect(modif).toContain('Bilan « Bilan intermédiaire » du 15 décembre 2027 modifié');
    expect(modif).toContain('lieu : Salle B → Salle C');
    expect(modif).not.toMatch(/bilans|libelle/);

    r = await org.post(url, { ...sessionForm(), version: await versionLue(org, url) });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const [retrait] = await entrees(id);
    expect(retrait).toContain('Réunion d’information du 15 juin 2027 retirée');
    expect(retrait).toContain('Bilan « Bilan intermédiaire » du 15 décembre 2027 retiré');
    expect(retrait).not.toMatch(/bilans|reunions|→ vide/);
  });
});
