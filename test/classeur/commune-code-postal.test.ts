import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFormationIdsByCle } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { cleNouvelle } from '../../src/formats/classeur/classeur.analyzer.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// A tester's findings on the places of a returned workbook, with the communes reference loaded:
// M1, a commune that is not one of its postal code's communes (53000 « Nantes ») was accepted and
// stored with the postal code's INSEE code, then failed the blocking rule LIEU_COMMUNE; M4, a
// commune was stored as typed (« LAVAL », « st nazaire ») and a spelling of the stored commune
// counted as a change. Now: a row error on « Commune »; the official name stored; a spelling of
// the same commune is no change, and re-importing the same file changes nothing.

const BLEU = { font: { color: { argb: 'FF0070C0' } } };
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };
const systeme = SYSTEME('test');

describe('the commune of a workbook place and its postal code', () => {
  const offre = offreDeTest();

  beforeAll(async () => {
    const commune = (code_insee: string, code_postal: string, nom: string, dep: string) => ({
      code_insee,
      code_postal,
      nom,
      code_departement: dep,
      code_region: '52',
      lat: 47.0,
      lon: -1.0,
    });
    await offre.api.ctx.db
      .insertInto('commune')
      .values([
        commune('69123', '69001', 'Lyon', '69'),
        commune('69123', '69002', 'Lyon', '69'),
        commune('69123', '69003', 'Lyon', '69'),
        commune('69123', '69007', 'Lyon', '69'),
        commune('53130', '53000', 'Laval', '53'),
        commune('44109', '44000', 'Nantes', '44'),
        commune('49007', '49000', 'Angers', '49'),
        commune('44184', '44600', 'Saint-Nazaire', '44'),
      ])
      .execute();
  });

  const ajouter = (ws: ExcelJS.Worksheet, valeurs: Record<string, unknown>) => {
    const n = ws.rowCount + 1;
    for (const [cle, v] of Object.entries(valeurs)) {
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
      peindre(ws.getRow(n).getCell(COL[cle]!), BLEU);
    }
    return n;
  };
  const rouge = (ws: ExcelJS.Worksheet, n: number, cle: string, v: unknown) => {
    const cell = ws.getRow(n).getCell(COL[cle]!);
    cell.value = v as never;
    peindre(cell, ROUGE);
  };
  const creee = async (v: Record<string, unknown>) => {
    const ids = await findFormationIdsByCle(offre.api.ctx.db, [
      { siren: SIREN_A, cle: cleNouvelle(v as never) },
    ]);
    return [...ids.values()][0];
  };

  it('refuses a commune that is not one of its postal code’s communes (M1), preview, dry run and applied alike', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const nantes = ajouter(
      ws,
      nouvelleLigne({ intitule: 'Nantes à Laval', codePostal: '53000', commune: 'Nantes' }),
    );
    const bonne = nouvelleLigne({ intitule: 'Laval à Laval', codePostal: '53000', commune: 'Laval' });
    const laval = ajouter(ws, bonne);
    // Existing rows, with their 2027 session: the commune changed in red; the postal code
    // changed, the commune kept.
    const commune = ligneDe(ws, offre.ids[1]!);
    rouge(ws, commune, 'commune', 'Nantes');
    const cp = ligneDe(ws, offre.ids[2]!);
    rouge(ws, cp, 'codePostal', '44000');
    for (const n of [commune, cp]) {
      ws.getRow(n).getCell(COL.debut!).value = '07/09/2027';
      ws.getRow(n).getCell(COL.fin!).value = '30/06/2028';
    }
    const fichier = await enBuffer(wb);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(nantes)).toMatchObject({ verdict: 'erreur' });
      expect(ligne(nantes).erreurs).toEqual([
        {
          colonne: 'Commune',
          code: 'LIEU_HORS_CODE_POSTAL',
          message: `Ligne ${nantes}, colonne « Commune » : « Nantes » n’est pas une commune du code postal 53000 (Laval). La ligne est laissée de côté.`,
        },
      ]);
      expect(ligne(commune).erreurs.map((e) => [e.colonne, e.code, e.message])).toEqual([
        [
          'Commune',
          'LIEU_HORS_CODE_POSTAL',
          `Ligne ${commune}, colonne « Commune » : « Nantes » n’est pas une commune du code postal 69002 (Lyon). La ligne est laissée de côté.`,
        ],
      ]);
      expect(ligne(cp).erreurs.map((e) => [e.colonne, e.code, e.message])).toEqual([
        [
          'Commune',
          'LIEU_HORS_CODE_POSTAL',
          `Ligne ${cp}, colonne « Commune » : « Lyon » n’est pas une commune du code postal 44000 (Nantes). La ligne est laissée de côté.`,
        ],
      ]);
      expect(ligne(laval)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
    }
    expect(
      await creee(nouvelleLigne({ intitule: 'Nantes à Laval', codePostal: '53000', commune: 'Nantes' })),
    ).toBeUndefined();
    const id = await creee(bonne);
    expect((await getFormation(ctx.db, systeme, id!))!.sessions[0]!.lieu).toMatchObject({
      code_postal: '53000',
      commune: 'Laval',
      code_insee: '53130',
    });
    for (const i of [1, 2])
      expect((await getFormation(ctx.db, systeme, offre.ids[i]!))!.sessions[0]!.lieu).toMatchObject({
        code_postal: i === 1 ? '69002' : '69003',
        commune: 'Lyon',
      });
  });

  it('stores the official name of the commune, and a spelling of the stored commune is no change (M4)', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const majuscules = nouvelleLigne({ intitule: 'Majuscules', codePostal: '53000', commune: 'LAVAL' });
    const abrege = nouvelleLigne({
      intitule: 'Abrégé',
      adresse: '2 rue de la Paix',
      codePostal: '44600',
      commune: 'st nazaire',
    });
    const a = ajouter(ws, majuscules);
    const b = ajouter(ws, abrege);
    // An existing row: its commune in capitals, in red; another's in lower case, not painted.
    const lyon = ligneDe(ws, offre.ids[3]!);
    rouge(ws, lyon, 'commune', 'LYON');
    const minuscules = ligneDe(ws, offre.ids[0]!);
    ws.getRow(minuscules).getCell(COL.commune!).value = String(
      ws.getRow(minuscules).getCell(COL.commune!).value,
    ).toLowerCase();
    const fichier = await enBuffer(wb);
    const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun: false });
    const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
    expect(ligne(a)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
    expect(ligne(b)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
    expect(ligne(lyon)).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
    expect(ligne(minuscules)).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
    expect(
      (await getFormation(ctx.db, systeme, (await creee(majuscules))!))!.sessions[0]!.lieu,
    ).toMatchObject({ code_postal: '53000', commune: 'Laval', code_insee: '53130' });
    expect((await getFormation(ctx.db, systeme, (await creee(abrege))!))!.sessions[0]!.lieu).toMatchObject({
      code_postal: '44600',
      commune: 'Saint-Nazaire',
      code_insee: '44184',
    });
    expect((await getFormation(ctx.db, systeme, offre.ids[3]!))!.sessions[0]!.lieu?.commune).toBe('Lyon');

    // The same file again: every row unchanged, nothing added.
    const sessions = () => compterLignes(ctx.db, 'session');
    const avant = await sessions();
    const encore = (await importClasseur(ctx, systeme, fichier, { dryRun: false })).rapport;
    expect(encore.lignes.filter((l) => l.verdict !== 'inchangee')).toEqual([]);
    expect(await sessions()).toBe(avant);

    // Exported, then returned unchanged, then with « LAVAL » and « ST NAZAIRE »: unchanged.
    const wb2 = await ouvrir(await exportClasseur(offre.api));
    const telQuel = (await importClasseur(ctx, systeme, await enBuffer(wb2), { dryRun: true })).rapport;
    expect(telQuel.lignes.filter((l) => l.verdict !== 'inchangee')).toEqual([]);
    const ws2 = wb2.getWorksheet('Offre')!;
    const laval = ligneDe(ws2, (await creee(majuscules))!);
    ws2.getRow(laval).getCell(COL.commune!).value = 'LAVAL';
    const nazaire = ligneDe(ws2, (await creee(abrege))!);
    ws2.getRow(nazaire).getCell(COL.commune!).value = 'ST NAZAIRE';
    for (const dryRun of [true, false]) {
      const r = (await importClasseur(ctx, systeme, await enBuffer(wb2), { dryRun })).rapport;
      expect(r.lignes.filter((l) => l.verdict !== 'inchangee')).toEqual([]);
    }
    expect(await sessions()).toBe(avant);
  });
});
