import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { loadReferentiels, sessionForm } from './espace.helpers.ts';

// « Dupliquer la session » (a fresh user's report, 03/12): it opens the new-session form filled
// with the session's values, nothing stored until the form is sent; sent unchanged, the
// duplicate confirmation of an added session is asked as for any other.

let t: TestWeb;
let navA: Navigateur;
let navB: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  const a = await compte(t, { email: 'dan@cfa-dup.test', role: 'organisme', siren: SIRET_A.slice(0, 9) });
  const b = await compte(t, { email: 'eve@cfa-autre.test', role: 'organisme', siren: SIRET_B.slice(0, 9) });
  navA = new Navigateur(t.app, '10.32.0.1');
  navB = new Navigateur(t.app, '10.32.0.2');
  await navA.seConnecter(a.email, a.motDePasse);
  await navB.seConnecter(b.email, b.motDePasse);
});
afterAll(() => t.close());

/** A published offer of SIRET_A (validated, no revision): its id and its one session's. */
async function publiee(cle: string): Promise<{ id: string; sid: string }> {
  const base = formationFixture({ cle_externe: cle, intitule: `BTS ${cle}` });
  const f: FormationInput = { ...base, sessions: [{ ...base.sessions[0]!, lieu: PARIS }] };
  const of = organismeDe(SIRET_A.slice(0, 9));
  const { id } = await saveFormation(t.ctx, of, f);
  await transition(t.ctx, of, id, 'publier');
  await transition(t.ctx, gestionnaireDe('11'), id, 'valider');
  const s = await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute();
  return { id, sid: s[0]!.id };
}

/** The place as the communes reference gives it for 75001 (the form's sessionForm place). */
const PARIS = {
  adresse: '1 rue de Rivoli',
  code_postal: '75001',
  commune: 'Paris 1er Arrondissement',
  code_insee: '75101',
};

const version = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;

describe('« Dupliquer la session » opens the new-session form filled in', () => {
  it('links to the filled form, which stores nothing and names the copied session by its dates', async () => {
    const { id, sid } = await publiee('DUP-FORM');
    const fiche = await navA.get(`/espace/formations/${id}`);
    const lien = `/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`;
    expect(fiche.body).toMatch(
      new RegExp(`<a[^>]*href="${lien.replace(/[?]/g, '\\?')}"[^>]*>\\s*Dupliquer la session 1`),
    );
    expect(fiche.body).not.toContain(`/sessions/${sid}/dupliquer`);
    const avant = await version(id);
    const r = await navA.get(lien);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(lu).toContain(
      'Copie de la session du 1er septembre 2026 au 30 juin 2028 : changez au moins les dates',
    );
    expect(r.body).toContain(`action="/espace/formations/${id}/sessions/nouvelle"`);
    for (const v of ['2026-09-01', '2028-06-30', '1 rue de Rivoli', '75001', '24'])
      expect(r.body).toContain(`value="${v}"`);
    expect(await version(id)).toBe(avant);
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
  });

  it('leaves out the information meetings and assessments, which belong to the copied session’s calendar', async () => {
    const base = formationFixture({ cle_externe: 'DUP-EVTS', intitule: 'BTS DUP-EVTS' });
    const f: FormationInput = {
      ...base,
      sessions: [
        {
          ...base.sessions[0]!,
          lieu: PARIS,
          reunions_information: [{ date: '2026-05-20', lieu: 'Salle Rivoli', libelle: 'Portes ouvertes' }],
          bilans: [{ date: '2027-01-15', lieu: 'Salle Louvre', libelle: 'Bilan intermédiaire' }],
        },
      ],
    };
    const { id } = await saveFormation(t.ctx, organismeDe(SIRET_A.slice(0, 9)), f);
    const sid = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    // The session's own form shows them…
    const propre = await navA.get(`/espace/formations/${id}/sessions/${sid}`);
    for (const v of ['2026-05-20', 'Portes ouvertes', '2027-01-15', 'Bilan intermédiaire'])
      expect(propre.body).toContain(`value="${v}"`);
    // …its copy keeps everything else, and leaves them empty.
    const copie = await navA.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`);
    expect(copie.statusCode).toBe(200);
    for (const v of ['2026-09-01', '2028-06-30', '1 rue de Rivoli', '75001', '24'])
      expect(copie.body).toContain(`value="${v}"`);
    for (const v of [
      '2026-05-20',
      'Salle Rivoli',
      'Portes ouvertes',
      '2027-01-15',
      'Salle Louvre',
      'Bilan intermédiaire',
    ])
      expect(copie.body).not.toContain(v);
  });

  it('asks the duplicate confirmation when sent unchanged, and adds the session to a revision once re-dated', async () => {
    const { id, sid } = await publiee('DUP-ENVOI');
    await navA.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`);
    const meme = sessionForm({ debut: '2026-09-01', fin: '2028-06-30' });
    const double = await navA.post(`/espace/formations/${id}/sessions/nouvelle`, meme);
    expect(double.statusCode).toBe(400);
    expect(texte(double.body)).toContain('Il s’agit bien d’une autre session : l’ajouter quand même');
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
    const redatee = await navA.post(`/espace/formations/${id}/sessions/nouvelle`, {
      ...meme,
      debut: '2027-09-06',
      fin: '2029-06-29',
    });
    expect(redatee.statusCode, texte(redatee.body).slice(0, 300)).toBe(303);
    const rev = await findOpenRevision(t.ctx.db, id);
    expect((rev!.payload as FormationInput).sessions.map((s) => s.debut)).toEqual([
      '2026-09-01',
      '2027-09-06',
    ]);
  });

  it('answers 404 for a session not of the formation or another organisme’s, and no longer copies by POST', async () => {
    const { id, sid } = await publiee('DUP-ACCES');
    const autre = await publiee('DUP-AUTRE');
    const avant = await version(id);
    for (const url of [
      `/espace/formations/${id}/sessions/nouvelle?depuis=${autre.sid}`,
      `/espace/formations/${id}/sessions/nouvelle?depuis=inconnue`,
    ]) {
      const r = await navA.get(url);
      expect(r.statusCode, url).toBe(404);
    }
    const parB = await navB.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`);
    expect(parB.statusCode).toBe(404);
    expect(parB.body).not.toContain('1 rue de Rivoli');
    const post = await navA.post(`/espace/formations/${id}/sessions/${sid}/dupliquer`, {});
    expect(post.statusCode).toBe(404);
    expect(await version(id)).toBe(avant);
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
  });
});
