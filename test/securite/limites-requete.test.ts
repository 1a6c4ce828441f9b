import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { MAX_SESSIONS } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { compter, exportClasseur, loadOffre, NOW } from '../classeur/classeur.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Limits of one API request (issue 15 item 3): body size per route, JSON depth, sessions per
// formation, formations per LHEO file, rows per workbook, time per read. Each answered by a problem
// details with a stable code and a French message, nothing stored.

const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
const lheo = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');

describe('default limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it('a JSON write of 50 MB is refused with 413 TROP_VOLUMINEUX naming the limit', async () => {
    const f = { ...formationFixture(), objectif: 'x'.repeat(50 * 1024 * 1024) };
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(api.keys.writeA),
      payload: f,
    });
    expect(r.statusCode).toBe(413);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'TROP_VOLUMINEUX', limite_octets: 1024 * 1024 });
    expect(r.json().detail).toMatch(/dépasse la limite de cette route \(1\s024 Ko\)/);
    expect(await compterLignes(api.ctx.db, 'formation')).toBe(0);
  });

  it('a JSON body nested deeper than 32 levels is refused (400 JSON_TROP_PROFOND), even 100,000 deep', async () => {
    for (const n of [33, 100_000]) {
      const r = await api.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: { ...bearer(api.keys.writeA), 'content-type': 'application/json' },
        payload: `${'['.repeat(n)}${']'.repeat(n)}`,
      });
      expect(r.statusCode, String(n)).toBe(400);
      expect(r.json()).toMatchObject({ code: 'JSON_TROP_PROFOND', limite: 32 });
      expect(r.json().detail).toMatch(/^Le corps JSON est imbriqué sur plus de 32 niveaux/);
    }
    // A real formation (a few levels) passes.
    const ok = await api.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(api.keys.writeA),
      payload: formationFixture({ cle_externe: 'PROFONDEUR-OK' }),
    });
    expect(ok.statusCode).toBe(201);
  });

  it(`more than ${MAX_SESSIONS} sessions on one formation: refused by the schema and by adding one more`, async () => {
    const base = formationFixture({ cle_externe: 'SESSIONS' });
    const session = base.sessions[0]!;
    const sessions = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...session, id: undefined, cle_externe: `S${i}` }));
    const trop = await api.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(api.keys.writeA),
      payload: { ...base, sessions: sessions(MAX_SESSIONS + 1) },
    });
    expect(trop.statusCode).toBe(400);
    expect(trop.json().erreurs[0]).toMatchObject({ champ: 'sessions', code: 'CHAMP_TROP_GRAND' });
    const pleine = await saveFormation(api.ctx, SYSTEME('test'), { ...base, sessions: sessions(1) });
    // The other sessions copied in SQL: 500 writes through the service would make a slow test.
    await sql`
      insert into session (id, formation_id, cle_externe, debut, fin, etat_recrutement, capacite, code_postal,
                           commune, created_at, updated_at)
      select s.id || '-' || g, s.formation_id, 'COPIE-' || g, s.debut, s.fin, s.etat_recrutement, s.capacite,
             s.code_postal, s.commune, s.created_at, s.updated_at
      from session s, generate_series(1, ${MAX_SESSIONS - 1}) g
      where s.formation_id = ${pleine.id}`.execute(api.ctx.db);
    const encore = await api.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${pleine.id}/sessions`,
      headers: bearer(api.keys.admin),
      payload: { ...session, cle_externe: 'UNE-DE-PLUS' },
    });
    expect(encore.statusCode).toBe(422);
    expect(encore.json()).toMatchObject({
      code: 'FORMATION_TROP_DE_SESSIONS',
      champ: 'sessions',
      limite: MAX_SESSIONS,
    });
    expect(await compterLignes(api.ctx.db, 'session', { formation_id: pleine.id })).toBe(MAX_SESSIONS);
  });
});

describe('limits set in the configuration', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({
      now: () => NOW,
      limites: { jsonKo: 4, formationsLheo: 2, lignesClasseur: 1, dureeS: 1 },
    });
  });
  afterAll(() => api.close());

  it('an upload route has its own body limit: a workbook far above the JSON limit is read', async () => {
    await loadOffre(api);
    const classeur = await exportClasseur(api);
    expect(classeur.length).toBeGreaterThan(4 * 1024);
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur?dry_run=true',
      headers: {
        ...bearer(api.keys.admin),
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: classeur,
    });
    // Read whole, then refused for its rows only (next limit): not for its size.
    expect(r.json().code).toBe('CLASSEUR_TROP_DE_LIGNES_API');
    expect(r.statusCode).toBe(413);
    expect(r.json().detail).toContain('/espace/imports');
    expect(r.json().limite).toBe(1);
  });

  it('an LHEO file with more formations than a request accepts is refused whole, pointing to the asynchronous import', async () => {
    const avant = await compter(api);
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(api.keys.admin), 'content-type': 'application/xml' },
      payload: lheo,
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'LHEO_TROP_DE_FORMATIONS', limite: 2 });
    expect(r.json().detail).toContain('offre import lheo');
    expect(r.json().detail).toContain('Rien n’a été enregistré');
    expect(await compter(api)).toEqual(avant);
  });

  it('a read that takes longer than allowed answers 503 DELAI_DEPASSE', async () => {
    let liberer!: () => void;
    const verrou = api.ctx.db.transaction().execute(async (trx) => {
      await sql`lock table formation in access exclusive mode`.execute(trx);
      await new Promise<void>((r) => {
        liberer = r;
      });
    });
    try {
      await new Promise((r) => setTimeout(r, 50));
      const r = await api.app.inject({ url: '/api/v1/formations?limit=1', headers: bearer(api.keys.read) });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'DELAI_DEPASSE' });
      expect(r.json().detail).toContain('OFFRE_LIMITE_DUREE_S');
    } finally {
      liberer();
      await verrou;
    }
  });
});
