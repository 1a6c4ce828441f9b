import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// What the session form refuses (a commune that is not its postal code's, LIEU_HORS_CODE_POSTAL;
// a contact with a telephone or courriel but no name), as the API writes it. The API never looks
// a place up in the communes reference: it stores the place as sent (its code_insee is the one
// sent, none when none), and the conformity rule LIEU_COMMUNE reports the mismatch: no silent
// mapping to the postal code's commune (docs/contrat.md). A session's contact without a name is
// kept, as other contacts than the référent handicap are (LHEO files carry them).

const t = useTestApi();
beforeAll(() => loadReferentiels(t.ctx));

const ecrire = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload });

describe('API: a session’s place and contact', () => {
  it('stores « Nantes » at 53000 as sent, never as Laval; LIEU_COMMUNE reports it', async () => {
    const f = formationFixture({ cle_externe: 'API-NANTES-53000' });
    const r = await ecrire({
      ...f,
      sessions: [
        {
          ...f.sessions[0]!,
          lieu: { adresse: '1 rue de Bretagne', code_postal: '53000', commune: 'Nantes' },
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['code_postal', 'commune', 'code_insee'])
      .where('formation_id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({ code_postal: '53000', commune: 'Nantes', code_insee: null });
    const lue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${r.json().id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(lue.json().conformite.echecs).toContainEqual(
      expect.objectContaining({
        code: 'LIEU_COMMUNE',
        severite: 'bloquant',
        champ: 'sessions[0].lieu.commune',
        message: expect.stringContaining('« Nantes » ne correspond pas au code postal 53000'),
      }),
    );
  });

  it('keeps a session contact with a telephone but no name', async () => {
    const f = formationFixture({ cle_externe: 'API-CONTACT-SANS-NOM' });
    const r = await ecrire({
      ...f,
      sessions: [{ ...f.sessions[0]!, contact: { nom: null, telephone: '02 40 00 00 00', courriel: null } }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const lue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${r.json().id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(lue.json().sessions[0].contact).toMatchObject({ nom: null, telephone: '02 40 00 00 00' });
  });
});
