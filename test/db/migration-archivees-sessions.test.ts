import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';

// Databases made before archiving closed the sessions (services/workflow.service.ts fermerSessions)
// hold archived formations whose sessions still recruit. Migration 0960 closes them as the archive
// transition does: sessions closed, version bumped, a history entry and a feed event, and the
// SESSION_RECRUTEMENT failures that closing makes untrue removed. The old state is built with raw
// SQL (the statut changed under the sessions), then the migration runs again through migrate().

const t = useTestApi();
const MIGRATION = '0960_archivees_sessions_fermees';

/** The fixture with an ongoing open session, a finished open one and a suspended one. */
function troisSessions(cle: string): FormationInput {
  const f = formationFixture({ cle_externe: cle });
  const s = f.sessions[0]!;
  return {
    ...f,
    sessions: [
      { ...s, cle_externe: `${cle}-1`, etat_recrutement: 'ouvert' },
      { ...s, cle_externe: `${cle}-2`, debut: '2023-09-01', fin: '2025-06-30', etat_recrutement: 'ouvert' },
      { ...s, cle_externe: `${cle}-3`, debut: '2027-09-01', fin: '2029-06-30', etat_recrutement: 'suspendu' },
    ],
  };
}

async function creer(cle: string): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: troisSessions(cle),
  });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

const lire = (id: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) });

async function etat(id: string) {
  const db = t.ctx.db;
  const [sessions, formation, historique, flux, echecs] = await Promise.all([
    db
      .selectFrom('session')
      .select(['id', 'etat_recrutement', 'archivee'])
      .where('formation_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('formation')
      .select(['version', 'updated_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('historique')
      .select(['action', 'acteur', 'diff'])
      .where('formation_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('change_event')
      .select(['seq', 'action', 'diffusee'])
      .where('entite_id', '=', id)
      .orderBy('seq')
      .execute(),
    db.selectFrom('controle_echec').select('code').where('formation_id', '=', id).execute(),
  ]);
  return { sessions, formation, historique, flux, echecs: echecs.map((e) => e.code) };
}

async function migrerDeNouveau() {
  await sql`delete from kysely_migration where name = ${MIGRATION}`.execute(t.ctx.db);
  await migrate(t.ctx.db);
}

describe('migration 0960: archived formations of before get their sessions closed', () => {
  it('closes the live sessions of archived (and deleted-while-archived) formations, as the archive transition writes it', async () => {
    const archivee = await creer('MIG-ARCH-1');
    const supprimee = await creer('MIG-ARCH-2');
    const brouillon = await creer('MIG-ARCH-3');
    // A session archived by absence (diffused, then left out) keeps its state.
    const [horsSerie] = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', archivee)
      .where('cle_externe', '=', 'MIG-ARCH-1-3')
      .execute();
    await sql`update session set archivee = true where id = ${horsSerie!.id}`.execute(t.ctx.db);
    // The old state: archived (then, for one, deleted) with the sessions left as they were.
    await sql`update formation set statut = 'archivee' where id in (${archivee}, ${supprimee})`.execute(
      t.ctx.db,
    );
    await sql`update formation set statut = 'supprimee', statut_avant_suppression = 'archivee' where id = ${supprimee}`.execute(
      t.ctx.db,
    );
    expect(
      (await lire(archivee)).json().sessions.map((s: { etat_recrutement: string }) => s.etat_recrutement),
    ).toEqual(expect.arrayContaining(['ouvert', 'ouvert']));
    const avant = await etat(archivee);
    expect(avant.echecs).toContain('SESSION_RECRUTEMENT');
    const avantBrouillon = await etat(brouillon);
    const seqAvant = (await t.ctx.db.selectFrom('feed_counter').select('seq').executeTakeFirstOrThrow()).seq;

    await migrerDeNouveau();

    const apres = await etat(archivee);
    const parId = new Map(apres.sessions.map((s) => [s.id, s]));
    for (const s of avant.sessions)
      expect(parId.get(s.id)!.etat_recrutement).toBe(s.archivee ? s.etat_recrutement : 'ferme');
    expect(parId.get(horsSerie!.id)!.etat_recrutement).toBe('suspendu');
    expect(apres.formation).toEqual({
      version: avant.formation.version + 1,
      updated_by: 'systeme:migration',
    });
    // One history entry: each live session's recruitment, before → « ferme ».
    expect(apres.historique.slice(avant.historique.length)).toEqual([
      {
        action: 'update',
        acteur: 'systeme:migration',
        diff: expect.arrayContaining(
          avant.sessions
            .filter((s) => !s.archivee)
            .map((s) => ({ champ: `sessions[${s.id}].etat_recrutement`, avant: 'ouvert', apres: 'ferme' })),
        ),
      },
    ]);
    expect(apres.historique.at(-1)!.diff).toHaveLength(2);
    // One feed event, outside the diffusion (archived).
    expect(apres.flux.slice(avant.flux.length).map((e) => [e.action, e.diffusee])).toEqual([
      ['update', false],
    ]);
    // The failure closing makes untrue is gone; the next computation agrees.
    expect(apres.echecs).not.toContain('SESSION_RECRUTEMENT');
    // The API's document is rebuilt: no session recruiting.
    expect(
      (await lire(archivee)).json().sessions.map((s: { etat_recrutement: string }) => s.etat_recrutement),
    ).toEqual(['ferme', 'ferme']);

    // The deleted one too; restoring it archives it again with nothing more to close.
    const sup = await etat(supprimee);
    expect(sup.sessions.map((s) => s.etat_recrutement)).toEqual(['ferme', 'ferme', 'ferme']);
    await transition(t.ctx, gestionnaireDe('84'), supprimee, 'restaurer');
    expect((await etat(supprimee)).sessions.map((s) => s.etat_recrutement)).toEqual([
      'ferme',
      'ferme',
      'ferme',
    ]);

    // A formation that is not archived is left as it is.
    expect(await etat(brouillon)).toEqual(avantBrouillon);
    const seqApres = (await t.ctx.db.selectFrom('feed_counter').select('seq').executeTakeFirstOrThrow()).seq;
    expect(Number(seqApres)).toBeGreaterThanOrEqual(Number(seqAvant) + 2);

    // Once more: nothing left to close, nothing written.
    const fin = await etat(archivee);
    await migrerDeNouveau();
    expect(await etat(archivee)).toEqual(fin);
  });
});
