import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateHeureLongue } from '../../src/domain/dates.ts';
import { LIBELLE_ENREGISTRER } from '../../src/http/web/espace/libelles.ts';
import { SIRET_A } from '../api/helpers.ts';
import { compte, decider, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  entreesHistorique,
  espaceAvecReferentiels,
  ficheComplete,
  publieeParPages,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// A fresh user's report (03/12) on a published offer's revision returned « à corriger », through
// the pages: saved again as it was, it left an empty « Modification proposée (révision) » entry and
// said « Modification enregistrée comme révision » ; the return read « Commentaire du gestionnaire :
// vide → … » ; the gestionnaire was told the organisme « a reçu un courriel » (it may wait in the
// outbox) ; the review page wrote its dates « 03/12/2026 22:14 » ; and the organisme's page offered
// « Publier » beside the button the return's e-mail names, with the same effect.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
const CLAIRE = 'claire@cfa-renvoi.test';

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels(CLAIRE, '10.53.0.1'));
  const g = await compte(t, { email: 'g11@renvoi.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.53.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

/** The entries of the organisme's history, newest first, each as its visible text. */
const entrees = (id: string) => entreesHistorique(org, id);

/** The organisme saves the formation form of `id`: the page it is sent to (its notice), as text. */
async function enregistrer(id: string, over: Record<string, string>) {
  await org.get(`/espace/formations/${id}`);
  const r = await org.post(`/espace/formations/${id}`, {
    ...ficheComplete(SIRET_A, over),
    version: await versionLue(org, `/espace/formations/${id}`),
  });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
  return {
    location: String(r.headers.location),
    page: texte((await org.get(String(r.headers.location))).body),
  };
}

/** The gestionnaire returns the offer (or its revision) through its review page: the page it lands on, as text. */
async function retourner(id: string, commentaire: string) {
  await g11.get(`/gestion/formations/${id}`);
  const r = await decider(g11, id, 'retourner', { commentaire });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
  return texte((await g11.get(String(r.headers.location))).body);
}

const revisionDe = (id: string) =>
  t.ctx.db
    .selectFrom('formation_revision')
    .select(['statut', 'commentaire', 'created_at'])
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirstOrThrow();

describe('a returned revision sent again through the form', () => {
  it('unchanged: no empty change in the history, and the notice says it went back to validation', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Renvoi telle quelle');
    await enregistrer(id, { intitule: 'Renvoi telle quelle v2' });
    const confirmation = await retourner(id, 'Précisez le public visé.');
    // The mail may wait in the outbox (this app has no SMTP server): never « il a reçu un courriel ».
    expect(confirmation).toContain(
      'Offre retournée à l’organisme avec votre commentaire : un courriel en informe 1 utilisateur de l’organisme.',
    );
    expect(confirmation).not.toContain('a reçu un courriel');

    // One button sends it again, the one the return's e-mail names: no « Publier » beside it.
    const page = await org.get(`/espace/formations/${id}`);
    expect(texte(page.body)).toContain('Révision à corriger');
    expect(texte(page.body)).toContain(LIBELLE_ENREGISTRER.publiee);
    expect(page.body).not.toContain(`action="/espace/formations/${id}/publier"`);
    expect(texte(page.body)).toContain(
      `Sans autre changement, « ${LIBELLE_ENREGISTRER.publiee} » la renvoie telle quelle`,
    );

    const avant = (await entrees(id)).length;
    const { location, page: renvoyee } = await enregistrer(id, { intitule: 'Renvoi telle quelle v2' });
    expect(location).toContain('info=revision_renvoyee');
    // This offer's validated version is out of diffusion (its certification expires before its
    // sessions): the notice does not say it stays diffused.
    expect(renvoyee).toContain('Publiée — hors diffusion');
    expect(renvoyee).toContain(
      'Révision renvoyée pour validation : la version validée reste hors diffusion jusqu’à sa validation.',
    );
    expect(renvoyee).not.toContain('Modification enregistrée comme révision');
    expect(await revisionDe(id)).toMatchObject({ statut: 'en_attente_validation', commentaire: null });

    const liste = await entrees(id);
    expect(liste).toHaveLength(avant + 1);
    const [renvoi, retour] = liste;
    expect(renvoi).toMatch(new RegExp(`^Révision renvoyée pour validation le .* par ${CLAIRE}$`));
    expect(renvoi).not.toContain('Modification proposée');
    // The return reads as an event, with the gestionnaire's comment quoted.
    expect(retour).toContain('Retournée à l’organisme pour correction : « Précisez le public visé. »');
    expect(retour).not.toContain('Commentaire du gestionnaire');
  });

  it('changed: the history has its changes, the notice says it went back to validation; a second return reads as the first', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Renvoi corrigé');
    await enregistrer(id, { intitule: 'Renvoi corrigé v2' });
    await retourner(id, 'Le titre est trop court.');
    const { location, page } = await enregistrer(id, { intitule: 'Renvoi corrigé v3' });
    expect(location).toContain('info=revision_renvoyee');
    expect(page).toContain('Révision renvoyée pour validation');
    const [correction] = await entrees(id);
    expect(correction).toContain('Modification proposée (révision)');
    expect(correction).toContain('Intitulé : Renvoi corrigé v2 → Renvoi corrigé v3');

    // Returned again (its previous comment was cleared when it was sent again): an event too.
    await retourner(id, 'Il manque encore le public.');
    const [second] = await entrees(id);
    expect(second).toContain('Retournée à l’organisme pour correction : « Il manque encore le public. »');
    expect(second).not.toContain('vide →');

    // A revision waiting for validation (not returned) keeps its plain notice.
    await enregistrer(id, { intitule: 'Renvoi corrigé v4' });
    const attente = await enregistrer(id, { intitule: 'Renvoi corrigé v5' });
    expect(attente.location).toContain('info=revision');
    expect(attente.location).not.toContain('revision_renvoyee');
    // It says the change went to the gestionnaire, not only that it was recorded.
    expect(attente.page).toContain(
      'Modification envoyée pour validation (révision) : la version validée reste hors diffusion jusqu’à la validation de la révision.',
    );
  });
});

describe('a returned revision sent again through a session form', () => {
  it('adding a session says the revision went back to validation, not only « Session enregistrée. »', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Renvoi par session');
    await enregistrer(id, { intitule: 'Renvoi par session v2' });
    await retourner(id, 'Ajoutez une session en 2028.');
    await org.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2028-09-04', fin: '2030-06-28' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect(String(r.headers.location)).toContain('info=session_renvoyee');
    const page = texte((await org.get(String(r.headers.location))).body);
    expect(page).toContain(
      'Session enregistrée, révision renvoyée pour validation : la version validée reste hors diffusion jusqu’à sa validation.',
    );
    expect(await revisionDe(id)).toMatchObject({ statut: 'en_attente_validation', commentaire: null });

    // A session added to a revision waiting for validation (not returned) says where it went.
    await org.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r2 = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2029-09-03', fin: '2031-06-27' }),
    );
    expect(String(r2.headers.location)).toContain('info=session_revision');
    expect(texte((await org.get(String(r2.headers.location))).body)).toContain(
      'Session enregistrée et envoyée pour validation (révision) : la version validée reste hors diffusion jusqu’à la validation de la révision.',
    );
  });
});

describe('a session saved on a published offer', () => {
  it('says it went into the revision, and when the offer came back to its published version', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Session dans la révision');
    const { id: sid } = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .where('debut', '=', '2027-09-01')
      .executeTakeFirstOrThrow();
    const enregistrerSession = async (capacite: string) => {
      await org.get(`/espace/formations/${id}/sessions/${sid}`);
      const r = await org.post(`/espace/formations/${id}/sessions/${sid}`, {
        ...sessionForm({ debut: '2027-09-01', fin: '2028-06-30', capacite }),
        version: await versionLue(org, `/espace/formations/${id}/sessions/${sid}`),
      });
      expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
      return String(r.headers.location);
    };
    const revision = await enregistrerSession('30');
    expect(revision).toContain('info=session_revision');
    expect(texte((await org.get(revision)).body)).toContain(
      'Session enregistrée et envoyée pour validation (révision)',
    );
    const retour = await enregistrerSession('24');
    expect(retour).toContain('info=session_abandon');
    expect(texte((await org.get(retour)).body)).toContain(
      'Session enregistrée : l’offre est revenue à sa version publiée, la révision est abandonnée.',
    );
  });
});

describe('the gestionnaire’s history of a returned revision', () => {
  it('reads the return as an event with its comment quoted, as the organisme’s does', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Retour vu du gestionnaire');
    await enregistrer(id, { intitule: 'Retour vu du gestionnaire v2' });
    await retourner(id, 'Le public est à préciser.');
    const page = (await g11.get(`/gestion/formations/${id}`)).body;
    const historique = texte(page.slice(page.indexOf('id="historique"')));
    expect(historique).toContain('Retournée à l’organisme pour correction : « Le public est à préciser. »');
    expect(historique).not.toContain('commentaire : Le public');
  });
});

describe('the gestionnaire’s review of a session identical to another', () => {
  it('warns, naming the other session by its dates (report of 03/12)', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Session en double revue');
    await org.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await org.post(`/espace/formations/${id}/sessions/nouvelle`, {
      ...sessionForm(),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const revue = texte((await g11.get(`/gestion/formations/${id}`)).body);
    expect(revue).toContain(
      'Identique à la session du 6 septembre 2027 au 30 juin 2029 déjà enregistrée (mêmes dates, même lieu) : vérifiez qu’il ne s’agit pas de la même session.',
    );
  });
});

describe('an offer returned before its first validation', () => {
  it('its history reads the return as an event, not « Commentaire du gestionnaire : vide → … »', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Retour avant validation' }));
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm())).statusCode).toBe(
      303,
    );
    expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    expect((await confirmer(org, id)).statusCode).toBe(303);
    await retourner(id, 'Ajoutez le contenu.');
    const [retour] = await entrees(id);
    expect(retour).toContain('Retournée à l’organisme pour correction : « Ajoutez le contenu. »');
    expect(retour).not.toContain('Commentaire du gestionnaire');
    // This offer is published with « Publier » (there is no revision): its button stays.
    expect((await org.get(`/espace/formations/${id}`)).body).toContain(
      `action="/espace/formations/${id}/publier"`,
    );
  });
});

describe('the gestionnaire’s review page', () => {
  it('writes its dates as every other page does: « 3 décembre 2026 à 22:14 »', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Revue datée');
    await enregistrer(id, { intitule: 'Revue datée v2' });
    await retourner(id, 'Une date à vérifier.');
    const { created_at } = await revisionDe(id);
    const { at } = await t.ctx.db
      .selectFrom('historique')
      .select('at')
      .where('formation_id', '=', id)
      .where('action', '=', 'revision_retournee')
      .executeTakeFirstOrThrow();
    const page = (await g11.get(`/gestion/formations/${id}`)).body;
    const lu = texte(page);
    expect(lu).toContain(`Proposée par ${CLAIRE} le ${dateHeureLongue(created_at)}.`);
    expect(lu).toContain(`Retournée à l’organisme le ${dateHeureLongue(at)}`);
    const historique = texte(page.slice(page.indexOf('id="historique"')));
    expect(historique).toContain(dateHeureLongue(at));
    expect(lu).not.toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  });
});
