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
    expect(b.json().detail).toContain('a été modifiée depuis votre lecture');
    const apres = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) });
    expect(apres.json().intitule).toBe('Version A');

    // A weak tag never matches (strong comparison); `*` and a list holding the current one do.
    for (const [ifMatch, status] of [
      [`W/${e2}`, 412],
      [`"autre", ${e2}`, 200],
      ['*', 200],
    ] as const) {
      const r = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...json(bearer(t.keys.writeA)), 'if-match': ifMatch },
        payload: formationFixture({ cle_externe: 'IF-MATCH-1', intitule: 'Version A' }),
      });
      expect(r.statusCode, `If-Match: ${ifMatch}`).toBe(status);
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
});
