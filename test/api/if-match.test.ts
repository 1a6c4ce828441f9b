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
