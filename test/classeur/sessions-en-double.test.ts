import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { resultatLigne, resumeRapport } from '../../src/formats/classeur/classeur.report.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// The session form warns of a session identical to one of the formation's (same days, same place:
// SESSION_EN_DOUBLE); a workbook adding the same session twice said nothing. Now the second row
// carries the warning CLASSEUR_SESSION_EN_DOUBLE naming the other row and both sessions by their
// dates, in the preview and the applied report; nothing is refused.

const BLEU = { font: { color: { argb: 'FF0070C0' } } };
const NOUVELLE = nouvelleLigne();

describe('a workbook giving one formation two identical sessions', () => {
  const offre = offreDeTest();

  /** Appends `valeurs` as a new row (in blue), `reference` in its first cell when given; returns its number. */
  const ajouter = (ws: ExcelJS.Worksheet, valeurs: Record<string, unknown>, reference?: string) => {
    const n = ws.rowCount + 1;
    if (reference) ws.getRow(n).getCell(COL.reference!).value = reference;
    for (const [cle, v] of Object.entries(valeurs)) {
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
      if (!reference) peindre(ws.getRow(n).getCell(COL[cle]!), BLEU);
    }
    return n;
  };

  it('warns on the second row, names both sessions, refuses nothing', async () => {
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    // A new formation in two identical blue rows.
    const a = ajouter(ws, NOUVELLE);
    const b = ajouter(ws, NOUVELLE);
    // An existing formation (F1) at a new place, twice with the same dates (the second typed in
    // capitals): its exported row copied, with the formation's reference only (a new place).
    const f1 = ligneDe(ws, offre.ids[0]!);
    const copie: Record<string, unknown> = Object.fromEntries(
      Object.entries(COL)
        .filter(([cle]) => cle !== 'reference')
        .map(([cle, i]) => [cle, ws.getRow(f1).getCell(i).value] as const),
    );
    const lieu = {
      ...copie,
      adresse: '3 rue Mercière',
      codePostal: '69002',
      debut: '01/09/2027',
      fin: '30/06/2029',
    };
    const c = ajouter(ws, { ...lieu, commune: 'Lyon' }, offre.ids[0]);
    const d = ajouter(ws, { ...lieu, commune: 'LYON' }, offre.ids[0]);
    const fichier = await enBuffer(wb);

    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(a)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
      expect(ligne(a).avertissements.map((x) => x.code)).not.toContain('CLASSEUR_SESSION_EN_DOUBLE');
      const futur = dryRun ? 'aura' : 'a';
      // Both rows make ONE new formation with two sessions: the counts say so, as the warning.
      expect(ligne(a).premiere_ligne).toBeUndefined();
      expect(ligne(b)).toMatchObject({ verdict: 'nouvelle', erreurs: [], premiere_ligne: a });
      expect(ligne(b).avertissements).toContainEqual({
        colonne: '',
        code: 'CLASSEUR_SESSION_EN_DOUBLE',
        message: `Ligne ${b} : cette ligne et la ligne ${a} font une seule nouvelle formation, qui ${futur} deux sessions identiques (mêmes dates, même lieu) : la session du 7 septembre 2027 au 30 juin 2028 de cette ligne et la session du 7 septembre 2027 au 30 juin 2028 de la ligne ${a}. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, supprimez l’une des deux.`,
      });
      expect(rapport.totaux.nouvelle).toBe(2);
      expect(resumeRapport(rapport)).toMatch(/^2 nouvelles \(1 nouvelle formation, 2 sessions\), /);
      expect(resultatLigne(ligne(b))).toBe(`Nouvelle session (formation de la ligne ${a})`);
      expect(ligne(c).erreurs).toEqual([]);
      expect(ligne(c).avertissements.map((x) => x.code)).not.toContain('CLASSEUR_SESSION_EN_DOUBLE');
      expect(ligne(d).erreurs).toEqual([]);
      expect(ligne(d).avertissements.find((x) => x.code === 'CLASSEUR_SESSION_EN_DOUBLE')?.message).toBe(
        `Ligne ${d} : la formation ${futur} deux sessions identiques (mêmes dates, même lieu) : la session du 1er septembre 2027 au 30 juin 2029 de cette ligne et la session du 1er septembre 2027 au 30 juin 2029 de la ligne ${c}. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, supprimez l’une des deux.`,
      );
      expect(rapport.totaux.erreur).toBe(0);
    }
    // Applied all the same: one new formation with its two sessions, both sessions of F1 at the new place.
    const nouvelles = await offre.api.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('intitule', '=', NOUVELLE.intitule as string)
      .execute();
    expect(nouvelles).toHaveLength(1);
    expect((await getFormation(offre.api.ctx.db, SYSTEME('test'), nouvelles[0]!.id))!.sessions).toHaveLength(
      2,
    );
    const stockee = await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[0]!);
    expect(
      stockee!.sessions.filter((s) => s.debut === '2027-09-01' && s.lieu?.adresse === '3 rue Mercière'),
    ).toHaveLength(2);
  });
});
