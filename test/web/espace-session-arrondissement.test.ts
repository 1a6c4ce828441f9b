import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// A fresh user's report (07/12): a session in « 69003 » « Lyon » was stored under Lyon's INSEE code
// (69123), not its 3e arrondissement's (69383). A postal code of one arrondissement with the city's
// name typed is that arrondissement (domain/commune.ts choisirCommuneDuCodePostal).

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(
    t,
    { email: 'cfa@arrondissement.test', role: 'organisme', siren: SIREN_A },
    '10.46.0.1',
  );
});
afterAll(() => t?.close());

describe('the session form: the city’s name with an arrondissement’s postal code', () => {
  it.each([
    ['75116', 'Paris', '75116', 'Paris 16e Arrondissement'],
    ['75001', 'PARIS', '75101', 'Paris 1er Arrondissement'],
  ])('%s %s is stored under %s', async (cp, nom, insee, officiel) => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: `Formation à ${cp}` }));
    const r = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'lieu.code_postal': cp, 'lieu.commune': nom }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['code_postal', 'commune', 'code_insee'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({ code_postal: cp, commune: officiel, code_insee: insee });
  });
});
