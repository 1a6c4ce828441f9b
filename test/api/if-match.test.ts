import { describe, expect, it } from 'vitest';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// Two tools writing the same offer (fresh user of stop 23: PUT replaced it whole, whoever wrote
// last won silently). GET gives a writer a strong ETag; PUT with If-Match is refused with 412
// PRECONDITION_ECHOUEE, nothing stored, when the offer changed since. Real HTTP stack (inject),
// both engines.

const t = useTestApi();

const json = (h: Record<string, string>) => ({ ...h, 'content-type': 'application/json' });

describe('PUT /formations/{id} with If-Match', () => {
  it('accepts the ETag of the last read, refuses a stale one (412, nothing stored)', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version 1' }),
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id as string;
    const url = `/api/v1/formations/${id}`;

    const lu = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) });
    const e1 = lu.headers.etag as string;
    expect(e1).toMatch(/^"[0-9a-f]{32}"$/);

    // Tool A writes with the ETag it read: accepted, a new ETag comes back.
    const a = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...json(bearer(t.keys.writeA)), 'if-match': e1 },
      payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version A' }),
    });
    expect(a.statusCode, a.body).toBe(200);
    const e2 = a.headers.etag as string;
    expect(e2).toMatch(/^"[0-9a-f]{32}"$/);
    expect(e2).not.toBe(e1);
    // The ETag a GET gives now is the PUT's.
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) })).headers.etag).toBe(
      e2,
    );

    // Tool B still holds e1: refused, with the current ETag, and the offer is A's.
    const b = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...json(bearer(t.keys.writeA)), 'if-match': e1 },
      payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version B' }),
    });
    expect(b.statusCode).toBe(412);
    expect(b.json()).toMatchObject({ code: 'PRECONDITION_ECHOUEE', etag_actuel: e2 });
    expect(b.json().detail).toContain('elle a été modifiée depuis votre lecture');
    const apres = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) });
    expect(apres.json().intitule).toBe('Version A');

    // A weak tag never matches (strong comparison), a value that is no tag neither: malformed (400),
    // each refusal saying which; `*` and a list holding the current one match.
    const courant = () =>
      t.app
        .inject({ method: 'GET', url, headers: bearer(t.keys.writeA) })
        .then((r) => r.headers.etag as string);
    for (const [ifMatch, status, raison] of [
      [`W/${e2}`, 400, 'ETag faible'],
      [e2.slice(1, -1), 400, 'n’est pas une version entre guillemets'],
      ['', 400, 'est vide'],
      ['"', 400, 'n’est pas une version entre guillemets'],
      [`"autre", ${e2}`, 200, ''],
      ['*', 200, ''],
    ] as const) {
      const r = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...json(bearer(t.keys.writeA)), 'if-match': ifMatch },
        payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version A' }),
      });
      expect(r.statusCode, `If-Match: ${ifMatch}`).toBe(status);
      if (raison) expect(r.json().detail, `If-Match: ${ifMatch}`).toContain(raison);
      expect(await courant()).toBe(e2); // nothing changed (the last two rewrite the same offer)
    }
    // Without If-Match the write stays unconditional, as before.
    const libre = await t.app.inject({
      method: 'PUT',
      url,
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version C' }),
    });
    expect(libre.statusCode).toBe(200);
  });

  it('a published offer: a revision written since the read makes the ETag stale', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-2', intitule: 'Publiée' }),
    });
    const id = cree.json().id as string;
    const url = `/api/v1/formations/${id}`;
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'publier');
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'valider');
    const e1 = (await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) })).headers
      .etag as string;
    // The first tool's change becomes a revision: the diffused offer is unchanged, the ETag is not.
    const rev = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...json(bearer(t.keys.writeA)), 'if-match': e1 },
      payload: formationFixture({ cle_externe: 'IF-MATCH-2', intitule: 'Publiée, révisée' }),
    });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json().revision).toBe(true);
    expect(rev.headers.etag).not.toBe(e1);
    const tard = await t.app.inject({
      method: 'PUT',
      url,
      headers: { ...json(bearer(t.keys.writeA)), 'if-match': e1 },
      payload: formationFixture({ cle_externe: 'IF-MATCH-2', intitule: 'Publiée, autre révision' }),
    });
    expect(tard.statusCode).toBe(412);
  });

  it('another SIREN’s key gets 403/404 before any ETag is compared', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-3' }),
    });
    const id = cree.json().id as string;
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: { ...json(bearer(t.keys.writeB)), 'if-match': '*' },
      payload: formationFixture({ cle_externe: 'IF-MATCH-3' }),
    });
    expect([403, 404]).toContain(r.statusCode);
    expect(r.json().code).not.toBe('PRECONDITION_ECHOUEE');
  });

  it('POST /formations/{id}/sessions honours If-Match too', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-4' }),
    });
    const id = cree.json().id as string;
    const e1 = (
      await t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) })
    ).headers.etag as string;
    const session = (debut: string, ifMatch: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/sessions`,
        headers: { ...json(bearer(t.keys.writeA)), 'if-match': ifMatch },
        payload: {
          cle_externe: `S-${debut}`,
          debut,
          fin: '2029-06-30',
          lieu: { code_postal: '69001', commune: 'Lyon' },
        },
      });
    const ok = await session('2027-09-01', e1);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.headers.etag).not.toBe(e1);
    const perime = await session('2028-09-01', e1);
    expect(perime.statusCode).toBe(412);
    expect(perime.json()).toMatchObject({ code: 'PRECONDITION_ECHOUEE', etag_actuel: ok.headers.etag });
    const f = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(f.json().sessions.map((s: { cle_externe: string }) => s.cle_externe)).not.toContain(
      'S-2028-09-01',
    );
  });
});

// A fresh user's report (07/12): two opposite decisions sent at the same moment both succeeded
// (revision_retournee then revision_validee: the organisme told « à corriger » while the offer was
// validated). Each decision sent with the ETag it read: the second one is stale, 412.
describe('decisions (valider, retourner) with If-Match', () => {
  const soumise = async (cle: string) => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: cle }),
    });
    const id = cree.json().id as string;
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'publier');
    return id;
  };
  const decider = (id: string, t2: 'valider' | 'retourner', ifMatch?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/${t2}`,
      headers: { ...json(bearer(t.keys.admin)), ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      payload: t2 === 'retourner' ? { commentaire: 'Dates à revoir' } : {},
    });
  const statut = async (id: string) =>
    (await t.app.inject({ url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) })).json().statut;

  it('the second of two opposite decisions made on the same read is refused (412), nothing decided', async () => {
    // A published offer with a revision pending (the report's case: revision_retournee, then revision_validee).
    const id = await soumise('IF-MATCH-DECISION-1');
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'valider');
    const rev = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: json(bearer(t.keys.writeA)),
      payload: formationFixture({ cle_externe: 'IF-MATCH-DECISION-1', intitule: 'Révisée' }),
    });
    expect(rev.json().revision, rev.body).toBe(true);
    const lu = await t.app.inject({
      url: `/api/v1/formations/${id}/revision`,
      headers: bearer(t.keys.admin),
    });
    expect(lu.statusCode, lu.body).toBe(200);
    const etag = lu.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const retour = await decider(id, 'retourner', etag);
    expect(retour.statusCode, retour.body).toBe(200);
    const relire = () =>
      t.app
        .inject({ url: `/api/v1/formations/${id}/revision`, headers: bearer(t.keys.admin) })
        .then((r) => [r.statusCode, r.json().statut, r.json().commentaire, r.headers.etag]);
    const avant = await relire();
    const validation = await decider(id, 'valider', etag);
    expect(validation.statusCode, validation.body).toBe(412);
    expect(validation.json().code).toBe('PRECONDITION_ECHOUEE');
    expect(validation.json().detail).toMatch(
      /^La version ".+" envoyée dans If-Match n’est plus la version courante/,
    );
    // Nothing decided: the revision stays as returned (the organisme told « à corriger » for good reason).
    expect(await relire()).toEqual(avant);
  });

  it('the other way round, and without If-Match the decision of the moment (as before)', async () => {
    const id = await soumise('IF-MATCH-DECISION-2');
    const etag = (await t.app.inject({ url: `/api/v1/formations/${id}`, headers: bearer(t.keys.admin) }))
      .headers.etag as string;
    expect((await decider(id, 'valider', etag)).statusCode).toBe(200);
    // Refused either way: the offer no longer awaits a decision (409) or the tag is stale (412).
    const retour = await decider(id, 'retourner', etag);
    expect([409, 412], retour.body).toContain(retour.statusCode);
    expect(await statut(id)).toBe('publiee');
    // Without the header: unconditional, so a stale client is not protected (docs/api.md).
    const id2 = await soumise('IF-MATCH-DECISION-3');
    expect((await decider(id2, 'retourner')).statusCode).toBe(200);
  });
});
