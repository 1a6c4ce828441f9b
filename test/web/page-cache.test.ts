import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { bearer, setCatalogue } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../helpers/formations.ts';
import { loadFixture } from '../recherche/fixtures.ts';

// Issue 15 item 8: the anonymous search page's HTML is cached (src/http/web/page-cache.ts) by URL,
// day and data version. Every write, whoever makes it, shows on the next anonymous page; the day
// changing shows too (past sessions); a signed-in page is never served from nor stored in it.
// Two server processes on one PostgreSQL database: test/echelle/deux-serveurs.test.ts.

let t: TestWeb;
let jour = new Date('2025-08-30T10:00:00Z');
let cleEcriture: string;
let cleAdmin: string;
let connecte: Navigateur;

beforeAll(async () => {
  t = await testWeb({ now: () => jour });
  await loadFixture(t.ctx);
  await upsertOrganismes(
    t.ctx.db,
    [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null }],
    t.ctx.now(),
    { remplacer: false },
  );
  cleEcriture = (await createApiKey(t.ctx, { name: 'cache pages', scope: 'write', siren: SIREN_A })).key;
  cleAdmin = (await createApiKey(t.ctx, { name: 'cache pages admin', scope: 'admin' })).key;
  const c = await compte(t, { email: 'prescripteur@cache.test', role: 'prescripteur' });
  connecte = new Navigateur(t.app);
  expect((await connecte.seConnecter(c.email, c.motDePasse)).statusCode).toBe(303);
});
afterAll(() => t?.close());

const anonyme = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/**
 * Two anonymous reads in a row until the second comes from the cache (the public-data version is
 * this database's own, migration 0910: the first pair is enough; the retries are a margin).
 */
async function deuxLectures(url: string) {
  for (let i = 0; ; i++) {
    const premiere = await anonyme(url);
    const seconde = await anonyme(url);
    if (seconde.headers['x-offre-cache'] === 'hit' || i === 4) return { premiere, seconde };
  }
}

describe('the anonymous search page cache', () => {
  it('serves a repeated anonymous search from the cache, byte for byte', async () => {
    const { premiere, seconde } = await deuxLectures('/?q=boulanger');
    expect(premiere.statusCode).toBe(200);
    expect(seconde.headers['x-offre-cache']).toBe('hit');
    expect(seconde.body).toBe(premiere.body);
    expect(seconde.headers['content-type']).toBe('text/html; charset=utf-8');
    // The security headers are those of a computed page.
    expect(seconde.headers['content-security-policy']).toBe(premiere.headers['content-security-policy']);
    expect(seconde.headers['set-cookie']).toBeUndefined();
  });

  it('shows a formation created and validated through the API on the next anonymous page', async () => {
    const url = '/?q=soudure';
    const { seconde } = await deuxLectures(url);
    expect(seconde.headers['x-offre-cache']).toBe('hit');
    expect(seconde.body).not.toContain('Soudure à l’arc');
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(cleEcriture),
      payload: formationFixture({ cle_externe: 'CACHE-SOUDURE', intitule: 'Soudure à l’arc' }),
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id as string;
    for (const [action, cle] of [
      ['publier', cleEcriture],
      ['valider', cleAdmin],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/${action}`,
        headers: bearer(cle),
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    await setCatalogue(t.ctx, id, 'general');
    const apres = await anonyme(url);
    expect(apres.headers['x-offre-cache']).toBe('miss');
    expect(apres.body).toContain('Soudure à l’arc');
  });

  it('never serves a stale page after a write made outside the server (an organisme renamed in SQL)', async () => {
    const url = '/?q=coiffure';
    const { seconde } = await deuxLectures(url);
    expect(seconde.headers['x-offre-cache']).toBe('hit');
    expect(seconde.body).not.toContain('CFA du Nivernais');
    // As another process or a reference import (SIRENE) would: the card names the organisme.
    await sql`update organisme set raison_sociale = 'CFA du Nivernais' where siret = ${SIRET_A}`.execute(
      t.ctx.db,
    );
    const apres = await anonyme(url);
    expect(apres.headers['x-offre-cache']).toBe('miss');
    expect(apres.body).toContain('CFA du Nivernais — Nevers');
  });

  it('computes the page again when the day changes (a session that has started is no longer « prochaine »)', async () => {
    const url = '/?q=coiffure&tri=pertinence';
    const { seconde } = await deuxLectures(url);
    expect(seconde.headers['x-offre-cache']).toBe('hit');
    expect(seconde.body).toContain('Prochaine session le 1');
    jour = new Date('2025-09-02T10:00:00Z');
    try {
      const lendemain = await anonyme(url);
      expect(lendemain.headers['x-offre-cache']).toBe('miss');
      expect(lendemain.body).not.toContain('Prochaine session le 1');
    } finally {
      jour = new Date('2025-08-30T10:00:00Z');
    }
  });

  it('never serves a signed-in user from the cache, nor stores a signed-in page', async () => {
    const url = '/?q=boulanger&page=1';
    // Anonymous first: the page is in the cache.
    expect((await deuxLectures(url)).seconde.headers['x-offre-cache']).toBe('hit');
    const pro = await connecte.get(url);
    expect(pro.statusCode).toBe(200);
    expect(pro.headers['x-offre-cache']).toBeUndefined();
    expect(pro.headers['cache-control']).toBe('no-store');
    expect(pro.body).toContain('Se déconnecter');
    expect(pro.body).toContain('Vue professionnelle');
    // Signed in first, on a URL no one asked: what anonymous visitors get next is theirs.
    const autre = '/?q=boulanger&page=1&tri=debut';
    const proAutre = await connecte.get(autre);
    expect(proAutre.body).toContain('Se déconnecter');
    for (const r of [await anonyme(autre), await anonyme(autre)]) {
      expect(r.body).not.toContain('Se déconnecter');
      expect(r.body).not.toContain('Vue professionnelle');
      expect(r.body).not.toContain('name="_csrf"');
    }
  });

  it('is off with the public read caches (OFFRE_API_CACHE=0)', async () => {
    const app = await buildApp(t.ctx, { apiCache: false });
    try {
      for (let i = 0; i < 2; i++) {
        const r = await app.inject({ method: 'GET', url: '/?q=boulanger' });
        expect(r.statusCode).toBe(200);
        expect(r.headers['x-offre-cache']).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});
