import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { diffusee } from '../helpers/revision.ts';

// A fresh user's report (07/12): closing a session's recruitment on a published offer made a
// pending revision, and the public kept seeing « Recrutement ouvert » until a gestionnaire
// validated it. « Fermer le recrutement » on the formation's page applies at once: the public
// page, the search, the history and the change feed follow (domain/recrutement-direct.ts).
// No reference loaded: the offer is diffused to the public (no blocking rule can be computed).

let t: TestWeb;
let org: Navigateur;
let public_: Navigateur;
const INTITULE = 'BTS Boulangerie recrutement direct';
const RECHERCHE = `/?q=${encodeURIComponent('boulangerie recrutement direct')}`;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'cfa@recrutement.test', role: 'organisme', siren: SIREN_A }, '10.72.0.1');
  public_ = new Navigateur(t.app, '10.72.0.2');
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
    .select('id')
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();

/** « Fermer / Suspendre / Rouvrir le recrutement » of session `sid` of `id`, as its button posts it. */
async function recrutement(nav: Navigateur, id: string, sid: string, etat: string) {
  await nav.get(`/espace/formations/${id}`);
  return nav.post(`/espace/formations/${id}/sessions/${sid}/recrutement`, { etat_recrutement: etat });
}

describe('« Fermer le recrutement » on a diffused offer', () => {
  it('« Fermer le recrutement »: applied at once, no revision; history, feed, public page and search follow', async () => {
    // Through the services (région 84), as a file or the API would publish it: diffused to the public.
    const fixture = formationFixture({ cle_externe: 'RECR-PUBLIC', intitule: INTITULE });
    const id = await diffusee(t.ctx, {
      ...fixture,
      sessions: [...fixture.sessions, { ...fixture.sessions[0]!, cle_externe: 'S2027', debut: '2027-09-01' }],
    });
    const [s1, s2] = await sessionsDe(id);
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(texte(fiche.body)).toContain('Fermer le recrutement de la session 1');
    expect(texte(fiche.body)).toContain('Suspendre le recrutement de la session 2');
    const avant = texte((await public_.get(`/formations/${id}`)).body);
    expect(avant).toContain('Recrutement ouvert');
    const dernier = await t.ctx.db
      .selectFrom('change_event')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow();

    const r = await recrutement(org, id, s1!.id, 'ferme');
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
    expect(r.headers.location).toBe(`/espace/formations/${id}?info=recrutement#session-${s1!.id}`);
    expect(texte((await org.get(String(r.headers.location))).body)).toContain(
      'État du recrutement enregistré : il s’applique tout de suite à l’offre diffusée',
    );
    expect(await revisionOuverte(id)).toBeUndefined();
    expect((await sessionsDe(id)).map((s) => s.etat_recrutement)).toEqual(['ferme', 'ouvert']);
    const h = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur', 'diff'])
      .where('formation_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(h.action).toBe('update');
    expect(h.acteur).toBe('utilisateur:cfa@recrutement.test');
    expect(h.diff).toEqual([
      { champ: `sessions[${s1!.id}].etat_recrutement`, avant: 'ouvert', apres: 'ferme' },
    ]);
    const nouveaux = await t.ctx.db
      .selectFrom('change_event')
      .select(['action', 'entite_id', 'publique'])
      .where('seq', '>', Number(dernier.seq ?? 0))
      .execute();
    expect(nouveaux).toContainEqual({ action: 'update', entite_id: id, publique: true });

    // The public page lists the session still open only; the other one is closed.
    const apres = texte((await public_.get(`/formations/${id}`)).body);
    expect(apres.match(/Recrutement ouvert/g)?.length ?? 0).toBeLessThan(
      avant.match(/Recrutement ouvert/g)?.length ?? 0,
    );
    // Every session closed: the public no longer sees the offer, nor finds it.
    expect((await public_.get(RECHERCHE)).body).toContain(`/formations/${id}`);
    expect((await recrutement(org, id, s2!.id, 'ferme')).statusCode).toBe(303);
    expect((await public_.get(`/formations/${id}`)).statusCode).toBe(404);
    const ferme = await t.ctx.db
      .selectFrom('change_event')
      .select(['action', 'publique'])
      .where('entite_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(ferme).toEqual({ action: 'update', publique: false });
    expect((await public_.get(RECHERCHE)).body).not.toContain(`/formations/${id}`);
    // « Rouvrir »: back to the public at once.
    expect((await recrutement(org, id, s2!.id, 'ouvert')).statusCode).toBe(303);
    expect((await public_.get(`/formations/${id}`)).statusCode).toBe(200);
    // The same state again: nothing written, said so.
    const encore = await recrutement(org, id, s2!.id, 'ouvert');
    expect(encore.headers.location).toBe(
      `/espace/formations/${id}?info=recrutement_inchange#session-${s2!.id}`,
    );
  });
});
