import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// The recruitment rule (domain/recrutement-direct.ts) by the API: an organisme's PUT (or POST
// /sessions) of a published formation whose only change is a session's `etat_recrutement` is
// applied at once (`revision: false`), with or without a pending revision; any other change in the
// same write is a revision, as before. Another organisme's key and a read key cannot.

const t = useTestApi();

async function api(method: 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function publiee(cle: string): Promise<string> {
  const { id } = (
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle }))
  ).json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

/** formationFixture(cle) with its session at recruitment `etat`, and `over`. */
const avecEtat = (cle: string, etat: 'ouvert' | 'suspendu' | 'ferme', over = {}) => {
  const f = formationFixture({ cle_externe: cle, ...over });
  return { ...f, sessions: f.sessions.map((s) => ({ ...s, etat_recrutement: etat })) };
};

const etats = async (id: string) =>
  (
    await t.ctx.db.selectFrom('session').select('etat_recrutement').where('formation_id', '=', id).execute()
  ).map((s) => s.etat_recrutement);
const ouverte = (id: string) =>
  t.ctx.db
    .selectFrom('formation_revision')
    .select(['payload', 'statut'])
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();

describe('PUT of a published formation by its organisme’s key', () => {
  it('the recruitment alone: applied at once, `revision: false`, the history and the answer say it', async () => {
    const id = await publiee('API-RD-1');
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, avecEtat('API-RD-1', 'ferme'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id, changed: true, revision: false });
    expect(r.json().formation.sessions[0].etat_recrutement).toBe('ferme');
    expect(await etats(id)).toEqual(['ferme']);
    expect(await ouverte(id)).toBeUndefined();
    const h = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur', 'diff'])
      .where('formation_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({ action: 'update', acteur: 'cle:test-write-' + '130025265' });
    expect((h.diff as { champ: string }[]).map((c) => c.champ)).toEqual([
      expect.stringMatching(/^sessions\[se_[^\]]+\]\.etat_recrutement$/),
    ]);
  });

  it('with anything else in the same write: a revision, as before, the diffused version unchanged', async () => {
    const id = await publiee('API-RD-2');
    const r = await api(
      'PUT',
      `/formations/${id}`,
      t.keys.writeA,
      avecEtat('API-RD-2', 'ferme', { intitule: 'BTS MCO (nouveau titre)' }),
    );
    expect(r.json()).toMatchObject({ revision: true });
    expect(await etats(id)).toEqual(['ouvert']);
  });

  it('over a pending revision: applied to the diffused version, carried by the revision', async () => {
    const id = await publiee('API-RD-3');
    const titre = { intitule: 'BTS MCO (révision)' };
    expect(
      (await api('PUT', `/formations/${id}`, t.keys.writeA, avecEtat('API-RD-3', 'ouvert', titre))).json(),
    ).toMatchObject({
      revision: true,
    });
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, avecEtat('API-RD-3', 'suspendu', titre));
    expect(r.json()).toMatchObject({ changed: true, revision: false });
    expect(await etats(id)).toEqual(['suspendu']);
    const rev = await ouverte(id);
    const payload = (typeof rev!.payload === 'string' ? JSON.parse(rev!.payload) : rev!.payload) as {
      intitule: string;
      sessions: { etat_recrutement: string }[];
    };
    expect(rev!.statut).toBe('en_attente_validation');
    expect(payload.intitule).toBe('BTS MCO (révision)');
    expect(payload.sessions.map((s) => s.etat_recrutement)).toEqual(['suspendu']);
    // Validating the revision keeps the session suspended.
    expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
    expect(await etats(id)).toEqual(['suspendu']);
  });

  it('POST /formations/{id}/sessions changing the recruitment alone: the same', async () => {
    const id = await publiee('API-RD-4');
    const [session] = avecEtat('API-RD-4', 'ferme').sessions;
    const r = await api('POST', `/formations/${id}/sessions`, t.keys.writeA, session);
    expect(r.statusCode, r.body).toBeLessThan(300);
    expect(await etats(id)).toEqual(['ferme']);
    expect(await ouverte(id)).toBeUndefined();
  });

  it('the conformity is recomputed: an ended session closed no longer fails SESSION_RECRUTEMENT', async () => {
    const f = formationFixture({ cle_externe: 'API-RD-6' });
    const finie = { ...f.sessions[0]!, cle_externe: 'S2024', debut: '2024-09-01', fin: '2025-06-30' };
    const input = { ...f, sessions: [...f.sessions, finie] };
    const { id } = (await api('POST', '/formations', t.keys.writeA, input)).json();
    expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
    const echecs = async () =>
      (
        await t.ctx.db.selectFrom('controle_echec').select('code').where('formation_id', '=', id).execute()
      ).map((e) => e.code);
    expect(await echecs()).toContain('SESSION_RECRUTEMENT');
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, {
      ...input,
      sessions: [f.sessions[0]!, { ...finie, etat_recrutement: 'ferme' }],
    });
    expect(r.json()).toMatchObject({ changed: true, revision: false });
    expect(await echecs()).not.toContain('SESSION_RECRUTEMENT');
  });

  it('another organisme’s key and a read key cannot', async () => {
    const id = await publiee('API-RD-5');
    const b = await api('PUT', `/formations/${id}`, t.keys.writeB, avecEtat('API-RD-5', 'ferme'));
    expect([403, 404]).toContain(b.statusCode);
    const lecture = await api('PUT', `/formations/${id}`, t.keys.read, avecEtat('API-RD-5', 'ferme'));
    expect(lecture.statusCode).toBe(403);
    expect(await etats(id)).toEqual(['ouvert']);
  });
});
