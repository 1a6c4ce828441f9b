import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { getFormation, listFormations } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { enBuffer, exportClasseur, loadOffre, NOW, ouvrir, peindre } from '../classeur/classeur.helpers.ts';

// Issue 11, items 15 and 8 in the campaign workbook. Identifiers typed as numbers lose their
// leading zeros in Excel (telephone 474000000, code postal 1000, SIRET 1234567400019): put back
// with a warning on the row. A placeholder cell ('-') is unknown: the stored value stays.

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };
const BLEU = { font: { color: { argb: 'FF0070C0' } } };
const SIRET_ZERO = '01234567400019'; // Luhn-valid, SIREN 012345674

describe('workbook cells as people type them (issue 11, items 15 and 8)', () => {
  let api: TestApi;
  let ids: string[];
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    ids = await loadOffre(api);
  });
  afterAll(() => api.close());

  it('restores the leading zeros of numbers typed in telephone, postal code and SIRET cells, with a warning', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    const ligneDe = (id: string) => {
      for (let r = 2; r <= ws.rowCount; r++)
        if (String(ws.getRow(r).getCell(1).value).startsWith(`${id}/`)) return r;
      throw new Error(`no row for ${id}`);
    };
    const set = (row: number, cle: string, v: unknown, style?: Partial<ExcelJS.Style>) => {
      ws.getRow(row).getCell(COL[cle]!).value = v as never;
      if (style) peindre(ws.getRow(row).getCell(COL[cle]!), style);
    };
    const [r1, r2] = [ligneDe(ids[0]!), ligneDe(ids[1]!)];
    set(r1, 'contactTelephone', 472000001, ROUGE);
    set(r1, 'debut', '01/09/2027');
    set(r1, 'fin', '30/06/2029');
    // A placeholder in a red cell: unknown, the stored title stays.
    set(r2, 'intitule', '-', ROUGE);
    set(r2, 'debut', '07/09/2027');
    set(r2, 'fin', '05/07/2029');
    const nouvelle: Record<string, unknown> = {
      intitule: 'CAP Équipier polyvalent du commerce',
      objectif: 'Accueillir et conseiller.',
      rncp: 'RNCP38366',
      siretResponsable: Number(SIRET_ZERO),
      siretFormateur: Number(SIRET_ZERO),
      adresse: '2 avenue Alsace-Lorraine',
      codePostal: 1000,
      commune: 'Bourg-en-Bresse',
      duree: 2,
      annees: '1,2',
      contratPro: 'non',
      formationContinue: 'non',
      contactNom: 'Lou Bernard',
      contactTelephone: 474000000,
      debut: '06/09/2027',
      fin: '30/06/2029',
    };
    const n = ws.rowCount + 1;
    for (const [cle, v] of Object.entries(nouvelle)) set(n, cle, v, BLEU);

    const res = await importClasseur(api.ctx, SYSTEME('test'), await enBuffer(wb), { dryRun: false });
    const ligne = (k: number) => res.rapport.lignes.find((l) => l.ligne === k)!;
    const zeros = (k: number) =>
      ligne(k)
        .avertissements.filter((a) => a.code === 'CLASSEUR_ZERO_RESTAURE')
        .map((a) => a.colonne);
    expect(ligne(r1)).toMatchObject({ verdict: 'modifiee', erreurs: [] });
    expect(zeros(r1)).toEqual(['Contact téléphone']);
    expect(ligne(n)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
    expect(zeros(n)).toEqual(['SIRET responsable', 'SIRET formateur', 'Code postal', 'Contact téléphone']);
    expect(ligne(n).avertissements.find((a) => a.colonne === 'Contact téléphone')!.message).toMatch(
      /474000000.*0474000000/,
    );

    const f1 = (await getFormation(api.ctx.db, SYSTEME('test'), ids[0]!))!;
    expect(f1.contacts.map((c) => c.telephone)).toContain('0472000001');
    const creee = (await listFormations(api.ctx.db, SYSTEME('test'), { siret: SIRET_ZERO }, { limit: 5 }))
      .data;
    expect(creee).toHaveLength(1);
    expect(creee[0]!.responsable!.siret).toBe(SIRET_ZERO);
    expect(creee[0]!.sessions.map((s) => s.lieu.code_postal)).toEqual(['01000']);
    expect(creee[0]!.contacts.map((c) => c.telephone)).toEqual(['0474000000']);

    // The placeholder: a warning, no change of the title.
    expect(ligne(r2).avertissements.map((a) => a.code)).toContain('CLASSEUR_VALEUR_INCONNUE');
    expect(ligne(r2).champs).not.toContain('Intitulé');
    expect((await getFormation(api.ctx.db, SYSTEME('test'), ids[1]!))!.intitule).toBe('CAP Cuisine');
  });
});
