import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, diffuseeParApi, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';

// The workbook preview of a gestionnaire of another région echoed an organisme's pending revision
// (test/classeur/perimetre-lecture.test.ts). The LHEO import of the same gestionnaire, preview or
// applied, must not either: the formations of another région are refused without quoting what he
// may not read (a revision, a formation not diffused).

const t = useTestApi();
const ailleurs = gestionnaireDe('11');
const SECRET = 'Intitulé secret de la révision';

const api = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });

async function exportSiret(): Promise<string> {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.body;
}

describe('a gestionnaire’s LHEO import shows nothing he may not read', () => {
  it('a diffused offer of another région with a pending revision, and a draft there: nothing of them is echoed', async () => {
    const id = await diffuseeParApi(t, 'PERIM-LHEO-PUB');
    const xml = await exportSiret();
    // The organisme's revision, and a draft of the same organisme in its région (84).
    const f = formationFixture({ cle_externe: 'PERIM-LHEO-PUB' });
    expect((await api('PUT', `/formations/${id}`, { ...f, intitule: SECRET })).statusCode).toBe(200);
    expect((await api('GET', `/formations/${id}/revision`)).json().statut).toBe('en_attente_validation');
    const brouillon = await api('POST', '/formations', {
      ...formationFixture({ cle_externe: 'PERIM-LHEO-BR' }),
      intitule: SECRET,
    });
    expect(brouillon.statusCode, brouillon.body).toBe(201);
    // The public file as passed on, and the same record under the draft's number.
    const debut = xml.indexOf('<formation numero="PERIM-LHEO-PUB"');
    const record = xml.slice(debut, xml.indexOf('</formation>', debut) + '</formation>'.length);
    const avecBrouillon = xml.replace(
      record,
      `${record}${record.replace('PERIM-LHEO-PUB', 'PERIM-LHEO-BR')}`,
    );
    for (const fichier of [xml, avecBrouillon, avecBrouillon.replaceAll('BTS Management', 'BTS Gestion')])
      for (const dryRun of [true, false]) {
        const r = await importLheo(t.ctx, ailleurs, Readable.from([fichier]), { dryRun });
        expect(JSON.stringify(r)).not.toContain('secret');
      }
  });
});
