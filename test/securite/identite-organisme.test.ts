import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFixture, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Issue 15, defect 3: a write key of SIREN A names B's establishment as formateur with another
// name, UAI and NDA. B's identity — organisme row, B's own offers, the public organisme page, the
// history and the change feed — must not move; A's formation is accepted and shows B as B is known.

const B = { siret: SIRET_B, uai: '0690001B', raison_sociale: 'Lycée Bellevue', nda: '84691234569' };
const PIRATE = { siret: SIRET_B, uai: '0010001W', raison_sociale: 'PIRATE', nda: '11111111111' };

describe('an establishment’s identity belongs to its own SIREN', () => {
  let api: TestApi;
  let idB: string;
  const poster = (key: string, payload: unknown) =>
    api.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { authorization: `Bearer ${key}` },
      payload: payload as object,
    });
  const get = (url: string, key = api.keys.admin) =>
    api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  const traces = async () => ({
    historique: await compterLignes(api.ctx.db, 'historique', { formation_id: idB }),
    evenements: await compterLignes(api.ctx.db, 'change_event', { entite_id: idB }),
  });
  const organismeB = () =>
    api.ctx.db
      .selectFrom('organisme')
      .select(['raison_sociale', 'uai', 'nda'])
      .where('siret', '=', SIRET_B)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    api = await testApi();
    const r = await poster(
      api.keys.writeB,
      formationFixture({ cle_externe: 'B-1', siret: SIRET_B, responsable: B, formateur: { siret: SIRET_B } }),
    );
    expect(r.statusCode).toBe(201);
    idB = r.json().id;
  });
  afterAll(() => api.close());

  it('keeps B’s name, UAI and NDA when A’s key says otherwise, everywhere, with nothing recorded for B', async () => {
    const avant = await traces();
    const attaque = formationFixture({ cle_externe: 'A-PIRATE', formateur: PIRATE });
    const r = await poster(api.keys.writeA, attaque);
    expect(r.statusCode).toBe(201);
    // A's formation is stored, naming B as B is known.
    expect(r.json().formation.formateur).toMatchObject({ siret: SIRET_B, raison_sociale: 'Lycée Bellevue' });
    expect(await organismeB()).toEqual({ raison_sociale: B.raison_sociale, uai: B.uai, nda: B.nda });
    expect((await get(`/api/v1/formations/${idB}`)).json().responsable).toMatchObject({
      raison_sociale: 'Lycée Bellevue',
      uai: '0690001B',
      nda: '84691234569',
    });
    expect((await get(`/api/v1/organismes/${SIRET_B}`)).json()).toMatchObject({
      raison_sociale: 'Lycée Bellevue',
      uai: '0690001B',
      nda: '84691234569',
    });
    expect(await traces()).toEqual(avant);
    // Sending it again changes nothing (no phantom change against B's known facts).
    const encore = await poster(api.keys.writeA, attaque);
    expect(encore.statusCode).toBe(200);
    expect(encore.json().changed).toBe(false);
  });

  it('lets B describe itself, and an administrator correct anyone', async () => {
    const r = await poster(
      api.keys.writeB,
      formationFixture({
        cle_externe: 'B-1',
        siret: SIRET_B,
        responsable: { ...B, raison_sociale: 'Lycée Bellevue (Lyon)' },
        formateur: { siret: SIRET_B },
      }),
    );
    expect(r.statusCode).toBe(200);
    expect((await organismeB()).raison_sociale).toBe('Lycée Bellevue (Lyon)');
    await poster(
      api.keys.admin,
      formationFixture({ cle_externe: 'ADMIN-1', formateur: { ...B, raison_sociale: 'Lycée Bellevue' } }),
    );
    expect((await organismeB()).raison_sociale).toBe('Lycée Bellevue');
  });
});
