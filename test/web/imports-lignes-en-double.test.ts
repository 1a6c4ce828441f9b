import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormation } from '../../src/services/formation.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// A fresh user's report (HIGH, 07/12/2026), on /espace/imports: a session's row copied lower down
// with another capacity (18 in red on one row, 40 in red on the other) was previewed as two
// « Modifiée (Capacité) », and « Appliquer » stored 40. The preview now shows both rows in error
// (CLASSEUR_LIGNE_EN_DOUBLE), and « Appliquer » applies the other rows only.

const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

let t: TestWeb;
let cuisine: string;
let bts: string;
let a: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  bts = (await saveFormation(t.ctx, SYSTEME('test'), OFFRE[0]!)).id;
  cuisine = (await saveFormation(t.ctx, SYSTEME('test'), OFFRE[1]!)).id;
  const u = await compte(t, { email: 'double@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.3');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('a workbook with two rows of one reference, through /espace/imports', () => {
  it('previews both rows in error, then applies the other rows only', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never, 2026));
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, cuisine);
    const reference = String(ws.getRow(r).getCell(COL.reference!).value);
    const copie = ws.rowCount + 1;
    for (const i of Object.values(COL)) ws.getRow(copie).getCell(i).value = ws.getRow(r).getCell(i).value;
    for (const [n, capacite] of [
      [r, 18],
      [copie, 40],
    ] as const) {
      const cell = ws.getRow(n).getCell(COL.capacite!);
      cell.value = capacite;
      peindre(cell, ROUGE);
    }
    ws.getRow(ligneDe(ws, bts)).getCell(COL.objectif!).value = 'Vendre et manager une équipe.';
    const url = (await envoyer(a, 'classeur', 'double.xlsx', await enBuffer(wb))).headers.location as string;
    const p = texte((await attendre(a, url)).body);
    expect(p).toContain('1 modifiée, 0 fermée, 0 inchangée, 2 en erreur');
    expect(p).toContain(
      `Ligne ${r}, colonne « Référence formation » : les lignes ${r} et ${copie} de la feuille « Offre » portent la même référence « ${reference} » avec des valeurs différentes (« Capacité » : « 18 » à la ligne ${r}, « 40 » à la ligne ${copie}) : Offre ne peut pas savoir laquelle appliquer. La ligne est laissée de côté, comme la ligne ${copie} : gardez-en une seule, puis importez de nouveau le classeur.`,
    );
    expect(p).toContain(`Ligne ${copie}, colonne « Référence formation » : les lignes ${r} et ${copie}`);
    await a.get(url);
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain(`Ligne ${copie}, colonne « Référence formation » : les lignes ${r} et ${copie}`);
    const f = (await getFormation(t.ctx.db, SYSTEME('test'), cuisine))!;
    expect(f.sessions.map((s) => s.capacite)).toEqual([OFFRE[1]!.sessions![0]!.capacite]);
    expect((await getFormation(t.ctx.db, SYSTEME('test'), bts))!.objectif).toBe(
      'Vendre et manager une équipe.',
    );
  });
});
