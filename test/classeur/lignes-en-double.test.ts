import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { compter, enBuffer, exportClasseur, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user's report (HIGH, 07/12/2026): two rows of a workbook with the same reference (one
// session's row copied lower down) were both applied — « Capacité » 18 in red on row 4, 40 in red
// on its copy at row 15: both « modifiée (Capacité) », the offer ended with 40, row 4's 18 lost
// without a word; an identical copy was one more « inchangée ». Now rows that share a reference
// and differ are both refused (CLASSEUR_LIGNE_EN_DOUBLE, naming the sheet, both rows, the
// reference and what differs) and the rest of the workbook is applied; an identical copy is
// applied once, by the first row, and the copy says so (a warning naming both rows).

const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

/** Appends a copy of row `r` (its values) at the end of the sheet; returns its number. */
function copier(ws: ExcelJS.Worksheet, r: number): number {
  const n = ws.rowCount + 1;
  for (const i of Object.values(COL)) ws.getRow(n).getCell(i).value = ws.getRow(r).getCell(i).value;
  return n;
}

const rouge = (ws: ExcelJS.Worksheet, r: number, cle: string, valeur: unknown) => {
  const cell = ws.getRow(r).getCell(COL[cle]!);
  cell.value = valeur as never;
  peindre(cell, ROUGE);
};

describe('two rows of a workbook with the same reference', () => {
  const offre = offreDeTest();

  it('that differ: both refused, naming the sheet, both rows and the reference; the others applied', async () => {
    const avant = (await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[1]!))!;
    const capacite = avant.sessions[0]!.capacite;
    const wb = await ouvrir(await exportClasseur(offre.api, 2026));
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, offre.ids[1]!);
    const reference = String(ws.getRow(a).getCell(COL.reference!).value);
    const b = copier(ws, a);
    rouge(ws, a, 'capacite', 18);
    rouge(ws, b, 'capacite', 40);
    // Another formation's change, applied all the same.
    const autre = ligneDe(ws, offre.ids[0]!);
    rouge(ws, autre, 'intitule', 'BTS MCO (apprentissage)');
    const fichier = await enBuffer(wb);
    const message = (n: number, m: number) =>
      `Ligne ${n}, colonne « Référence formation » : les lignes ${a} et ${b} de la feuille « Offre » portent la même référence « ${reference} » avec des valeurs différentes (« Capacité » : « 18 » à la ligne ${a}, « 40 » à la ligne ${b}) : Offre ne peut pas savoir laquelle appliquer. La ligne est laissée de côté, comme la ligne ${m} : gardez-en une seule, puis importez de nouveau le classeur.`;

    const compte = await compter(offre.api);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(a)).toMatchObject({
        verdict: 'erreur',
        champs: [],
        erreurs: [
          { colonne: 'Référence formation', code: 'CLASSEUR_LIGNE_EN_DOUBLE', message: message(a, b) },
        ],
      });
      expect(ligne(b)).toMatchObject({
        verdict: 'erreur',
        champs: [],
        erreurs: [
          { colonne: 'Référence formation', code: 'CLASSEUR_LIGNE_EN_DOUBLE', message: message(b, a) },
        ],
      });
      // No warning that promises the change (« valeur modifiée sans être écrite en rouge… sera appliquée »).
      for (const n of [a, b])
        expect(ligne(n).avertissements.map((x) => x.code)).not.toContain(
          'CLASSEUR_MODIFICATION_NON_SIGNALEE',
        );
      expect(ligne(autre)).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'], erreurs: [] });
      expect(rapport.totaux).toMatchObject({ modifiee: 1, erreur: 2 });
      if (dryRun) expect(await compter(offre.api)).toEqual(compte);
    }
    // Neither 18 nor 40: the session keeps its capacity; the other row was applied.
    const apres = (await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[1]!))!;
    expect(apres.sessions.map((s) => s.capacite)).toEqual([capacite]);
    expect((await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[0]!))!.intitule).toBe(
      'BTS MCO (apprentissage)',
    );
  });

  it('three rows, one of them yellow: all three refused, the difference named', async () => {
    const wb = await ouvrir(await exportClasseur(offre.api, 2026));
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, offre.ids[2]!);
    const reference = String(ws.getRow(a).getCell(COL.reference!).value);
    const b = copier(ws, a);
    const c = copier(ws, a);
    for (let i = 1; i <= Object.keys(COL).length; i++)
      peindre(ws.getRow(c).getCell(i), {
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
      });
    const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), await enBuffer(wb), {
      dryRun: true,
    });
    for (const [n, autres] of [
      [a, `les lignes ${b} et ${c}`],
      [b, `les lignes ${a} et ${c}`],
      [c, `les lignes ${a} et ${b}`],
    ] as const) {
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs.find((e) => e.code === 'CLASSEUR_LIGNE_EN_DOUBLE')?.message).toBe(
        `Ligne ${n}, colonne « Référence formation » : les lignes ${a}, ${b} et ${c} de la feuille « Offre » portent la même référence « ${reference} » avec des valeurs différentes (en jaune, pour fermer le lieu : la ligne ${c}, pas les lignes ${a} et ${b}) : Offre ne peut pas savoir laquelle appliquer. La ligne est laissée de côté, comme ${autres} : gardez-en une seule, puis importez de nouveau le classeur.`,
      );
    }
  });

  it('an identical copy: applied once, by the first row; the copy says so', async () => {
    const wb = await ouvrir(await exportClasseur(offre.api, 2026));
    const ws = wb.getWorksheet('Offre')!;
    // A changed row copied as it is, and an untouched row copied as it is.
    const a = ligneDe(ws, offre.ids[3]!);
    rouge(ws, a, 'capacite', 18);
    const b = copier(ws, a);
    rouge(ws, b, 'capacite', 18);
    const c = ligneDe(ws, offre.ids[2]!);
    const d = copier(ws, c);
    const ref = (n: number) => String(ws.getRow(n).getCell(COL.reference!).value);
    const fichier = await enBuffer(wb);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(a)).toMatchObject({ verdict: 'modifiee', champs: ['Capacité'], erreurs: [] });
      expect(ligne(a).avertissements.map((x) => x.code)).not.toContain('CLASSEUR_LIGNE_EN_DOUBLE');
      expect(ligne(b)).toMatchObject({
        verdict: 'inchangee',
        champs: [],
        erreurs: [],
        avertissements: [
          {
            colonne: 'Référence formation',
            code: 'CLASSEUR_LIGNE_EN_DOUBLE',
            message: `Ligne ${b}, colonne « Référence formation » : cette ligne est une copie de la ligne ${a} de la feuille « Offre » (même référence « ${ref(a)} », mêmes valeurs) : seule la ligne ${a} compte, celle-ci n’ajoute rien ; supprimez-la du classeur.`,
          },
        ],
      });
      expect(ligne(c)).toMatchObject({ verdict: 'inchangee', erreurs: [], avertissements: [] });
      expect(ligne(d)).toMatchObject({
        verdict: 'inchangee',
        erreurs: [],
        avertissements: [
          {
            code: 'CLASSEUR_LIGNE_EN_DOUBLE',
            message: `Ligne ${d}, colonne « Référence formation » : cette ligne est une copie de la ligne ${c} de la feuille « Offre » (même référence « ${ref(c)} », mêmes valeurs) : seule la ligne ${c} compte, celle-ci n’ajoute rien ; supprimez-la du classeur.`,
          },
        ],
      });
      expect(rapport.totaux).toMatchObject({ modifiee: 1, erreur: 0 });
    }
    const f = (await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[3]!))!;
    expect(f.sessions.map((s) => s.capacite)).toEqual([18]);
  });
});
