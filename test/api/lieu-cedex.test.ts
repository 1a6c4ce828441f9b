import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { loadReferentiels } from '../web/espace.helpers.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// A fresh user's report (06/12/2026): an organisation's real address « 53063 LAVAL CEDEX 9 » is
// refused by the rules — La Poste's open base of postal codes (the communes reference) lists no
// CEDEX code — and its mention is dropped. A CEDEX code is read as address tools read it: the
// commune by its name among the communes of the code's département (INSEE code and coordinates
// completed, the place located by its commune), the code and the mention kept as written, on the
// API and in an LHEO file (a lieu-de-formation, or the adresse-inscription standing for it). A
// commune of another département stays to correct. Fixture: test/fixtures/lheo/lieux-cedex.xml.

const t = useTestApi();
beforeAll(() => loadReferentiels(t.ctx));

const lieux = (formationId: string) =>
  t.ctx.db
    .selectFrom('session')
    .select(['code_postal', 'commune', 'cedex', 'code_insee'])
    .where('formation_id', '=', formationId)
    .orderBy('id')
    .execute();

/** LIEU_COMMUNE's failures of formation `id`, as the API reads them. */
async function echecsLieu(id: string) {
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/v1/formations/${id}`,
    headers: bearer(t.keys.admin),
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().conformite.echecs as { code: string; severite: string; message: string }[])
    .filter((e) => e.code === 'LIEU_COMMUNE')
    .map((e) => ({ severite: e.severite, message: e.message }));
}

async function poster(cle: string, lieu: Record<string, unknown>) {
  const f = formationFixture({ cle_externe: cle });
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: { ...f, sessions: [{ ...f.sessions[0]!, lieu }] },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

describe('the API: a place at a CEDEX code', () => {
  it('53063 « LAVAL CEDEX 9 »: Laval’s INSEE code completed, mention kept, LIEU_COMMUNE passes', async () => {
    const id = await poster('CEDEX-API-1', {
      adresse: 'BP 2210',
      code_postal: '53063',
      commune: 'LAVAL CEDEX 9',
    });
    expect(await lieux(id)).toEqual([
      { code_postal: '53063', commune: 'LAVAL CEDEX 9', cedex: null, code_insee: '53130' },
    ]);
    expect(await echecsLieu(id)).toEqual([]);
  });

  it('53063 « Laval » with cedex « CEDEX 9 »: the same, the mention read in cedex', async () => {
    const id = await poster('CEDEX-API-2', { code_postal: '53063', commune: 'Laval', cedex: 'CEDEX 9' });
    expect(await lieux(id)).toEqual([
      { code_postal: '53063', commune: 'Laval', cedex: 'CEDEX 9', code_insee: '53130' },
    ]);
    expect(await echecsLieu(id)).toEqual([]);
  });

  it('53063 « Laval » without any mention: no CEDEX said, the postal code stays to correct (bloquant)', async () => {
    const id = await poster('CEDEX-API-3', { code_postal: '53063', commune: 'Laval' });
    expect((await lieux(id))[0]!.code_insee).toBeNull();
    expect(await echecsLieu(id)).toMatchObject([{ severite: 'bloquant' }]);
  });
});

describe('an LHEO file: addresses at a CEDEX code', () => {
  const fichier = readFileSync(new URL('../fixtures/lheo/lieux-cedex.xml', import.meta.url), 'utf8');

  for (const writePath of ['single', 'bulk'] as const)
    it(`completes the commune of a CEDEX address, keeps what was written (${writePath})`, async () => {
      const xml = fichier.replaceAll('numero="CEDEX-', `numero="${writePath}-CEDEX-`);
      const r = await importLheo(t.ctx, SYSTEME('test'), Readable.from([xml]), { writePath });
      expect(r.rejets, writePath).toEqual([]);
      expect(r.formations.creees, writePath).toBe(3);
      const id = async (cle: string) =>
        (
          await t.ctx.db
            .selectFrom('formation')
            .select('id')
            .where('cle_externe', '=', `${writePath}-${cle}`)
            .executeTakeFirstOrThrow()
        ).id;
      const lieu = await id('CEDEX-LIEU');
      expect(await lieux(lieu)).toEqual([
        { code_postal: '53063', commune: 'LAVAL CEDEX 9', cedex: null, code_insee: '53130' },
      ]);
      expect(await echecsLieu(lieu)).toEqual([]);
      // The adresse-inscription standing for the place (no lieu-de-formation).
      const inscription = await id('CEDEX-INSCRIPTION');
      expect(await lieux(inscription)).toEqual([
        { code_postal: '53063', commune: 'Laval Cedex 09', cedex: null, code_insee: '53130' },
      ]);
      expect(await echecsLieu(inscription)).toEqual([]);
      // Laval is not in the 44: nothing completed, the rule says it.
      const autre = await id('CEDEX-AUTRE-DEPARTEMENT');
      expect((await lieux(autre))[0]!.code_insee).toBeNull();
      expect(await echecsLieu(autre)).toMatchObject([{ severite: 'alerte' }]);
    });

  it('the LHEO export writes the address as stored; imported again, nothing changes', async () => {
    const id = await poster('CEDEX-API-EXPORT', { code_postal: '53063', commune: 'Laval', cedex: 'CEDEX 9' });
    const exp = await openLheoExport(t.ctx.db, SYSTEME('test'), {}, new Date());
    let xml = '';
    for await (const ch of exp.chunks) xml += ch;
    const debut = xml.indexOf('<formation numero="CEDEX-API-EXPORT"');
    const bloc = xml.slice(debut, xml.indexOf('</formation>', debut));
    expect(bloc).toContain('<codepostal>53063</codepostal>');
    expect(bloc).toMatch(/<extra info="cedex">CEDEX 9<\/extra>/);
    const seul = `${xml.slice(0, xml.indexOf('<formation '))}${bloc}</formation>\n</offres>\n</lheo>\n`;
    const avant = await lieux(id);
    const r = await importLheo(t.ctx, SYSTEME('test'), Readable.from([seul]), {});
    expect(r.rejets).toEqual([]);
    expect(await lieux(id)).toEqual(avant);
  });
});
