import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { phraseSessionAjoutee } from '../../src/formats/classeur/classeur.report.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { compter, enBuffer, exportClasseur, offreDeTest, ouvrir } from './classeur.helpers.ts';

// A fresh user (07/12/2026, MEDIUM): to add a session, he copied an existing row (its reference
// `fo_…/se_…` with it) and changed the place and the dates on the copy. Both rows were refused,
// CLASSEUR_LIGNE_EN_DOUBLE « Offre ne peut pas savoir laquelle appliquer », which did not say how
// to add a session. Now, when one of the rows is the session as downloaded (its place and dates)
// and the copy differs from it only by its session's cells, with another place or other dates
// and both dates: the copy adds a session to the formation, said as such (`session_ajoutee` with
// `copiee_de`), at the preview and once applied; sent again, it adds nothing more. A copy that
// changes the formation too is ambiguous: refused, the message saying exactly what to do.

/** Appends a copy of row `r` (its values) at the end of the sheet; returns its number. */
function copier(ws: ExcelJS.Worksheet, r: number): number {
  const n = ws.rowCount + 1;
  for (const i of Object.values(COL)) ws.getRow(n).getCell(i).value = ws.getRow(r).getCell(i).value;
  return n;
}

const mettre = (ws: ExcelJS.Worksheet, r: number, v: Record<string, unknown>) => {
  for (const [cle, x] of Object.entries(v)) ws.getRow(r).getCell(COL[cle]!).value = x as never;
};

describe('a row copied with its session reference, to add a session', () => {
  const offre = offreDeTest();

  it('at another place, with its dates: adds a session, said as copied; the original row unchanged; sent again, nothing more', async () => {
    const id = offre.ids[1]!;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, id);
    const b = copier(ws, a);
    mettre(ws, b, {
      adresse: '12 rue Paul Bert',
      codePostal: '69003',
      commune: 'Lyon',
      capacite: 14,
      debut: '06/09/2027',
      fin: '30/06/2029',
    });
    // A third row: F3's copied at its own place, other dates (F3's place has no 2027 session).
    const c3 = ligneDe(ws, offre.ids[2]!);
    const d = copier(ws, c3);
    mettre(ws, d, { debut: '01/09/2027', fin: '30/06/2030' });
    const fichier = await enBuffer(wb);
    const avant = await compter(offre.api);

    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(a)).toMatchObject({ verdict: 'inchangee', erreurs: [], avertissements: [] });
      expect(ligne(b)).toMatchObject({ verdict: 'modifiee', erreurs: [] });
      expect(ligne(b).session_ajoutee).toEqual({
        nouveau_lieu: true,
        adresse: '12 rue Paul Bert',
        code_postal: '69003',
        commune: 'Lyon',
        debut: '2027-09-06',
        fin: '2029-06-30',
        copiee_de: a,
      });
      expect(ligne(b).avertissements.map((x) => x.code)).toEqual([]);
      expect(phraseSessionAjoutee(ligne(b).session_ajoutee!, ligne(b).intitule)).toBe(
        `Session ajoutée (nouveau lieu : Lyon, du 6 septembre 2027 au 30 juin 2029) à la formation « CAP Cuisine » (ligne copiée de la ligne ${a}) ; ses autres sessions ne changent pas.`,
      );
      expect(ligne(c3)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
      expect(ligne(d)).toMatchObject({ verdict: 'modifiee', erreurs: [] });
      expect(ligne(d).session_ajoutee).toMatchObject({
        nouveau_lieu: false,
        debut: '2027-09-01',
        fin: '2030-06-30',
        copiee_de: c3,
      });
      expect(rapport.totaux).toMatchObject({ erreur: 0, modifiee: 2 });
      if (dryRun) expect(await compter(offre.api)).toEqual(avant);
    }
    expect((await compter(offre.api)).sessions).toBe(avant.sessions + 2);
    const f = (await getFormation(offre.api.ctx.db, SYSTEME('test'), id))!;
    expect(f.sessions.map((s) => [s.lieu?.code_postal, s.debut, s.fin, s.capacite]).sort()).toEqual([
      ['69002', '2026-09-07', '2028-07-05', 12],
      ['69003', '2027-09-06', '2029-06-30', 14],
    ]);

    // The same workbook sent again: the copies name sessions that now exist, nothing is added.
    const encore = await importClasseur(offre.api.ctx, SYSTEME('test'), fichier, { dryRun: false });
    for (const n of [b, d])
      expect(encore.rapport.lignes.find((l) => l.ligne === n)).toMatchObject({
        verdict: 'inchangee',
        erreurs: [],
      });
    expect(encore.rapport.totaux.erreur).toBe(0);
    expect((await compter(offre.api)).sessions).toBe(avant.sessions + 2);
  });

  it('a copy that changes the formation too: both refused, the message says how to add a session', async () => {
    const id = offre.ids[3]!;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, id);
    const b = copier(ws, a);
    mettre(ws, b, {
      intitule: 'BTS NDRC (en alternance)',
      adresse: '12 rue Paul Bert',
      codePostal: '69003',
      debut: '06/09/2027',
      fin: '30/06/2029',
    });
    const { rapport } = await importClasseur(offre.api.ctx, SYSTEME('test'), await enBuffer(wb), {
      dryRun: true,
    });
    for (const n of [a, b]) {
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs.find((e) => e.code === 'CLASSEUR_LIGNE_EN_DOUBLE')?.message).toMatch(
        new RegExp(
          `Pour ajouter une session à cette formation, gardez seulement « ${id} » dans la colonne « Référence formation » de la ligne copiée \\(ligne ${b}\\) : elle ajoutera la session de son lieu et de ses dates\\.$`,
        ),
      );
    }
  });
});
