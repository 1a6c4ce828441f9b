import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_B, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import {
  espaceAvecReferentiels,
  ficheComplete,
  publieeParPages,
  sessionForm,
  validerParRevue,
  versionLue,
} from './espace.helpers.ts';

// A fresh user's report (07/12): closing a session's recruitment on a published offer made a
// pending revision, and the public kept seeing « Recrutement ouvert » until a gestionnaire
// validated it. The recruitment state alone applies at once (domain/recrutement-direct.ts), by the
// formation page's « Fermer le recrutement » (a POST form) as by the session form. The public
// side (page, search, history, feed): recrutement-public.test.ts.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
let autre: Navigateur;
let public_: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('cfa@recrutement.test', '10.71.0.1'));
  const g = await compte(t, { email: 'g11@recrutement.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.71.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
  autre = await connecte(
    t,
    { email: 'autre@recrutement.test', role: 'organisme', siren: SIREN_B },
    '10.71.0.3',
  );
  public_ = new Navigateur(t.app, '10.71.0.4');
});
afterAll(() => t?.close());

/** The sessions of `id` as diffused (the tables), oldest first. */
const sessionsDe = (id: string) =>
  t.ctx.db
    .selectFrom('session')
    .select(['id', 'etat_recrutement'])
    .where('formation_id', '=', id)
    .orderBy('debut')
    .execute();

const revisionOuverte = (id: string) =>
  t.ctx.db
    .selectFrom('formation_revision')
    .select(['id', 'payload', 'statut'])
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();

/** « Fermer / Suspendre / Rouvrir le recrutement » of session `sid` of `id`, as its button posts it. */
async function recrutement(nav: Navigateur, id: string, sid: string, etat: string) {
  await nav.get(`/espace/formations/${id}`);
  return nav.post(`/espace/formations/${id}/sessions/${sid}/recrutement`, { etat_recrutement: etat });
}

describe('a published offer’s recruitment, changed by its organisme', () => {
  it('the session form changing the recruitment alone is the same; with anything else, a revision as before', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Pâtisserie formulaire de session');
    // The session of sessionForm's dates (6 September 2027), the second by start.
    const [, s1] = await sessionsDe(id);
    const url = `/espace/formations/${id}/sessions/${s1!.id}`;
    const seule = await org.post(url, {
      ...sessionForm({ etat_recrutement: 'suspendu' }),
      version: await versionLue(org, url),
    });
    expect(seule.statusCode, texte(seule.body).slice(0, 300)).toBe(303);
    expect(String(seule.headers.location)).toContain('info=recrutement#');
    expect(await revisionOuverte(id)).toBeUndefined();
    expect((await sessionsDe(id))[1]!.etat_recrutement).toBe('suspendu');

    const mixte = await org.post(url, {
      ...sessionForm({ etat_recrutement: 'ferme', capacite: '12' }),
      version: await versionLue(org, url),
    });
    expect(String(mixte.headers.location)).toContain('info=session_revision');
    expect(await revisionOuverte(id)).toBeDefined();
    // The diffused version is as it was: the whole edit waits for validation.
    expect((await sessionsDe(id))[1]!.etat_recrutement).toBe('suspendu');
  });

  it('with a pending revision: applied to the diffused version and carried by the revision', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Charcuterie révision en cours');
    const [s1] = await sessionsDe(id);
    await org.get(`/espace/formations/${id}`);
    const revise = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Charcuterie révision en cours (nouvel intitulé)' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(String(revise.headers.location)).toContain('info=revision');
    const r = await recrutement(org, id, s1!.id, 'ferme');
    expect(r.headers.location).toBe(`/espace/formations/${id}?info=recrutement_revision#session-${s1!.id}`);
    expect((await sessionsDe(id))[0]!.etat_recrutement).toBe('ferme');
    const rev = await revisionOuverte(id);
    expect(rev?.statut).toBe('en_attente_validation');
    const payload = (typeof rev!.payload === 'string' ? JSON.parse(rev!.payload) : rev!.payload) as {
      intitule: string;
      sessions: { id: string; etat_recrutement: string }[];
    };
    expect(payload.intitule).toBe('Charcuterie révision en cours (nouvel intitulé)');
    expect(payload.sessions.find((s) => s.id === s1!.id)?.etat_recrutement).toBe('ferme');
    // The gestionnaire's review shows the title only, not the recruitment, as a change.
    const revue = texte((await g11.get(`/gestion/formations/${id}`)).body);
    expect(revue).toContain('nouvel intitulé');
    expect(revue).not.toMatch(/Recrutement ouvert\s*→|ouvert\s*→\s*fermé/);
    // Validating the revision keeps the session closed.
    await validerParRevue(g11, id);
    expect((await sessionsDe(id))[0]!.etat_recrutement).toBe('ferme');
    expect(
      (
        await t.ctx.db
          .selectFrom('formation')
          .select('intitule')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).intitule,
    ).toBe('Charcuterie révision en cours (nouvel intitulé)');
  });

  it('another organisme and the public cannot; an unknown state is refused in French', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Traiteur périmètre');
    const [s1] = await sessionsDe(id);
    expect((await recrutement(autre, id, s1!.id, 'ferme')).statusCode).toBe(404);
    const anonyme = await public_.post(`/espace/formations/${id}/sessions/${s1!.id}/recrutement`, {
      etat_recrutement: 'ferme',
    });
    expect(anonyme.statusCode).not.toBe(200);
    expect(anonyme.statusCode).toBeLessThan(500);
    const inconnu = await recrutement(org, id, s1!.id, 'complet');
    expect(inconnu.statusCode).toBe(400);
    expect(texte(inconnu.body)).toContain('« complet » n’est pas un état du recrutement');
    expect((await sessionsDe(id))[0]!.etat_recrutement).toBe('ouvert');
  });
});
