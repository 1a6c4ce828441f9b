import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { OffreError } from '../../src/domain/errors.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { compter, loadOffre, NOW } from './classeur.helpers.ts';

// A fresh user's report: an LHEO file sent where a campaign workbook is expected got « n’est pas un
// classeur Excel .xlsx (ce n’est pas une archive zip) », which does not say what to do. An XML
// file is now recognised: the refusal says it is an LHEO file and where that imports
// (CLASSEUR_FICHIER_LHEO), nothing stored. The API and the service here (the CLI's, through
// test/cli/import-classeur.test.ts; the Imports page: test/web/imports-mauvais-format.test.ts).

const LHEO = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url));

describe('an LHEO file given to the workbook import', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    await loadOffre(api);
  });
  afterAll(() => api.close());

  it('is refused as an LHEO file, with where to import it, nothing stored', async () => {
    const avant = await compter(api);
    const e = await importClasseur(api.ctx, SYSTEME('test'), LHEO, { nom: 'offre.xml', dryRun: false }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(OffreError);
    expect(e).toMatchObject({ code: 'CLASSEUR_FICHIER_LHEO', status: 422 });
    expect((e as OffreError).message).toBe(
      'offre.xml est un fichier LHEO (XML), pas un classeur Excel .xlsx : importez-le comme fichier LHEO (« offre import lheo », l’API POST /api/v1/imports/lheo, ou la page Imports de l’espace, « Ou envoyer un fichier LHEO ») ; fichier refusé, rien n’a été enregistré.',
    );
    expect(await compter(api)).toEqual(avant);
  });

  it('another XML document is said to be XML (an LHEO file?), with the same code', async () => {
    const e = await importClasseur(
      api.ctx,
      SYSTEME('test'),
      Buffer.from('\uFEFF  <?xml version="1.0"?><offres/>'),
      {
        nom: 'offre.xml',
        dryRun: true,
      },
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'CLASSEUR_FICHIER_LHEO' });
    expect((e as OffreError).message).toMatch(
      /^offre\.xml est un document XML \(un fichier LHEO \?\), pas un classeur Excel \.xlsx/,
    );
  });

  it('through the API: a problem details with the code, nothing stored', async () => {
    const avant = await compter(api);
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur',
      headers: { authorization: `Bearer ${api.keys.writeA}`, 'content-type': 'application/octet-stream' },
      payload: LHEO,
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'CLASSEUR_FICHIER_LHEO' });
    expect(r.json().detail).toContain('est un fichier LHEO (XML), pas un classeur Excel .xlsx');
    expect(await compter(api)).toEqual(avant);
  });
});
