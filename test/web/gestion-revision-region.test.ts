import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { validateOffre } from '../../src/services/gestion/validation.service.ts';
import { getRevision, transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// A tester's report (03/12): a revision was queued for the région of the offer's stored sessions,
// not of its own. One that moves the only session from Lyon (84) to Angers (52) showed in the
// Auvergne-Rhône-Alpes queue only, and a gestionnaire of the Pays de la Loire could neither see
// nor decide it. A revision is now for the gestionnaires of the régions of its sessions and of the
// published version's (docs/gestion.md); a gestionnaire of an unrelated région is refused.

let t: TestWeb;
let g84: Navigateur;
let g52: Navigateur;
let g11: Navigateur;
const organisme = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const gestionnaire = async (region: string, ip: string) =>
    connecte(t, { email: `g${region}@region.test`, role: 'gestionnaire', region }, ip);
  g84 = await gestionnaire('84', '10.33.0.1');
  g52 = await gestionnaire('52', '10.33.0.2');
  g11 = await gestionnaire('11', '10.33.0.3');
});
afterAll(() => t?.close());

const ANGERS = { adresse: '1 rue Lenepveu', code_postal: '49000', commune: 'Angers', code_insee: '49007' };

/** A published offer in Lyon (84), validated, whose organisme's revision moves its only session to Angers (52). */
async function demenagee(
  cle: string,
  intitule: string,
  avant?: (id: string, f: FormationInput) => Promise<void>,
) {
  const f = formationFixture({ cle_externe: cle, intitule });
  const { id } = await saveFormation(t.ctx, organisme, f);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
  await avant?.(id, f);
  const r = await saveFormation(
    t.ctx,
    organisme,
    { ...f, sessions: [{ ...f.sessions[0]!, lieu: ANGERS }] },
    { id },
  );
  expect(r.revision).toBe(true);
  return id;
}

const file = async (nav: Navigateur) => texte((await nav.get('/gestion?nature=revision')).body);
const regions = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('formation_region')
      .select('code_region')
      .where('formation_id', '=', id)
      .execute()
  ).map((r) => r.code_region);

describe('a revision that moves an offer to another région', () => {
  it('is in the queue of the new région and of the published version’s, not of an unrelated one', async () => {
    const intitule = 'BTS parti de Lyon pour Angers';
    await demenagee('REG-FILE', intitule);
    expect(await file(g52)).toContain(intitule);
    expect(await file(g84)).toContain(intitule);
    expect(await file(g11)).not.toContain(intitule);
  });

  it('is opened and validated by a gestionnaire of the new région; one of an unrelated région is refused', async () => {
    const intitule = 'BTS validé à Angers';
    const id = await demenagee('REG-VALIDER', intitule);
    // Île-de-France: the diffused offer is visible to it, not its to decide (403), by page or service.
    expect((await g11.get(`/gestion/formations/${id}`)).statusCode).toBe(403);
    expect((await g11.post(`/gestion/formations/${id}/valider`, {})).statusCode).toBe(403);
    await expect(getRevision(t.ctx.db, gestionnaireDe('11'), id, new Date())).rejects.toMatchObject({
      status: 403,
    });
    expect((await getRevision(t.ctx.db, gestionnaireDe('52'), id, new Date())).diff.length).toBeGreaterThan(
      0,
    );

    const revue = await g52.get(`/gestion/formations/${id}`);
    expect(revue.statusCode, texte(revue.body).slice(0, 300)).toBe(200);
    expect(texte(revue.body)).toContain('Angers');
    const valider = await decider(g52, id, 'valider', {});
    expect(valider.statusCode, texte(valider.body).slice(0, 300)).toBe(303);
    expect(await regions(id)).toEqual(['52']);
    expect(await file(g52)).not.toContain(intitule);
    expect(await file(g84)).not.toContain(intitule);
  });

  it('its review tells each gestionnaire the other région, where the first decision wins; a one-région offer’s does not', async () => {
    const id = await demenagee('REG-AUSSI', 'BTS vu des deux régions');
    const phrase = (nom: string) =>
      `Cette offre concerne aussi : ${nom}. Elle est aussi dans la file de validation de cette région : la première décision, la vôtre ou celle d’un gestionnaire de cette région, est retenue et la retire de toutes les files.`;
    expect(texte((await g52.get(`/gestion/formations/${id}`)).body)).toContain(
      phrase('Auvergne-Rhône-Alpes'),
    );
    expect(texte((await g84.get(`/gestion/formations/${id}`)).body)).toContain(phrase('Pays de la Loire'));
    // An offer of Lyon only: nothing to tell.
    const seule = formationFixture({ cle_externe: 'REG-SEULE', intitule: 'BTS de Lyon seulement' });
    const { id: lyon } = await saveFormation(t.ctx, organisme, seule);
    await transition(t.ctx, organisme, lyon, 'publier');
    const revue = await g84.get(`/gestion/formations/${lyon}`);
    expect(revue.statusCode).toBe(200);
    expect(revue.body).not.toContain('id="autres-regions"');
    expect(texte(revue.body)).not.toContain('Cette offre concerne aussi');
  });

  it('may be returned by a gestionnaire of the new région, and validated by one of the old', async () => {
    const retournee = await demenagee('REG-RETOUR', 'BTS retourné depuis Angers');
    const retour = await decider(g52, retournee, 'retourner', {
      commentaire: 'Précisez l’adresse du lieu à Angers.',
    });
    expect(retour.statusCode, texte(retour.body).slice(0, 300)).toBe(303);
    // The old région's gestionnaire validates the organisme's move: its content, not its own write.
    const validee = await demenagee('REG-ANCIENNE', 'BTS validé depuis Lyon');
    const r = await decider(g84, validee, 'valider', {});
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
    expect(await regions(validee)).toEqual(['52']);
  });

  it('is opened by a gestionnaire of the new région even when the published version is not diffused', async () => {
    const id = await demenagee('REG-HORS', 'BTS hors diffusion déménagé', async (id, f) => {
      // A validated revision with a session ending before it starts (SESSION_DATES): published,
      // Non réglementaire (not visible outside 84).
      await saveFormation(
        t.ctx,
        organisme,
        {
          ...f,
          sessions: [
            ...f.sessions,
            {
              ...f.sessions[0]!,
              id: undefined,
              cle_externe: 'S-DATES',
              debut: '2027-09-06',
              fin: '2027-06-30',
            },
          ],
        },
        { id },
      );
      await validateOffre(t.ctx, gestionnaireDe('84'), id, { retraitConfirme: true });
    });
    // A third région's gestionnaire may not read it: told it exists elsewhere (403), never its title.
    const g11Lu = await g11.get(`/gestion/formations/${id}`);
    expect(g11Lu.statusCode).toBe(403);
    expect(texte(g11Lu.body)).toContain(
      'Cette formation relève des régions Auvergne-Rhône-Alpes et Pays de la Loire : elle est hors de votre périmètre (Île-de-France).',
    );
    expect(g11Lu.body).not.toContain('BTS hors diffusion déménagé');
    // The API answers the same (docs/gestion.md said 404 there, a fresh user's report 06/12, M7).
    const g11Api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/valider`,
      cookies: Object.fromEntries(g11.cookies),
      headers: { 'x-csrf-token': g11.csrf! },
    });
    expect(g11Api.statusCode).toBe(403);
    expect((g11Api.json() as { code: string; detail: string }).detail).toBe(
      'Cette formation relève des régions Auvergne-Rhône-Alpes et Pays de la Loire : elle est hors de votre périmètre (Île-de-France).',
    );
    expect((await g52.get(`/gestion/formations/${id}`)).statusCode).toBe(200);
  });
});
