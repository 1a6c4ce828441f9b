import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, offreDeTest, ouvrir } from './classeur.helpers.ts';

// Fresh users (07/12): a row whose new session was already over (« 2025 » typed for « 2026 ») was
// applied without a word about it. Now the row carries CLASSEUR_SESSION_PASSEE on « Date de fin »,
// with the same days the next year, in the preview and the applied report; nothing is refused,
// and the rows that add no session (the stored ones) say nothing. Today is 24 November 2026 (NOW).

describe('a workbook row adding a session already over', () => {
  const offre = offreDeTest();

  it('warns on its « Date de fin » column and proposes the next year; other rows say nothing', async () => {
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws: ExcelJS.Worksheet = wb.getWorksheet('Offre')!;
    const f1 = ligneDe(ws, offre.ids[0]!);
    const n = ws.rowCount + 1;
    for (const [cle, i] of Object.entries(COL))
      if (cle !== 'reference') ws.getRow(n).getCell(i).value = ws.getRow(f1).getCell(i).value;
    ws.getRow(n).getCell(COL.reference!).value = offre.ids[0]!;
    ws.getRow(n).getCell(COL.adresse!).value = '3 rue Mercière';
    ws.getRow(n).getCell(COL.codePostal!).value = '69002';
    ws.getRow(n).getCell(COL.commune!).value = 'Lyon';
    ws.getRow(n).getCell(COL.debut!).value = '01/09/2025';
    ws.getRow(n).getCell(COL.fin!).value = '30/06/2026';
    const fichier = await enBuffer(wb);

    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun });
      const ligne = rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne.erreurs).toEqual([]);
      expect(ligne.avertissements).toContainEqual({
        colonne: 'Date de fin 2027',
        code: 'CLASSEUR_SESSION_PASSEE',
        message: `Ligne ${n}, colonne « Date de fin 2027 » : le 30 juin 2026 est déjà passé (nous sommes le 24 novembre 2026) : cette nouvelle session serait terminée dès son enregistrement. Une erreur d’année ? Les mêmes dates l’année suivante : du 1er septembre 2026 au 30 juin 2027. Corrigez les dates si c’est le cas ; une session terminée est gardée telle quelle.`,
      });
      const autres = rapport.lignes.filter((l) => l.ligne !== n);
      expect(autres.flatMap((l) => l.avertissements.map((a) => a.code))).not.toContain(
        'CLASSEUR_SESSION_PASSEE',
      );
    }
    // The same workbook again: the session is stored, the row adds none, nothing is said.
    const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun: true });
    const encore = rapport.lignes.find((l) => l.ligne === n)!;
    expect(encore.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_SESSION_PASSEE');
    // … and applied again, it adds no second copy of that session (a fresh user, 07/12: each
    // re-send of an unchanged workbook added one more, the session being outside the campaign).
    const lyon = async () =>
      (
        await offre.api.ctx.db
          .selectFrom('session')
          .select(['debut', 'fin'])
          .where('formation_id', '=', offre.ids[0]!)
          .where('debut', '=', '2025-09-01')
          .execute()
      ).length;
    expect(await lyon()).toBe(1);
    const renvoi = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun: false });
    const ligne = renvoi.rapport.lignes.find((l) => l.ligne === n)!;
    expect(ligne.verdict).toBe('inchangee');
    expect(ligne.avertissements.map((a) => a.code)).toEqual([]);
    expect(await lyon()).toBe(1);
  });
});
