import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type TestApi, testApi } from '../api/helpers.ts';

// Fresh user (05/12, L5): `POST /api/v1/imports/lheo` with a body that is not XML answered « Le
// fichier Le corps de la requête n’est pas un fichier XML » — the file's name slot filled with the
// API's subject. The refusal is worded « <subject>, ligne N : … » as the other LHEO refusals are,
// which reads right with a file name (CLI, pages) and with « Le corps de la requête » (API).

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

describe('an LHEO body that is not XML', () => {
  it('is refused in a sentence whose subject is the request body', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo?dry_run=true',
      headers: { ...bearer(t.keys.admin), 'content-type': 'application/xml' },
      payload: '\ninsee_com;code_postal;commune\n01001;01400;L’Abergement\n',
    });
    expect(r.statusCode).toBe(422);
    const p = r.json();
    expect(p.code).toBe('LHEO_PAS_XML');
    expect(p.detail).toMatch(
      /^Le corps de la requête, ligne 2 : ce n’est pas un fichier XML \(LHEO attendu\), il commence par « insee_com;code_postal;commune » au lieu d’une balise « < »\./,
    );
    expect(p.detail).not.toMatch(/Le fichier Le corps/);
  });
});
