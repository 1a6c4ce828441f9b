import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer } from '../classeur/classeur.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { envoyer, texte } from './imports.helpers.ts';

// A fresh user's report: an LHEO file sent with the workbook form of the Imports page got « n’est
// pas un classeur Excel (.xlsx) : envoyez le classeur de campagne téléchargé sur cette page », which
// never says it is an LHEO file, nor that the page takes those just below. The page now says so
// (CLASSEUR_FICHIER_LHEO, as the API and the CLI); and a workbook sent with the LHEO form is said to
// be a workbook (LHEO_PAS_XML, as the API and the CLI). No job queued either way.

const LHEO = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url));

let t: TestWeb;
let a: Navigateur;
let g: Navigateur; // a gestionnaire: /gestion/imports takes workbooks only
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const u = await compte(t, { email: 'format@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.9.2');
  await a.seConnecter(u.email, u.motDePasse);
  g = await connecte(t, { email: 'format@carif-pdl.test', role: 'gestionnaire', region: '52' }, '10.8.9.3');
});
afterAll(async () => t?.close());

const taches = () => compterLignes(t.ctx.db, 'import_tache');

describe('the Imports page, a file sent with the other format’s form', () => {
  it('an LHEO file sent as the workbook: said to be an LHEO file, and where it goes', async () => {
    const r = await envoyer(a, 'classeur', 'offre.xml', LHEO);
    expect(r.statusCode).toBe(422);
    expect(texte(r.body)).toContain(
      'Le fichier « offre.xml » est un fichier LHEO (XML), pas un classeur Excel (.xlsx) : envoyez-le avec le formulaire « Ou envoyer un fichier LHEO » de cette page ; rien n’a été enregistré.',
    );
    expect(r.body).toContain('id="fichier-classeur-erreur"');
    expect(await taches()).toBe(0);
  });

  it('a workbook sent as the LHEO file: said to be a workbook, and where it goes', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Offre').addRow(['Référence', 'Intitulé']);
    const r = await envoyer(a, 'lheo', 'offre.xlsx', await enBuffer(wb));
    expect(r.statusCode).toBe(422);
    expect(texte(r.body)).toContain(
      'Le fichier « offre.xlsx » est une archive zip (un classeur Excel .xlsx ?), pas un fichier LHEO (XML) : un classeur de campagne s’envoie avec le formulaire « 2. Envoyer le classeur rempli » de cette page ; rien n’a été enregistré.',
    );
    expect(r.body).toContain('id="fichier-lheo-erreur"');
    expect(await taches()).toBe(0);
  });

  // A fresh user's report: on /gestion/imports, which has no LHEO form, the refusal pointed to
  // « le formulaire « Ou envoyer un fichier LHEO » de cette page ». It now says the page takes
  // workbooks only and where an LHEO file goes (docs/gestion.md); a non-workbook, where the
  // gestionnaire downloads the workbooks (the Campagnes page, not this one).
  it('on the gestionnaire’s page (workbooks only): where an LHEO file goes, and where workbooks come from', async () => {
    const GESTION = { base: '/gestion/imports' };
    const r = await envoyer(g, 'classeur', 'offre.xml', LHEO, GESTION);
    expect(r.statusCode).toBe(422);
    expect(texte(r.body)).toContain(
      'Le fichier « offre.xml » est un fichier LHEO (XML), pas un classeur Excel (.xlsx) : cette page n’importe que des classeurs de campagne ; un fichier LHEO s’importe avec la commande « offre import lheo » ou l’API POST /api/v1/imports/lheo ; rien n’a été enregistré.',
    );
    expect(texte(r.body)).not.toContain('Ou envoyer un fichier LHEO');
    expect(r.body).toContain('id="fichier-classeur-erreur"');
    const pdf = await envoyer(g, 'classeur', 'offre.pdf', Buffer.from('%PDF-1.7\n'), GESTION);
    expect(pdf.statusCode).toBe(400);
    expect(texte(pdf.body)).toContain(
      'Le fichier « offre.pdf » n’est pas un classeur Excel (.xlsx) : envoyez le classeur de campagne téléchargé depuis la page Campagnes.',
    );
    expect(await taches()).toBe(0);
  });
});
