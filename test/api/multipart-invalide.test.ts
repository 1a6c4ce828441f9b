import { describe, expect, it } from 'vitest';
import { bearer, useTestApi } from './helpers.ts';

// A fresh user's report (04/12): a malformed or truncated multipart upload (no boundary, a body
// cut off in the middle of the file) answered 500 ERREUR_INTERNE; busboy's English error was in
// the log. It is the client's body that is wrong: 400 MULTIPART_INVALIDE, in French.

const t = useTestApi();
const post = (url: string, type: string, payload: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(t.keys.writeA), 'content-type': type },
    payload,
  });

const TRONQUE = '--XYZ\r\nContent-Disposition: form-data; name="f"; filename="a.xlsx"\r\n\r\nabc';

describe('a multipart body the parser cannot read', () => {
  it.each([
    ['no boundary', 'multipart/form-data', 'abc', /limite \(boundary\)/],
    ['a body cut off in the file', 'multipart/form-data; boundary=XYZ', TRONQUE, /interrompu/],
    ['a boundary never found in the body', 'multipart/form-data; boundary=XYZ', 'abc', /interrompu/],
  ] as const)('%s: 400 MULTIPART_INVALIDE in French, never a 500', async (_cas, type, corps, cause) => {
    for (const url of ['/api/v1/imports/classeur?dry_run=true', '/api/v1/imports/classeur']) {
      const r = await post(url, type, corps);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      const p = r.json();
      expect(p).toMatchObject({ code: 'MULTIPART_INVALIDE', status: 400 });
      expect(p.title).toBe('Formulaire multipart illisible');
      expect(p.detail).toMatch(
        /^Le fichier envoyé est incomplet ou mal formé \(formulaire multipart illisible : .+\) : renvoyez-le\.$/,
      );
      expect(p.detail).toMatch(cause);
      expect(r.body).not.toMatch(/Boundary|terminated|Unexpected|multipart data|stack/);
    }
  });

  it('the LHEO route takes no multipart: 415 TYPE_CONTENU, before the body is read', async () => {
    for (const [type, corps] of [
      ['multipart/form-data', 'abc'],
      ['multipart/form-data; boundary=XYZ', TRONQUE],
    ] as const) {
      const r = await post('/api/v1/imports/lheo?dry_run=true', type, corps);
      expect(r.statusCode, r.body).toBe(415);
      expect(r.json().code).toBe('TYPE_CONTENU');
    }
  });
});

// Was no limit at all (every field held in memory, 1 Mo each): more than 10 fields before the
// file is 413 MULTIPART_TROP_DE_CHAMPS, in French, naming the limit.
describe('a form over the parser’s limits', () => {
  it('11 fields before the file: 413 MULTIPART_TROP_DE_CHAMPS (limite 10)', async () => {
    const champs = Array.from(
      { length: 11 },
      (_, i) => `--XYZ\r\nContent-Disposition: form-data; name="x${i}"\r\n\r\nv\r\n`,
    ).join('');
    const corps = `${champs}--XYZ\r\nContent-Disposition: form-data; name="f"; filename="a.xlsx"\r\n\r\nabc\r\n--XYZ--\r\n`;
    const r = await post('/api/v1/imports/classeur?dry_run=true', 'multipart/form-data; boundary=XYZ', corps);
    expect(r.statusCode, r.body).toBe(413);
    expect(r.json()).toMatchObject({
      code: 'MULTIPART_TROP_DE_CHAMPS',
      title: 'Formulaire multipart : trop de champs',
      limite: 10,
      detail:
        'Le formulaire envoyé contient plus de 10 champs en plus du fichier : retirez ce qui est en trop et renvoyez le formulaire avec son fichier (champ « fichier »).',
    });
  });
});

describe('a workbook over 20 Mo in a form', () => {
  it('413 CLASSEUR_TROP_VOLUMINEUX naming 20 Mo (was TROP_VOLUMINEUX « 1 024 Ko », the route’s JSON limit)', async () => {
    const corps = Buffer.concat([
      Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="f"; filename="a.xlsx"\r\n\r\n'),
      Buffer.alloc(21 * 1024 * 1024, 65),
      Buffer.from('\r\n--XYZ--\r\n'),
    ]);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur?dry_run=true',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'multipart/form-data; boundary=XYZ' },
      payload: corps,
    });
    expect(r.statusCode, r.body).toBe(413);
    expect(r.json()).toMatchObject({
      code: 'CLASSEUR_TROP_VOLUMINEUX',
      detail: 'Le classeur dépasse 20 Mo.',
    });
  });
});
