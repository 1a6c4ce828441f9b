import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer } from '../classeur/classeur.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { envoyer, texte } from './imports.helpers.ts';

// A fresh user's report (06/12): a file refused on the upload form of the Imports pages (empty,
// UTF-16, not of the form's format) was said in the form's error summary without its stable code,
// while every error page, a failed import's page and the API give it (« Code de l’erreur »). The
// form now says it too, and it is the code the API gives for the same file.

const LHEO = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url));
const UTF16 = Buffer.concat([
  Buffer.from([0xff, 0xfe]),
  Buffer.from('<?xml version="1.0"?><lheo/>', 'utf16le'),
]);
const XLS = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n');

let t: TestWeb;
let a: Navigateur;
let g: Navigateur;
let cle: string;
let xlsx: Buffer;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const u = await compte(t, { email: 'code@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.7.1');
  await a.seConnecter(u.email, u.motDePasse);
  g = await connecte(t, { email: 'code@carif-pdl.test', role: 'gestionnaire', region: '52' }, '10.8.7.2');
  cle = (await createApiKey(t.ctx, { name: 'code', scope: 'write', siren: SIREN_A })).key;
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Offre').addRow(['Référence', 'Intitulé']);
  xlsx = await enBuffer(wb);
});
afterAll(async () => t?.close());

/** The API's refusal of the same file, sent as a browser's form would be (multipart, field `fichier`). */
async function codeApi(format: 'classeur' | 'lheo', nom: string, contenu: Buffer): Promise<string> {
  const r =
    format === 'classeur'
      ? await (async () => {
          const form = new FormData();
          form.append('fichier', new Blob([new Uint8Array(contenu)]), nom);
          const req = new Request('http://offre.test/', { method: 'POST', body: form });
          return t.app.inject({
            method: 'POST',
            url: '/api/v1/imports/classeur?dry_run=true',
            headers: { authorization: `Bearer ${cle}`, 'content-type': req.headers.get('content-type')! },
            payload: Buffer.from(await req.arrayBuffer()),
          });
        })()
      : await t.app.inject({
          method: 'POST',
          url: '/api/v1/imports/lheo?dry_run=true',
          headers: { authorization: `Bearer ${cle}`, 'content-type': 'application/xml' },
          payload: contenu,
        });
  expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
  return r.json().code as string;
}

describe('a file refused on an Imports form: its stable code, the API’s for the same file', () => {
  const cas = (): [string, 'classeur' | 'lheo', string, Buffer, string][] => [
    ['empty workbook', 'classeur', 'vide.xlsx', Buffer.alloc(0), 'FICHIER_VIDE'],
    ['empty LHEO file', 'lheo', 'vide.xml', Buffer.alloc(0), 'FICHIER_VIDE'],
    ['UTF-16 LHEO file', 'lheo', 'unicode.xml', UTF16, 'LHEO_ENCODAGE'],
    ['LHEO file as the workbook', 'classeur', 'offre.xml', LHEO, 'CLASSEUR_FICHIER_LHEO'],
    ['workbook as the LHEO file', 'lheo', 'offre.xlsx', xlsx, 'LHEO_PAS_XML'],
    ['old .xls workbook', 'classeur', 'offre.xls', XLS, 'CLASSEUR_FORMAT_XLS'],
    ['PDF as the workbook', 'classeur', 'offre.pdf', PDF, 'CLASSEUR_PAS_XLSX'],
    ['text as the LHEO file', 'lheo', 'notes.xml', Buffer.from('bonjour\n'), 'LHEO_PAS_XML'],
  ];

  it('on the organisme’s page', async () => {
    for (const [nom, format, fichier, contenu, code] of cas()) {
      const r = await envoyer(a, format, fichier, contenu);
      expect(r.statusCode, nom).toBeGreaterThanOrEqual(400);
      expect(r.body, nom).toContain(`id="fichier-${format}-erreur"`);
      expect(texte(r.body), nom).toContain(`Code de l’erreur : ${code}`);
      expect(await codeApi(format, fichier, contenu), nom).toBe(code);
    }
    expect(await compterLignes(t.ctx.db, 'import_tache')).toBe(0);
  });

  it('on the gestionnaire’s page (workbooks only)', async () => {
    for (const [nom, format, fichier, contenu, code] of cas().filter((c) => c[1] === 'classeur')) {
      const r = await envoyer(g, format, fichier, contenu, { base: '/gestion/imports' });
      expect(r.statusCode, nom).toBeGreaterThanOrEqual(400);
      expect(texte(r.body), nom).toContain(`Code de l’erreur : ${code}`);
    }
    expect(await compterLignes(t.ctx.db, 'import_tache')).toBe(0);
  });
});
