import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { selectFormationVues } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { vuesFormations, vuesFormationsPg } from '../../src/services/formation.view.ts';
import { bearer, formationFixture, SIREN_A, SIRET_B, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// The applied workbook import preloads the formations its rows name while the workbook is read
// (import-classeur.service.ts Prechargement) with vuesFormationsPg: one query per batch returning
// each formation's children as json, instead of the seven queries of vuesFormations. What the
// import compares its rows with must not change: the same vues, field for field and in the same
// order, for formations with every kind of child (sessions without a start date or on the same
// date, archived and diffused ones, events, contacts, a session with two contacts, organismes
// named or not, an open revision of a published offer), whoever reads them.

const t = useTestApi();

const api = (method: 'POST' | 'PUT', url: string, key: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload });

async function creer(over: Parameters<typeof formationFixture>[0]): Promise<string> {
  const r = await api('POST', '/formations', t.keys.writeA, formationFixture(over));
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

const session = (cle: string, debut: string | null, over: Record<string, unknown> = {}) => ({
  cle_externe: cle,
  debut,
  fin: debut ? '2028-06-30' : null,
  capacite: 12,
  lieu: {
    adresse: '2 place Bellecour',
    code_postal: '69002',
    commune: 'Lyon',
    code_insee: '69382',
    lat: 45.757814,
    lon: 4.832011,
  },
  ...over,
});

describe('the preload’s vues read as json (vuesFormationsPg)', () => {
  it('are the vues of vuesFormations, for every kind of child and reader', async () => {
    const ids: string[] = [];
    ids.push(await creer({ cle_externe: 'SIMPLE' }));
    ids.push(
      await creer({
        cle_externe: 'RICHE',
        contenu: 'Contenu « accentué » 🎓',
        mandataire: { siret: SIRET_B },
        contacts: [
          { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' },
          { type: 'pedagogique', nom: 'Alex Durand', telephone: '0472000000' },
        ],
        sessions: [
          session('S-SANS-DATE', null, { entree_sortie: 'permanente' }),
          session('S-B', '2026-09-01', {
            reunions_information: [
              { date: '2026-03-01', lieu: 'CFA', libelle: 'Portes ouvertes' },
              { date: null, lieu: null, libelle: 'Sur rendez-vous' },
            ],
            bilans: [{ date: '2027-06-30', lieu: null, libelle: null }],
            contact: { nom: 'Accueil', telephone: '0472000001', courriel: 'accueil@cfa.example' },
            numero_marche: 'M-2026-01',
            date_notification_marche: '2026-01-15',
          }),
          session('S-A', '2026-09-01', { etat_recrutement: 'suspendu' }),
          session('S-TOT', '2025-09-01', { financeur: 'region' }),
        ],
      } as Parameters<typeof formationFixture>[0]),
    );
    // Published, validated, then changed by its organisme: the change waits as a revision.
    const publiee = await creer({ cle_externe: 'PUBLIEE' });
    expect((await api('POST', `/formations/${publiee}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await api('POST', `/formations/${publiee}/valider`, t.keys.admin)).statusCode).toBe(200);
    const put = await api(
      'PUT',
      `/formations/${publiee}`,
      t.keys.writeA,
      formationFixture({ cle_externe: 'PUBLIEE', intitule: 'BTS MCO (révision de l’organisme)' }),
    );
    expect(put.statusCode, put.body).toBeLessThan(300);
    ids.push(publiee);
    // What no channel writes in one go: an archived session, a diffused one, a second contact.
    const [archivee, diffusee] = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', ids[1]!)
        .orderBy('cle_externe')
        .execute()
    ).map((s) => s.id);
    await t.ctx.db.updateTable('session').set({ archivee: true }).where('id', '=', archivee!).execute();
    await sql`update session set diffusee_at = now() where id = ${diffusee!}`.execute(t.ctx.db);
    await t.ctx.db
      .insertInto('contact')
      .values({
        session_id: diffusee!,
        nom: 'Second contact',
        telephone: null,
        courriel: 'second@cfa.example',
      })
      .execute();
    ids.push('inconnue');

    const rows = await selectFormationVues(t.ctx.db, ids);
    expect(rows).toHaveLength(3);
    for (const acteur of [SYSTEME('test'), organismeDe(SIREN_A), gestionnaireDe('84')]) {
      const attendues = await vuesFormations(t.ctx.db, acteur, rows);
      const lues = await vuesFormationsPg(t.ctx.db, acteur, rows);
      expect(lues).toStrictEqual(attendues);
    }
    const [, riche, avecRevision] = await vuesFormationsPg(t.ctx.db, SYSTEME('test'), rows);
    // The test reads what it means to: children of every kind were there to compare.
    expect(riche!.input.sessions.map((s) => s.cle_externe).at(-1)).toBe('S-SANS-DATE');
    expect(riche!.input.sessions).toHaveLength(4);
    expect(riche!.diffusees.size).toBe(1);
    expect(riche!.input.sessions.some((s) => (s.reunions_information ?? []).length === 2)).toBe(true);
    expect(avecRevision!.revisionOuverte).not.toBeNull();
    expect(avecRevision!.publiee?.intitule).not.toBe(avecRevision!.input.intitule);
    expect(await vuesFormationsPg(t.ctx.db, SYSTEME('test'), [])).toEqual([]);
  });
});
