import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, NOW, ouvrir } from './classeur.helpers.ts';

// A row copied with its session's reference to add a session at a new place (copiee_de,
// ligne-copiee-session.test.ts) added it without the original session's contact: the workbook has
// no column for a session's contact (« Contact nom »… are the formation's), and the new place had
// no session to take it from. A copy is read as adding a session only when every formation cell,
// the contact ones included, is as copied: the row's cells then say « this session, elsewhere »,
// so the added session takes the copied session's contact and entry mode.

let api: TestApi;
let id: string;
const CONTACT = { nom: 'Inès Morel', telephone: '04 72 00 00 01', courriel: 'ines.morel@cfa.test' };

beforeAll(async () => {
  api = await testApi({ now: () => NOW });
  const f = formationFixture({
    cle_externe: 'F-CONTACT',
    intitule: 'CAP Pâtisserie',
    certification: { rncp: 'RNCP37859', cfd: '50022135' },
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: false,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    sessions: [
      {
        debut: '2026-09-07',
        fin: '2028-07-05',
        etat_recrutement: 'ouvert',
        capacite: 12,
        entree_sortie: 'permanente',
        lieu: { adresse: '8 quai Perrache', code_postal: '69002', commune: 'Lyon' },
        contact: CONTACT,
        reunions_information: [],
        bilans: [],
      },
    ],
  });
  id = await api.ctx.db
    .transaction()
    .execute(async (trx) => (await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
});
afterAll(() => api?.close());

function copier(ws: ExcelJS.Worksheet, r: number): number {
  const n = ws.rowCount + 1;
  for (const i of Object.values(COL)) ws.getRow(n).getCell(i).value = ws.getRow(r).getCell(i).value;
  return n;
}

describe('a row copied to add a session at a new place', () => {
  it('gives the added session the copied session’s contact and entry mode', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, id);
    const b = copier(ws, a);
    const cellules = {
      adresse: '12 rue Paul Bert',
      codePostal: '69003',
      debut: '06/09/2027',
      fin: '30/06/2029',
    };
    for (const [cle, x] of Object.entries(cellules)) ws.getRow(b).getCell(COL[cle]!).value = x;
    const { rapport } = await importClasseur(api.ctx, SYSTEME('test'), await enBuffer(wb), { dryRun: false });
    expect(rapport.lignes.find((l) => l.ligne === b)).toMatchObject({
      verdict: 'modifiee',
      erreurs: [],
      session_ajoutee: { nouveau_lieu: true, copiee_de: a },
    });
    const f = (await getFormation(api.ctx.db, SYSTEME('test'), id))!;
    const ajoutee = f.sessions.find((s) => s.lieu?.code_postal === '69003')!;
    expect(ajoutee).toMatchObject({ debut: '2027-09-06', entree_sortie: 'permanente' });
    expect(ajoutee.contact).toMatchObject(CONTACT);
    // The original session keeps its own.
    expect(f.sessions.find((s) => s.lieu?.code_postal === '69002')!.contact).toMatchObject(CONTACT);
  });
});
