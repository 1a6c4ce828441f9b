import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey, updateQuotaApiKey } from '../../src/services/apikey.service.ts';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// API rate limits (issue 15 item 4): per key and per anonymous IP, reads and writes apart, 429 with
// Retry-After and a French problem details, a key's own quota set by an administrator, counters
// shared by every server process (two apps on one database), a cached read counted too.

let now = new Date('2026-11-30T10:00:00Z');
let t: TestWeb;
const get = (url: string, opts: { key?: string; ip?: string; app?: TestWeb['app'] } = {}) =>
  (opts.app ?? t.app).inject({
    url,
    remoteAddress: opts.ip ?? '10.9.0.1',
    headers: opts.key ? { authorization: `Bearer ${opts.key}` } : {},
  });

beforeAll(async () => {
  t = await testWeb({
    smtp: false,
    now: () => now,
    quotas: { fenetreS: 60, lectureIp: 3, ecritureIp: 2, lectureCle: 4, ecritureCle: 2 },
  });
});
afterAll(() => t.close());

describe('API quotas', () => {
  it('an anonymous address gets 429 with Retry-After and a French problem details past its reads; writes count apart', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await get('/api/v1/formations?limit=1');
      expect(r.statusCode).toBe(200);
      expect(r.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const r = await get('/api/v1/formations?limit=1');
    expect(r.statusCode).toBe(429);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(r.json()).toMatchObject({
      status: 429,
      code: 'QUOTA_DEPASSE',
      limite: 3,
      fenetre_s: 60,
      genre: 'lecture',
    });
    expect(r.json().detail).toMatch(/^Quota de lectures atteint pour votre adresse IP/);
    // A write is counted apart: it still reaches the route (401, no key), not the read quota.
    const w = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      remoteAddress: '10.9.0.1',
      payload: {},
    });
    expect(w.statusCode).toBe(401);
    // Another address is not concerned.
    expect((await get('/api/v1/formations?limit=1', { ip: '10.9.0.2' })).statusCode).toBe(200);
    // The window ends: allowed again.
    now = new Date(now.getTime() + 61_000);
    expect((await get('/api/v1/formations?limit=1')).statusCode).toBe(200);
  });

  it('a key has its own counter; an administrator gives a consumer system a higher quota', async () => {
    const a = await createApiKey(t.ctx, { name: 'consommateur', scope: 'read' });
    const b = await createApiKey(t.ctx, { name: 'autre', scope: 'read' });
    for (let i = 0; i < 4; i++)
      expect((await get('/api/v1/formations?limit=1', { key: a.key })).statusCode).toBe(200);
    const refus = await get('/api/v1/formations?limit=1', { key: a.key });
    expect(refus.statusCode).toBe(429);
    expect(refus.json().detail).toContain('demandez à l’administrateur un quota plus élevé');
    expect((await get('/api/v1/formations?limit=1', { key: b.key })).statusCode).toBe(200);
    await updateQuotaApiKey(t.ctx, a.id, { lecture: '6', ecriture: '' }, SYSTEME('test'));
    const r = await get('/api/v1/formations?limit=1', { key: a.key });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-ratelimit-limit']).toBe('6');
    expect((await get('/api/v1/formations?limit=1', { key: a.key })).statusCode).toBe(200);
    expect((await get('/api/v1/formations?limit=1', { key: a.key })).statusCode).toBe(429);
    // Only the first refusal of a window goes to the audit trail.
    const audit = await t.ctx.db
      .selectFrom('audit_securite')
      .select(['acteur'])
      .where('evenement', '=', 'limite_depassee')
      .where('acteur', '=', 'cle:consommateur')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('Retry-After of a key gives the seconds left until its window ends', async () => {
    const k = await createApiKey(t.ctx, { name: 'fenetre', scope: 'read' });
    const debut = now;
    for (let i = 0; i < 4; i++)
      expect((await get('/api/v1/formations?limit=1', { key: k.key })).statusCode).toBe(200);
    now = new Date(debut.getTime() + 45_000);
    const refus = await get('/api/v1/formations?limit=1', { key: k.key });
    expect(refus.statusCode).toBe(429);
    expect(refus.headers['retry-after']).toBe('15');
    expect(refus.json()).toMatchObject({ retry_after: 15 });
    await t.app.syncQuotas();
    now = new Date(debut.getTime() + 58_500);
    const encore = await get('/api/v1/formations?limit=1', { key: k.key });
    expect(encore.headers['retry-after']).toBe('2');
    now = new Date(debut.getTime() + 61_000);
  });

  it('a bad quota is refused naming its field', async () => {
    const k = await createApiKey(t.ctx, { name: 'q', scope: 'read' });
    await expect(updateQuotaApiKey(t.ctx, k.id, { lecture: '0' }, SYSTEME('test'))).rejects.toMatchObject({
      code: 'CLE_QUOTA',
      details: { champ: 'lecture' },
    });
    await expect(
      updateQuotaApiKey(t.ctx, k.id, { ecriture: 'beaucoup' }, SYSTEME('test')),
    ).rejects.toMatchObject({
      code: 'CLE_QUOTA',
      details: { champ: 'ecriture' },
    });
  });

  it('counters are shared by every server process (two apps on one database)', async () => {
    const autre = await buildApp(t.ctx);
    try {
      const ip = '10.9.0.3';
      // The first request of a window in a process is counted in the database at once; the next
      // ones locally, added to the shared counter every second (done by hand here).
      for (let i = 0; i < 3; i++)
        expect((await get('/api/v1/formations?limit=1', { ip })).statusCode).toBe(200);
      await t.app.syncQuotas();
      const r = await get('/api/v1/formations?limit=1', { ip, app: autre });
      expect(r.statusCode).toBe(429);
      expect(r.json()).toMatchObject({ code: 'QUOTA_DEPASSE' });
      // And the other way round: the second process's count reaches the first at its next synchronisation.
      const ip2 = '10.9.0.7';
      expect((await get('/api/v1/formations?limit=1', { ip: ip2, app: autre })).statusCode).toBe(200);
      expect((await get('/api/v1/formations?limit=1', { ip: ip2, app: autre })).statusCode).toBe(200);
      await autre.syncQuotas();
      expect((await get('/api/v1/formations?limit=1', { ip: ip2 })).statusCode).toBe(200);
      expect((await get('/api/v1/formations?limit=1', { ip: ip2 })).statusCode).toBe(429);
    } finally {
      await autre.close();
    }
  });

  it('a cached read is counted as well', async () => {
    const ip = '10.9.0.4';
    const codes = [];
    const caches = [];
    for (let i = 0; i < 4; i++) {
      const r = await get('/api/v1/formations?limit=2', { ip });
      codes.push(r.statusCode);
      caches.push(r.headers['x-offre-cache']);
    }
    // On the shared PostgreSQL server another file's write may turn a hit into a miss (the data
    // version is the server's); on the embedded database the reads in between are cache hits.
    if (TEST_ENGINE === 'pglite') expect(caches.slice(1, 3)).toEqual(['hit', 'hit']);
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it('writes of a key are limited apart from its reads', async () => {
    await upsertOrganismes(
      t.ctx.db,
      [{ siret: '13002526500013', siren: '130025265', uai: null, raison_sociale: null, nda: null }],
      now,
    );
    const k = await createApiKey(t.ctx, { name: 'ecrivain', scope: 'write', siren: '130025265' });
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        remoteAddress: '10.9.0.5',
        headers: { authorization: `Bearer ${k.key}` },
        payload: { intitule: 5 },
      });
    expect((await post()).statusCode).toBe(400);
    expect((await post()).statusCode).toBe(400);
    const r = await post();
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({ code: 'QUOTA_DEPASSE', genre: 'ecriture' });
    expect(r.json().detail).toMatch(/^Quota d’écritures atteint pour cette clé d’API/);
    expect((await get('/api/v1/formations?limit=1', { key: k.key, ip: '10.9.0.5' })).statusCode).toBe(200);
  });

  it('unknown keys from one address are counted and then refused with 429', async () => {
    const ip = '10.9.0.6';
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await get('/api/v1/formations', { ip, key: `offre_faux${i}xxxxxxxxxxxxxxxxx` })).statusCode,
      );
    expect(codes).toEqual([401, 401, 429]);
  });
});
