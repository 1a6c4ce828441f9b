import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// The defect, on /espace/imports: a workbook emptying « Intitulé » of a published formation was
// previewed « Modification à valider », then « Appliquer » refused the whole file. The row is now
// an error in the preview, and « Appliquer » applies the other rows.

let t: TestWeb;
let publiee: string;
let autre: string;
let a: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  publiee = (await saveFormation(t.ctx, SYSTEME('test'), OFFRE[0]!)).id;
  await transition(t.ctx, SYSTEME('test'), publiee, 'publier');
  await transition(t.ctx, SYSTEME('test'), publiee, 'valider');
  autre = (await saveFormation(t.ctx, SYSTEME('test'), OFFRE[1]!)).id;
  const u = await compte(t, { email: 'vide@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.2');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('a workbook emptying the title of a published formation, through /espace/imports', () => {
  it('previews the row as an error, then applies the other rows', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, publiee);
    ws.getRow(r).getCell(COL.intitule!).value = null;
    ws.getRow(ligneDe(ws, autre)).getCell(COL.objectif!).value = 'Cuisiner en restauration.';
    const url = (await envoyer(a, 'classeur', 'vide.xlsx', await enBuffer(wb))).headers.location as string;
    const p = texte((await attendre(a, url)).body);
    expect(p).toContain('1 modifiée, 0 fermée, 0 inchangée, 1 en erreur');
    expect(p).not.toContain('Modification à valider');
    expect(p).toContain(
      `Ligne ${r}, colonne « Intitulé » : ce champ est obligatoire, il ne peut pas être vidé : la formation garde sa valeur enregistrée (« BTS Management commercial opérationnel »).`,
    );
    await a.get(url);
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).not.toContain('Aucune ligne du classeur n’a été appliquée');
    const f = (await getFormation(t.ctx.db, SYSTEME('test'), publiee))!;
    expect(f).toMatchObject({ intitule: 'BTS Management commercial opérationnel', statut: 'publiee' });
    expect((await getFormation(t.ctx.db, SYSTEME('test'), autre))!.objectif).toBe(
      'Cuisiner en restauration.',
    );
  });
});
