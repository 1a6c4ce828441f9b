import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// A fresh user (07/12/2026): the preview of a blue row with an existing formation's id only, at a
// new place, said « Modifiée — Colonnes modifiées : Adresse du lieu, Code postal, Commune… », read
// as « one of my sessions moves to Lyon ». It now says the session added, where and when.

let t: TestWeb;
let id: string;
let a: Navigateur;
const BLEU = { font: { color: { argb: 'FF0070C0' } } };

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  id = await t.ctx.db
    .transaction()
    .execute(async (trx) => (await saveFormationTx(trx, SYSTEME('test'), OFFRE[0]!, { now: NOW })).id);
  const u = await compte(t, { email: 'lieu@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.7');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('the preview of a row adding a session at a new place', () => {
  it('says « Session ajoutée (nouveau lieu : …, du … au …) » to the formation, not « Colonnes modifiées »', async () => {
    const x = await a.get('/espace/imports/classeur?campagne=2027');
    const wb = await ouvrir(x.rawPayload);
    const ws = wb.getWorksheet('Offre')!;
    const f1 = ligneDe(ws, id);
    const n = ws.rowCount + 1;
    for (const [cle, i] of Object.entries(COL)) {
      if (cle !== 'reference') ws.getRow(n).getCell(i).value = ws.getRow(f1).getCell(i).value;
      peindre(ws.getRow(n).getCell(i), BLEU);
    }
    ws.getRow(n).getCell(COL.reference!).value = id;
    ws.getRow(n).getCell(COL.adresse!).value = '12 rue Paul Bert';
    ws.getRow(n).getCell(COL.codePostal!).value = '69003';
    ws.getRow(n).getCell(COL.commune!).value = 'Lyon 3e Arrondissement';
    ws.getRow(n).getCell(COL.debut!).value = '01/09/2027';
    ws.getRow(n).getCell(COL.fin!).value = '30/06/2029';
    const job = (await envoyer(a, 'classeur', 'lieu.xlsx', await enBuffer(wb))).headers.location as string;
    const page = texte((await attendre(a, job)).body);
    expect(page).toContain(
      `Offre, ligne ${n} BTS Management commercial opérationnel ${id} Modifiée Session ajoutée (nouveau lieu : Lyon 3e Arrondissement, du 1er septembre 2027 au 30 juin 2029) à la formation « BTS Management commercial opérationnel » ; ses autres sessions ne changent pas.`,
    );
    expect(page).not.toContain('Colonnes modifiées : Adresse du lieu');
    expect(page).toContain('elle y ajoutera une session (nouveau lieu : Lyon 3e Arrondissement');
    expect(page).not.toContain('traitée comme une formation existante');
  });
});
