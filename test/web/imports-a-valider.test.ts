import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// The defect: the preview of a workbook changing a published formation said « la modification est
// appliquée » next to « attendra la validation », and its « Résultat » was « Modifiée ». The
// preview now says what confirming will do — submitted to a gestionnaire's validation — and the
// row has its own result; the report once applied says it waits.

let t: TestWeb;
let id: string;
let a: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  id = (await saveFormation(t.ctx, SYSTEME('test'), OFFRE[0]!)).id;
  await transition(t.ctx, SYSTEME('test'), id, 'publier');
  await transition(t.ctx, SYSTEME('test'), id, 'valider');
  const u = await compte(t, { email: 'valider@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.1');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('a workbook changing a published formation, through /espace/imports', () => {
  it('previews the change as one to be validated, then applies it as waiting for validation', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
    ws.getRow(r).getCell(COL.capacite!).value = 18;
    const post = await envoyer(a, 'classeur', 'publiee.xlsx', await enBuffer(wb));
    const url = post.headers.location as string;
    const p = texte((await attendre(a, url)).body);
    expect(p).toContain('1 modifiée, 0 fermée, 0 inchangée, 0 en erreur ; 1 à valider par un gestionnaire');
    const ligne = p.slice(p.indexOf(`Offre, ligne ${r} `));
    expect(ligne).toMatch(
      new RegExp(
        `^Offre, ligne ${r} BTS Management commercial opérationnel ${id}/\\S+ Modification à valider `,
      ),
    );
    expect(ligne).toContain('la modification sera soumise à la validation d’un gestionnaire');
    expect(p).not.toMatch(/est appliquée|attendra/);
    expect(p).toContain('leurs changements seront soumis à la validation d’un gestionnaire');

    await a.get(url);
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain('la modification attend la validation d’un gestionnaire');
    expect(fin).not.toMatch(/sera soumise|est appliquée/);
    // What the page said: a revision waits, the diffused version is unchanged.
    const revisions = await t.ctx.db
      .selectFrom('formation_revision')
      .select('id')
      .where('formation_id', '=', id)
      .execute();
    expect(revisions).toHaveLength(1);
  });
});
