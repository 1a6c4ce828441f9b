import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, diffuseeParApi, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';

// A fresh user's MEDIUM (07/12): the API's LHEO export (a write key's, a read key's) carried no
// version, unlike the space's file: imported back after a session was closed in Offre, the older
// file reopened it (« etat_recrutement : fermé → suspendu »). Every export of Offre now carries
// each formation's version (one export function): the older record is refused
// (LHEO_VERSION_ANCIENNE) whoever imports it. And a write key's export listed an archived
// formation the space's file leaves out, with nothing saying it was archived.

// 23:30 UTC is already 8 December in Paris.
const MAINTENANT = new Date('2026-12-07T23:30:00Z');
const t = useTestApi({ now: () => MAINTENANT });

async function api(method: 'GET' | 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function recrutement(id: string): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('session')
    .select('etat_recrutement')
    .where('formation_id', '=', id)
    .execute();
  return rows.map((r) => r.etat_recrutement);
}

const fermer = async (id: string, cle: string) => {
  const f = formationFixture({ cle_externe: cle });
  const sessions = f.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' as const }));
  const put = await api('PUT', `/formations/${id}`, t.keys.writeA, { ...f, sessions });
  expect(put.statusCode, put.body).toBe(200);
};

describe('an older LHEO export of the API sent back', () => {
  const ids: Record<string, string> = {};

  it('a write key’s export carries each formation’s version, the archived offer left out', async () => {
    for (const cle of ['AV-1', 'AV-2', 'AV-3']) ids[cle] = await diffuseeParApi(t, cle);
    const arch = await api('POST', `/formations/${ids['AV-3']}/archiver`, t.keys.writeA);
    expect(arch.statusCode, arch.body).toBe(200);
    const r = await api('GET', `/exports/lheo?siret=${SIRET_A}`, t.keys.writeA);
    expect(r.statusCode, r.body).toBe(200);
    const xml = r.body;
    expect(xml.match(/<formation numero=/g)).toHaveLength(2);
    expect(xml).not.toContain('AV-3');
    const bloc = xml.slice(xml.indexOf('<formation numero="AV-1"'));
    expect(bloc).toContain(`<extra info="formation">${ids['AV-1']}</extra>`);
    expect(bloc).toMatch(/<extra info="version">[0-9a-f]{32}<\/extra>/);
    expect(bloc).toContain('<extra info="exporte-le">2026-12-07T23:30:00.000Z</extra>');

    // Closed in Offre since; the older file, imported by the operator (`offre import lheo`), then by
    // the organisme: that record refused, the session kept closed, both write paths.
    await fermer(ids['AV-1']!, 'AV-1');
    for (const writePath of ['single', 'bulk'] as const)
      for (const dryRun of [true, false]) {
        const rep = await importLheo(t.ctx, SYSTEME('import-lheo'), Readable.from([xml]), {
          writePath,
          dryRun,
        });
        expect(rep.rejets).toMatchObject([{ code: 'LHEO_VERSION_ANCIENNE', numero: 'AV-1' }]);
        expect(rep.rejets[0]!.message).toContain('depuis l’export de ce fichier le 8 décembre 2026 à 00:30');
        expect(await recrutement(ids['AV-1']!)).toEqual(['ferme']);
      }
    const parApi = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: xml,
    });
    expect(parApi.statusCode, parApi.body).toBe(200);
    expect(parApi.json().rejets).toMatchObject([{ code: 'LHEO_VERSION_ANCIENNE', numero: 'AV-1' }]);
    expect(await recrutement(ids['AV-1']!)).toEqual(['ferme']);
  });

  it('a read key’s (and the public’s) export too', async () => {
    for (const key of [t.keys.read, null]) {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/v1/exports/lheo?siret=${SIRET_A}`,
        headers: key ? bearer(key) : {},
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).toContain(`<extra info="formation">${ids['AV-2']}</extra>`);
      expect(r.body).toMatch(/<extra info="version">[0-9a-f]{32}<\/extra>/);
      // The file's name says the Paris day of the export.
      expect(r.headers['content-disposition']).toContain('2026-12-08');
      await fermer(ids['AV-2']!, 'AV-2');
      const rep = await importLheo(t.ctx, SYSTEME('import-lheo'), Readable.from([r.body]), {});
      expect(rep.rejets).toMatchObject([{ code: 'LHEO_VERSION_ANCIENNE', numero: 'AV-2' }]);
      expect(await recrutement(ids['AV-2']!)).toEqual(['ferme']);
      // Reopened for the next round (the published version is what the read key sees).
      const f = formationFixture({ cle_externe: 'AV-2' });
      expect((await api('PUT', `/formations/${ids['AV-2']}`, t.keys.writeA, f)).statusCode).toBe(200);
    }
  });
});
