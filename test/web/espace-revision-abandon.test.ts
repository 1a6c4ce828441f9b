import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  entreesHistorique,
  ficheComplete,
  loadReferentiels,
  publieeParPages,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// A fresh tester's report (03/12, organisme side): a CFA could not take its open revision back
// from its page, and the history named a duplicated session by the dates it was copied with.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@revision.test', role: 'organisme', siren: SIREN_A }, '10.43.0.1');
  const g = await compte(t, { email: 'g11@revision.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.43.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

/** A formation in Paris with two sessions, published and validated through the pages: its id. */
const publiee = (intitule: string) => publieeParPages(org, g11, SIRET_A, intitule);

/** The entries of the page's history, newest first, each as its visible text. */
const entrees = (id: string) => entreesHistorique(org, id);

const revisionOuverte = async (id: string) =>
  (await t.ctx.db
    .selectFrom('formation_revision')
    .select('statut')
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst()) ?? null;

describe('« Abandonner la révision »', () => {
  it('is offered while a revision is open, asks a ticked confirmation, then leaves the diffused version', async () => {
    const id = await publiee('Abandon de révision');
    expect(texte((await org.get(`/espace/formations/${id}`)).body)).not.toContain('Abandonner la révision');
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Abandon de révision, titre proposé' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(303);
    const page = await org.get(`/espace/formations/${id}`);
    expect(texte(page.body)).toContain('Abandonner la révision');
    expect(page.body).toContain(`action="/espace/formations/${id}/revision/abandonner"`);

    // Without the ticked box: the page again, its error said, nothing abandoned.
    const sans = await org.post(`/espace/formations/${id}/revision/abandonner`, {});
    expect(sans.statusCode).toBe(400);
    expect(texte(sans.body)).toContain('Cochez la case pour confirmer l’abandon de la révision');
    expect(await revisionOuverte(id)).toMatchObject({ statut: 'en_attente_validation' });

    const ok = await org.post(`/espace/formations/${id}/revision/abandonner`, {
      confirmer_abandon: 'oui',
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/espace/formations/${id}?info=revision_abandonnee`);
    expect(await revisionOuverte(id)).toBeNull();
    const html = (await org.get(String(ok.headers.location))).body;
    const apres = texte(html);
    expect(apres).toContain('Révision abandonnée : l’offre diffusée reste inchangée.');
    expect(apres).not.toContain('Abandonner la révision');
    expect(html).toContain('<h1>Abandon de révision</h1>');
    expect((await entrees(id))[0]).toContain('Révision abandonnée');
  });

  it('abandons a revision returned for correction as well', async () => {
    const id = await publiee('Abandon de révision à corriger');
    await org.get(`/espace/formations/${id}`);
    await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Proposé puis renvoyé' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    await t.ctx.db
      .updateTable('formation_revision')
      .set({ statut: 'a_corriger' })
      .where('formation_id', '=', id)
      .execute();
    expect(texte((await org.get(`/espace/formations/${id}`)).body)).toContain('Abandonner la révision');
    const ok = await org.post(`/espace/formations/${id}/revision/abandonner`, {
      confirmer_abandon: 'oui',
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(ok.headers.location).toBe(`/espace/formations/${id}?info=revision_abandonnee`);
    expect(await revisionOuverte(id)).toBeNull();
  });
});

describe('the form saved with every field back to its published value', () => {
  it('says the revision is abandoned, not « Modifications enregistrées »', async () => {
    const id = await publiee('Révision défaite à la main');
    await org.get(`/espace/formations/${id}`);
    await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Titre proposé un instant' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Révision défaite à la main' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.headers.location).toBe(`/espace/formations/${id}?info=revision_abandonnee`);
    const lu = texte((await org.get(String(r.headers.location))).body);
    expect(lu).toContain('Révision abandonnée : l’offre diffusée reste inchangée.');
    expect(lu).not.toContain('Modifications enregistrées.');
    expect(await revisionOuverte(id)).toBeNull();
  });
});

describe('a duplicated session in the history', () => {
  it('is named by its dates as of each entry, not by the dates it was copied with', async () => {
    const id = await publiee('Session dupliquée puis retirée');
    const fiche = (await org.get(`/espace/formations/${id}`)).body;
    // Session 1 is the one starting first (1 September 2027).
    const sid = /href="\/espace\/formations\/[^/]+\/sessions\/nouvelle\?depuis=([^"&]+)"/.exec(fiche)![1]!;
    await org.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`);
    const copie = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2027-09-20', fin: '2028-06-30' }),
    );
    expect(copie.statusCode, texte(copie.body).slice(0, 400)).toBe(303);
    const copieId = /#session-(.+)$/.exec(String(copie.headers.location))![1]!;
    await org.get(`/espace/formations/${id}/sessions/${copieId}`);
    const redatee = await org.post(`/espace/formations/${id}/sessions/${copieId}`, {
      ...sessionForm({ debut: '2027-10-04', fin: '2029-06-29' }),
      version: await versionLue(org, `/espace/formations/${id}/sessions/${copieId}`),
    });
    expect(redatee.statusCode, texte(redatee.body).slice(0, 400)).toBe(303);
    await org.get(`/espace/formations/${id}`);
    expect((await org.post(`/espace/formations/${id}/sessions/${copieId}/retirer`, {})).statusCode).toBe(303);
    const [retrait, changement] = await entrees(id);
    // A session the revision added, taken back with it: it was never diffused.
    expect(retrait).toContain('Ajout de la session du 4 octobre 2027 au 29 juin 2029 annulé');
    expect(retrait).not.toContain('20 septembre 2027');
    expect(changement).toContain('Session du 4 octobre 2027 au 29 juin 2029');
  });
});

describe('« Remettre la session »', () => {
  /** The ids of the sessions the page lists with « Retirer », in its order. */
  const sessionsDe = (html: string) =>
    [...html.matchAll(/action="\/espace\/formations\/[^/]+\/sessions\/([^/]+)\/retirer"/g)].map((m) => m[1]!);
  const payload = async (id: string) =>
    (await t.ctx.db
      .selectFrom('formation_revision')
      .select(['statut', 'payload'])
      .where('formation_id', '=', id)
      .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
      .executeTakeFirstOrThrow()) as {
      statut: string;
      payload: { intitule: string; sessions: { id: string }[] };
    };

  it('lists the published session the revision retires and puts it back into the revision', async () => {
    const id = await publiee('Session remise');
    await org.get(`/espace/formations/${id}`);
    await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Session remise, v2' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    const [premiere, seconde] = sessionsDe((await org.get(`/espace/formations/${id}`)).body);
    expect(seconde).toBeDefined();
    const retrait = await org.post(`/espace/formations/${id}/sessions/${premiere}/retirer`, {});
    expect(retrait.headers.location).toBe(`/espace/formations/${id}?info=retiree`);
    // The revision is returned: the organisme corrects it by putting the session back.
    await t.ctx.db
      .updateTable('formation_revision')
      .set({ statut: 'a_corriger' })
      .where('formation_id', '=', id)
      .where('statut', '=', 'en_attente_validation')
      .execute();

    const page = await org.get(`/espace/formations/${id}`);
    const lu = texte(page.body);
    expect(lu).toContain('Sessions retirées par votre révision');
    expect(lu).toContain('Session du 1er septembre 2027 au 30 juin 2028 (retirée)');
    expect(lu).toContain('Remettre la session du 1er septembre 2027 au 30 juin 2028');
    expect(page.body).toContain(`action="/espace/formations/${id}/sessions/${premiere}/remettre"`);
    expect(sessionsDe(page.body)).toEqual([seconde]);

    // Without the page's CSRF token: refused, nothing written.
    const sansJeton = await org.post(
      `/espace/formations/${id}/sessions/${premiere}/remettre`,
      {},
      { csrf: null },
    );
    expect(sansJeton.statusCode).toBe(403);
    expect((await payload(id)).payload.sessions.map((s) => s.id)).toEqual([seconde]);

    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}/sessions/${premiere}/remettre`, {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/espace/formations/${id}?info=session_remise#session-${premiere}`);
    const rev = await payload(id);
    expect(rev.statut).toBe('en_attente_validation');
    expect(rev.payload.intitule).toBe('Session remise, v2');
    expect(rev.payload.sessions.map((s) => s.id).sort()).toEqual([premiere, seconde].sort());

    const apres = await org.get(String(r.headers.location));
    const apresLu = texte(apres.body);
    expect(apresLu).toContain('Session remise dans la révision, telle qu’elle est publiée');
    expect(apresLu).not.toContain('Sessions retirées par votre révision');
    expect(sessionsDe(apres.body).sort()).toEqual([premiere, seconde].sort());
    // The history: a revision edit like the others, naming the session put back.
    const [remise, retiree] = await entrees(id);
    expect(remise).toContain('Modification proposée (révision)');
    // It never left the diffused version: the retirement is taken back, not « remise en ligne ».
    expect(remise).toContain('Retrait de la session du 1er septembre 2027 au 30 juin 2028 annulé');
    expect(remise).not.toContain('remise en ligne');
    expect(remise).not.toContain('retirée');
    expect(retiree).toContain('Session du 1er septembre 2027 au 30 juin 2028 retirée');
  });

  it('abandons the revision when the session was its only change', async () => {
    const id = await publiee('Session remise seule');
    const [premiere] = sessionsDe((await org.get(`/espace/formations/${id}`)).body);
    await org.post(`/espace/formations/${id}/sessions/${premiere}/retirer`, {});
    expect(await revisionOuverte(id)).toMatchObject({ statut: 'en_attente_validation' });
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}/sessions/${premiere}/remettre`, {});
    expect(r.headers.location).toBe(`/espace/formations/${id}?info=session_remise_abandon`);
    expect(await revisionOuverte(id)).toBeNull();
    expect((await entrees(id))[0]).toContain('Révision abandonnée');
    // Again (a second click): nothing to put back, nothing written.
    await org.get(`/espace/formations/${id}`);
    const encore = await org.post(`/espace/formations/${id}/sessions/${premiere}/remettre`, {});
    expect(encore.headers.location).toBe(`/espace/formations/${id}?info=sans_revision`);
    // A session the offer does not have: 404.
    expect((await org.post(`/espace/formations/${id}/sessions/se_inconnue/remettre`, {})).statusCode).toBe(
      404,
    );
  });
});
