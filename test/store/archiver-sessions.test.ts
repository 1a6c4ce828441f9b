import { describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { SIREN_A } from '../helpers/formations.ts';

// The defect: archiving through the API (POST …/archiver, transitionTx) left the sessions'
// recruitment as it was, so an archived formation still showed « Recrutement ouvert ». An archived
// offer has its sessions closed (docs/produit.md « Archivage »), whichever door archives it: the
// transition closes them in its transaction, with the history entry and the change-feed event a
// session change writes, before the archiving's own; republishing reopens nothing.

const t = useTestApi();

async function api(method: 'POST' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** The fixture with two sessions, one open and one suspended. */
function deuxSessions(cle: string): FormationInput {
  const f = formationFixture({ cle_externe: cle });
  const s = f.sessions[0]!;
  return {
    ...f,
    sessions: [
      { ...s, etat_recrutement: 'ouvert' },
      {
        ...s,
        cle_externe: `${s.cle_externe ?? cle}-2`,
        debut: '2028-09-01',
        fin: '2030-06-30',
        etat_recrutement: 'suspendu',
      },
    ],
  };
}

async function etats(id: string) {
  const rows = await t.ctx.db
    .selectFrom('session')
    .select('etat_recrutement')
    .where('formation_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.etat_recrutement);
}

async function journal(id: string) {
  const historique = await t.ctx.db
    .selectFrom('historique')
    .select(['action', 'diff'])
    .where('formation_id', '=', id)
    .orderBy('id')
    .execute();
  const flux = await t.ctx.db
    .selectFrom('change_event')
    .select(['action', 'seq'])
    .where('entite_id', '=', id)
    .orderBy('seq')
    .execute();
  return { historique, flux: flux.map((e) => e.action) };
}

const champs = (diff: unknown) => (diff as { champ: string }[]).map((c) => c.champ);

describe('archiving a formation closes its sessions', () => {
  it('API, published formation: every session closed, a history entry and a feed event before the archiving’s', async () => {
    const id = (await api('POST', '/formations', t.keys.writeA, deuxSessions('ARS-1'))).json().id;
    expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
    const avant = await journal(id);
    expect(await etats(id)).toEqual(expect.arrayContaining(['ouvert', 'suspendu']));

    const r = await api('POST', `/formations/${id}/archiver`, t.keys.writeA);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ statut: 'archivee' });
    expect(await etats(id)).toEqual(['ferme', 'ferme']);

    const apres = await journal(id);
    const nouveaux = apres.historique.slice(avant.historique.length);
    expect(nouveaux.map((h) => h.action)).toEqual(['update', 'archiver']);
    expect(champs(nouveaux[0]!.diff).filter((c) => c.endsWith('etat_recrutement'))).toHaveLength(2);
    expect(apres.flux.slice(avant.flux.length)).toEqual(['update', 'archive']);
    // Written over the diffused version, not as a revision waiting for validation.
    expect(
      await t.ctx.db.selectFrom('formation_revision').select('id').where('formation_id', '=', id).execute(),
    ).toEqual([]);

    // The API shows it: no session of it recruiting.
    const lue = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    expect(lue.sessions.map((s: { etat_recrutement: string }) => s.etat_recrutement)).toEqual([
      'ferme',
      'ferme',
    ]);

    // Republishing reopens nothing: the organisme reopens a session by changing it.
    expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect(await etats(id)).toEqual(['ferme', 'ferme']);
  });

  it('a gestionnaire archiving a draft: sessions closed too; already closed, nothing more than the archiving', async () => {
    const { id } = await saveFormation(t.ctx, organismeDe(SIREN_A), deuxSessions('ARS-2'));
    const avant = await journal(id);
    await transition(t.ctx, gestionnaireDe('84'), id, 'archiver');
    expect(await etats(id)).toEqual(['ferme', 'ferme']);
    expect((await journal(id)).flux.slice(avant.flux.length)).toEqual(['update', 'archive']);

    const fermee = deuxSessions('ARS-3');
    const f = await saveFormation(t.ctx, organismeDe(SIREN_A), {
      ...fermee,
      sessions: fermee.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' as const })),
    });
    const avant3 = await journal(f.id);
    await transition(t.ctx, organismeDe(SIREN_A), f.id, 'archiver');
    const apres3 = await journal(f.id);
    expect(apres3.historique.slice(avant3.historique.length).map((h) => h.action)).toEqual(['archiver']);
    expect(apres3.flux.slice(avant3.flux.length)).toEqual(['archive']);
  });
});
