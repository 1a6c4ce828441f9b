import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// Fresh tester, 04/12/2026 (M5): a session written by the API or an LHEO file with a postal code
// and a commune name but no INSEE code (« 53000 Laval ») was stored without one: the commune
// filters (`code_insee`, `ou`) missed it and the CSV's `lieu_code_insee` was empty. Completed now
// from the communes reference as the session form finds it, when the postal code and the name
// designate one commune; what remains ambiguous or wrong is kept as written for LIEU_COMMUNE.

const t = useTestApi();
beforeAll(() => loadReferentiels(t.ctx));

const LAVAL = { adresse: '1 rue du Pont de Mayenne', code_postal: '53000', commune: 'Laval' };

async function lieux(formationId: string) {
  return t.ctx.db
    .selectFrom('session')
    .select(['code_postal', 'commune', 'code_insee', 'lat', 'lon'])
    .where('formation_id', '=', formationId)
    .orderBy('id')
    .execute();
}

/** Laval's coordinates in the reference (the test's reference may have none: then none either). */
const coordonnees = () =>
  t.ctx.db
    .selectFrom('commune')
    .select(['lat', 'lon'])
    .where('code_insee', '=', '53130')
    .where('code_postal', '=', '53000')
    .executeTakeFirstOrThrow();

const attendu = { code_postal: '53000', commune: 'Laval', code_insee: '53130' };

async function publier(id: string) {
  const p = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/publier`,
    headers: bearer(t.keys.writeA),
  });
  expect(p.statusCode, p.body).toBe(200);
  const v = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/valider`,
    headers: bearer(t.keys.admin),
  });
  expect(v.statusCode, v.body).toBe(200);
}

describe('a place written with a postal code and a commune name gets its INSEE code', () => {
  it('API POST: 53000 Laval stored with 53130 and coordinates; found by code_insee and « où »', async () => {
    const f = formationFixture({ cle_externe: 'INSEE-API-LAVAL' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...f, sessions: [{ ...f.sessions[0]!, lieu: LAVAL }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    const [s] = await lieux(r.json().id);
    expect(s).toEqual({ ...attendu, ...(await coordonnees()) });
    await publier(r.json().id);
    // Read with the organisme's key: the fixture's certification is not in the test's reference,
    // so the offer is not diffused to anonymous readers.
    for (const q of ['code_insee=53130', 'ou=Laval', 'ou=53000']) {
      const l = await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations?${q}`,
        headers: bearer(t.keys.writeA),
      });
      expect(l.statusCode, l.body).toBe(200);
      expect(
        l.json().data.map((x: { cle_externe: string }) => x.cle_externe),
        q,
      ).toContain('INSEE-API-LAVAL');
    }
    const lue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${r.json().id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(lue.json().conformite.echecs.map((e: { code: string }) => e.code)).not.toContain('LIEU_COMMUNE');
  });

  it('API POST /sessions: the session added gets its INSEE code too; a commune not of the postal code none', async () => {
    const f = formationFixture({ cle_externe: 'INSEE-API-SESSION' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: f,
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    for (const [cle, lieu] of [
      ['S-LAVAL', LAVAL],
      ['S-NANTES', { ...LAVAL, commune: 'Nantes' }],
    ] as const) {
      const s = await t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/sessions`,
        headers: bearer(t.keys.writeA),
        payload: { ...f.sessions[0]!, cle_externe: cle, lieu },
      });
      expect(s.statusCode, s.body).toBeLessThan(300);
    }
    const rows = await t.ctx.db
      .selectFrom('session')
      .select(['cle_externe', 'code_insee'])
      .where('formation_id', '=', id)
      .orderBy('cle_externe')
      .execute();
    expect(rows).toEqual([
      { cle_externe: 'S-LAVAL', code_insee: '53130' },
      { cle_externe: 'S-NANTES', code_insee: null },
      { cle_externe: 'S2026', code_insee: '69381' },
    ]);
  });

  it('LHEO import, both write paths: 53000 Laval without code-INSEE-commune stored with 53130', async () => {
    const f = formationFixture({ cle_externe: 'INSEE-LHEO' });
    const c = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: f,
    });
    expect(c.statusCode, c.body).toBe(201);
    const exp = await openLheoExport(t.ctx.db, SYSTEME('test'), {}, new Date());
    let xml = '';
    for await (const ch of exp.chunks) xml += ch;
    const debut = xml.indexOf('<formation numero="INSEE-LHEO"');
    const fin = xml.indexOf('</formation>', debut) + '</formation>'.length;
    const bloc = xml
      .slice(debut, fin)
      .replaceAll('<codepostal>69001</codepostal>', '<codepostal>53000</codepostal>')
      .replaceAll('<ville>Lyon</ville>', '<ville>Laval</ville>')
      .replace(/<departement>[^<]*<\/departement>/g, '')
      .replace(/<code-INSEE-commune>[^<]*<\/code-INSEE-commune>/g, '')
      .replace(/<region>[^<]*<\/region>/g, '')
      .replace(/<geolocalisation>[\s\S]*?<\/geolocalisation>/g, '');
    expect(bloc).toContain('<ville>Laval</ville>');
    expect(bloc).not.toContain('code-INSEE-commune');
    for (const writePath of ['single', 'bulk'] as const) {
      const cle = `INSEE-LHEO-${writePath}`;
      const fichier = `${xml.slice(0, xml.indexOf('<formation '))}${bloc.replace('numero="INSEE-LHEO"', `numero="${cle}"`)}\n</offres>\n</lheo>\n`;
      const r = await importLheo(t.ctx, SYSTEME('test'), Readable.from([fichier]), { writePath });
      expect(r.rejets, writePath).toEqual([]);
      expect(r.formations.creees, writePath).toBe(1);
      const fo = await t.ctx.db
        .selectFrom('formation')
        .select('id')
        .where('cle_externe', '=', cle)
        .executeTakeFirstOrThrow();
      const [s] = await lieux(fo.id);
      expect(s, writePath).toEqual({ ...attendu, ...(await coordonnees()) });
    }
  });

  // A fresh user's report (07/12): « 69003 Lyon » was stored under Lyon's code (69123), not its 3e
  // arrondissement's (69383). A postal code of one arrondissement and the city's name: that arrondissement.
  it('API POST and LHEO import: « 75116 Paris » stored under the 16e arrondissement (75116), not Paris (75056)', async () => {
    const f = formationFixture({ cle_externe: 'INSEE-API-PARIS16' });
    const paris16 = { adresse: '1 avenue Foch', code_postal: '75116', commune: 'Paris' };
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...f, sessions: [{ ...f.sessions[0]!, lieu: paris16 }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await lieux(r.json().id))[0]).toMatchObject({ code_postal: '75116', code_insee: '75116' });
    const exp = await openLheoExport(t.ctx.db, SYSTEME('test'), {}, new Date());
    let xml = '';
    for await (const ch of exp.chunks) xml += ch;
    const debut = xml.indexOf('<formation numero="INSEE-API-PARIS16"');
    const fin = xml.indexOf('</formation>', debut) + '</formation>'.length;
    const bloc = xml
      .slice(debut, fin)
      .replace(/<ville>[^<]*<\/ville>/g, '<ville>Paris</ville>')
      .replace(/<code-INSEE-commune>[^<]*<\/code-INSEE-commune>/g, '')
      .replace(/<geolocalisation>[\s\S]*?<\/geolocalisation>/g, '');
    expect(bloc).toContain('<codepostal>75116</codepostal>');
    expect(bloc).not.toContain('code-INSEE-commune');
    const cle = 'INSEE-LHEO-PARIS16';
    const fichier = `${xml.slice(0, xml.indexOf('<formation '))}${bloc.replace('numero="INSEE-API-PARIS16"', `numero="${cle}"`)}\n</offres>\n</lheo>\n`;
    const i = await importLheo(t.ctx, SYSTEME('test'), Readable.from([fichier]), {});
    expect(i.rejets).toEqual([]);
    const fo = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', cle)
      .executeTakeFirstOrThrow();
    expect((await lieux(fo.id))[0]).toMatchObject({
      code_postal: '75116',
      commune: 'Paris',
      code_insee: '75116',
    });
  });
});
