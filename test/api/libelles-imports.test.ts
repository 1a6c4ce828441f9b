import { describe, expect, it } from 'vitest';
import { XLSX } from '../../src/contract/index.ts';
import { bearer, useTestApi } from './helpers.ts';

// A fresh user's report (04/12) on the import routes' and query parameters' words: a `dry_run`
// that is neither true nor false answered with zod's raw `invalid_value`, an empty workbook was
// « pas une archive zip », a workbook sent as text/plain was a « caractère interdit », and a
// repeated parameter was « Le paramètre annee est répété ».

const t = useTestApi();
// The first bytes of a real .xlsx (a zip: NUL bytes), as a client sends the file whatever its type.
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
const post = (url: string, headers: Record<string, string>, payload?: string | Buffer) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(t.keys.writeA), ...headers },
    ...(payload !== undefined ? { payload } : {}),
  });

describe('dry_run neither true nor false', () => {
  it.each([
    ['/api/v1/imports/classeur', 'application/octet-stream', ZIP],
    ['/api/v1/imports/lheo', 'application/xml', '<lheo/>'],
  ] as const)(
    '%s: the parameter and « true » ou « false », code REQUETE_INVALIDE, never invalid_value',
    async (url, type, corps) => {
      const r = await post(`${url}?dry_run=peut-etre`, { 'content-type': type }, corps);
      expect(r.statusCode).toBe(400);
      const message =
        'Le paramètre dry_run doit valoir « true » ou « false » ; reçu : le texte « peut-etre ».';
      expect(r.json()).toMatchObject({
        code: 'REQUETE_INVALIDE',
        detail: message,
        erreurs: [{ champ: 'dry_run', code: 'REQUETE_INVALIDE', message }],
      });
      expect(r.body).not.toContain('invalid_value');
      // Empty: said so, not « le texte «  » » (a fresh user's report, 04/12/2026).
      const vide = await post(`${url}?dry_run=`, { 'content-type': type }, corps);
      expect(vide.statusCode).toBe(400);
      expect(vide.json().detail).toBe(
        'Le paramètre dry_run doit valoir « true » ou « false » ; reçu : une valeur vide.',
      );
    },
  );

  it('any query parameter: a catalogue code, never a validator code (format, niveau, cursor)', async () => {
    const format = await post('/api/v1/imports/classeur?format=csv', { 'content-type': XLSX }, ZIP);
    expect(format.json()).toMatchObject({
      code: 'REQUETE_INVALIDE',
      detail: 'Le paramètre format doit valoir « json » ou « xlsx » ; reçu : le texte « csv ».',
      erreurs: [{ champ: 'format', code: 'REQUETE_INVALIDE' }],
    });
    const niveau = await t.app.inject({ url: '/api/v1/formations?niveau=9' });
    expect(niveau.json().erreurs).toEqual([
      expect.objectContaining({ champ: 'niveau', code: 'REQUETE_INVALIDE' }),
    ]);
    expect(niveau.json().detail).toMatch(
      /^Le paramètre niveau doit valoir l’une des valeurs « .+ » ou « .+ » ;/,
    );
    const cursor = await t.app.inject({ url: `/api/v1/formations?cursor=${'x'.repeat(201)}` });
    expect(cursor.statusCode).toBe(400);
    for (const e of cursor.json().erreurs) expect(e.code).toMatch(/^[A-Z_]+$/);
  });
});

describe('an empty body', () => {
  it('workbook: « le corps de la requête est vide », FICHIER_VIDE (was « pas une archive zip »)', async () => {
    for (const r of [
      await post('/api/v1/imports/classeur', { 'content-type': XLSX }),
      await post('/api/v1/imports/classeur', { 'content-type': 'application/octet-stream' }, ''),
      await post('/api/v1/imports/classeur', {}),
    ]) {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({
        code: 'FICHIER_VIDE',
        detail:
          'Le corps de la requête est vide : envoyez le fichier .xlsx comme corps (Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) ou dans un formulaire multipart/form-data.',
      });
    }
  });

  it('workbook in a form: the empty file is named', async () => {
    const b = 'xxBOUNDARYxx';
    const r = await post(
      '/api/v1/imports/classeur',
      { 'content-type': `multipart/form-data; boundary=${b}` },
      `--${b}\r\nContent-Disposition: form-data; name="fichier"; filename="offre.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n\r\n--${b}--\r\n`,
    );
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'FICHIER_VIDE',
      detail: 'Le fichier « offre.xlsx » est vide : joignez le classeur .xlsx rempli.',
    });
  });

  it('LHEO: the same words, not « XML mal formé »', async () => {
    for (const r of [
      await post('/api/v1/imports/lheo', { 'content-type': 'application/xml' }),
      await post('/api/v1/imports/lheo', {}),
    ]) {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({
        code: 'FICHIER_VIDE',
        detail:
          'Le corps de la requête est vide : envoyez le fichier LHEO (XML) comme corps (Content-Type application/xml).',
      });
    }
  });
});

describe('a content type the route does not take', () => {
  it.each([
    ['/api/v1/imports/classeur', ZIP, `« ${XLSX} », « application/octet-stream » ou « multipart/form-data »`],
    ['/api/v1/imports/lheo', '<lheo>\u0000</lheo>', '« application/xml » ou « text/xml »'],
  ] as const)(
    '%s as text/plain: 415 TYPE_CONTENU naming the types accepted (was CARACTERE_INTERDIT)',
    async (url, corps, types) => {
      const r = await post(url, { 'content-type': 'text/plain' }, corps);
      expect(r.statusCode, r.body).toBe(415);
      expect(r.json()).toMatchObject({
        code: 'TYPE_CONTENU',
        detail: `Le type de contenu « text/plain » n’est pas accepté par cette route : envoyez le fichier avec l’en-tête Content-Type ${types}.`,
      });
      expect(r.json().types_acceptes.length).toBeGreaterThan(1);
    },
  );

  it('no Content-Type with a body: said so, not « envoyez du JSON »', async () => {
    const r = await post('/api/v1/imports/classeur', {}, ZIP);
    expect(r.statusCode, r.body).toBe(415);
    expect(r.json().code).toBe('TYPE_CONTENU');
    expect(r.json().detail).toMatch(
      /^Aucun type de contenu \(en-tête Content-Type absent\) : envoyez le fichier/,
    );
  });

  it('the accepted types still pass the gate (a charset, the case)', async () => {
    const r = await post(
      '/api/v1/imports/lheo?dry_run=true',
      { 'content-type': 'Text/XML; charset=utf-8' },
      '<lheo/>',
    );
    expect(r.json().code).not.toBe('TYPE_CONTENU');
  });
});

describe('a repeated query parameter', () => {
  it('one French sentence, the parameter in quotes', async () => {
    const r = await t.app.inject({ url: '/api/v1/formations?limit=5&limit=6' });
    const message = 'Le paramètre « limit » est donné plusieurs fois : donnez-le une seule fois.';
    expect(r.json()).toMatchObject({
      code: 'PARAMETRE_REPETE',
      detail: message,
      erreurs: [{ champ: 'limit', code: 'PARAMETRE_REPETE', message }],
    });
  });
});
