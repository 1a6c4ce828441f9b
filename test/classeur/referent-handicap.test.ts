import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// The workbook emptied a référent handicap's name and kept its telephone (stored, no column) or
// its courriel: the public page then read « Référent handicap — 02 … », nobody named. A contact
// is a name with a telephone or a courriel (the form's rule, « nom et téléphone ou courriel »): a
// row that leaves the référent handicap without a name but with a way to reach it is an error of
// that row, at the preview and the applied import alike; the other rows are applied.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const CODE = 'CLASSEUR_REFERENT_HANDICAP_SANS_NOM';

const api = (method: 'POST' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });

async function brouillon(cle: string, telephone: string | null): Promise<string> {
  const f = formationFixture({
    cle_externe: cle,
    contacts: [
      { type: 'accueil', nom: 'Lou Bernard', telephone: '04 72 00 00 00', courriel: null },
      { type: 'referent_handicap', nom: 'Camille Martin', telephone, courriel: 'handicap@cfa.example' },
    ],
  });
  return (await api('POST', '/formations', f)).json().id;
}

async function classeur(changes: Record<string, (row: ExcelJS.Row) => void>, nouvelles: object[]) {
  const wb = await ouvrir(await exportClasseur(t, ANNEE));
  const ws = wb.getWorksheet('Offre')!;
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const ref = String(row.getCell(COL.reference!).value ?? '');
    for (const [id, f] of Object.entries(changes)) if (ref.startsWith(`${id}/`)) f(row);
  });
  for (const v of nouvelles) {
    const row = ws.getRow(ws.rowCount + 1);
    for (const [cle, valeur] of Object.entries(v)) {
      const cell = row.getCell(COL[cle]!);
      cell.value = valeur as ExcelJS.CellValue;
      peindre(cell, { font: { color: { argb: 'FF0000FF' } } });
    }
  }
  return enBuffer(wb);
}

const mettre = (v: Record<string, ExcelJS.CellValue>) => (row: ExcelJS.Row) => {
  for (const [c, x] of Object.entries(v)) row.getCell(COL[c]!).value = x;
};
const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;
const lire = async (id: string) => (await api('GET', `/formations/${id}`)).json();
const referent = (f: { contacts: { type: string }[] }) =>
  f.contacts.find((c) => c.type === 'referent_handicap');

describe('a row leaving the référent handicap without a name', () => {
  it('is an error of that row naming the column, at the preview and the applied import; the others are applied', async () => {
    const avecTelephone = await brouillon('RH-TEL', '02 40 00 00 00');
    const avecCourriel = await brouillon('RH-COURRIEL', null);
    const bonne = await brouillon('RH-OK', null);
    const fichier = await classeur(
      {
        // Its telephone stays (the workbook has no column for it): a number nobody is named for.
        [avecTelephone]: mettre({ handicapNom: null, handicapCourriel: null }),
        [avecCourriel]: mettre({ handicapNom: null }),
        [bonne]: mettre({ capacite: 30 }),
      },
      [nouvelleLigne({ handicapCourriel: 'referent@cfa.example' })],
    );
    for (const acteur of [organismeDe(SIREN_A), SYSTEME('import-classeur')])
      for (const dryRun of [true, false]) {
        const { rapport } = await importClasseur(t.ctx, acteur, fichier, { dryRun });
        const tel = ligneDe(rapport, avecTelephone);
        expect(tel.verdict).toBe('erreur');
        expect(tel.erreurs.map((e) => [e.colonne, e.code])).toEqual([['Référent handicap nom', CODE]]);
        expect(tel.erreurs[0]!.message).toMatch(
          new RegExp(`^Ligne ${tel.ligne}, colonne « Référent handicap nom » : .*« 02 40 00 00 00 »`),
        );
        const courriel = ligneDe(rapport, avecCourriel);
        expect(courriel.erreurs.map((e) => [e.colonne, e.code])).toEqual([['Référent handicap nom', CODE]]);
        expect(courriel.erreurs[0]!.message).toContain('« handicap@cfa.example »');
        const nouvelle = rapport.lignes.find((l) => l.reference === null)!;
        expect(nouvelle.erreurs.map((e) => [e.colonne, e.code])).toEqual([['Référent handicap nom', CODE]]);
        // A new formation keeps nothing: its row gives a courriel without a name (tester, 04/12).
        expect(courriel.erreurs[0]!.message).toContain('le référent handicap garde son courriel');
        expect(nouvelle.erreurs[0]!.message).not.toContain('garde');
        expect(nouvelle.erreurs[0]!.message).toContain(
          'le nom du référent handicap est obligatoire : cette ligne donne son courriel (« referent@cfa.example ») sans son nom, le public lirait ses coordonnées sans savoir qui joindre. Indiquez son nom, ou videz aussi « Référent handicap courriel ».',
        );
        expect(ligneDe(rapport, bonne).verdict).not.toBe('erreur');
        expect(rapport.totaux.erreur).toBe(3);
      }
    expect(referent(await lire(avecTelephone))).toMatchObject({ nom: 'Camille Martin' });
    expect(referent(await lire(avecCourriel))).toMatchObject({ nom: 'Camille Martin' });
    expect((await lire(bonne)).sessions[0].capacite).toBe(30);
  });
});
