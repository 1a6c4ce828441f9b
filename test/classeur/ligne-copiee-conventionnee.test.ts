import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, NOW, ouvrir } from './classeur.helpers.ts';

// A conventionné action's session row copied in the campaign workbook to add a session elsewhere
// (a CFA's report: Saint-Benoît): the added session took the copied one's contact (h-saisie4) but
// neither its financeur, nor its market number, nor its notification date, which no column shows:
// the API said `financeur: null, numero_marche: null`, the public page still said « Région ».
// The copy is now complete; and were a session left without them, CONV_MARCHE and CONV_CONTACT
// would fail (domain/regles/conventionne-financeur.test.ts). Through the real upload, over HTTP.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONTACT = { nom: 'Inès Morel', telephone: '0472000001', courriel: 'ines.morel@cfa.test' };
const MARCHE = {
  financeur: 'region' as const,
  numero_marche: 'M2600001',
  date_notification_marche: '2026-11-20',
};

let api: TestApi;
let id: string;

beforeAll(async () => {
  api = await testApi({ now: () => NOW });
  await ensureCampagne(api.ctx.db, 2027);
  const f = formationFixture({
    cle_externe: 'F-CONV-COPIE',
    intitule: 'Remise à niveau vers l’emploi',
    certification: {},
    financeurs: ['region'],
    modalites: {
      formation_continue: true,
      contrat_professionnalisation: false,
      contrat_apprentissage: false,
      annees_apprentissage: [],
      duree_annees: 1,
    },
    sessions: [
      {
        debut: '2026-09-07',
        fin: '2027-06-30',
        etat_recrutement: 'ouvert',
        capacite: 12,
        entree_sortie: 'permanente',
        lieu: { adresse: '8 quai Perrache', code_postal: '69002', commune: 'Lyon' },
        contact: CONTACT,
        ...MARCHE,
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

const auth = () => ({ authorization: `Bearer ${api.keys.writeA}` });

function copier(ws: ExcelJS.Worksheet, r: number): number {
  const n = ws.rowCount + 1;
  for (const i of Object.values(COL)) ws.getRow(n).getCell(i).value = ws.getRow(r).getCell(i).value;
  return n;
}

describe('a conventionné session row copied to add a session at a new place', () => {
  it('adds a session with the copied one’s financeur, market, notification date and contact', async () => {
    const telecharge = await api.app.inject({
      method: 'GET',
      url: `/api/v1/organismes/${SIRET_A}/classeur?campagne=2027`,
      headers: auth(),
    });
    expect(telecharge.statusCode).toBe(200);
    const wb = await ouvrir(telecharge.rawPayload);
    const ws = wb.getWorksheet('Offre')!;
    const a = ligneDe(ws, id);
    const b = copier(ws, a);
    const cellules = {
      adresse: '12 rue Paul Bert',
      codePostal: '69003',
      debut: '06/09/2027',
      fin: '30/06/2028',
    };
    for (const [cle, x] of Object.entries(cellules)) ws.getRow(b).getCell(COL[cle]!).value = x;
    const fichier = await enBuffer(wb);
    const envoyer = (query: string) =>
      api.app.inject({
        method: 'POST',
        url: `/api/v1/imports/classeur${query}`,
        headers: { ...auth(), 'content-type': XLSX },
        payload: fichier,
      });

    const apercu = await envoyer('?dry_run=true');
    expect(apercu.statusCode).toBe(200);
    const ligne = apercu.json().lignes.find((l: { ligne: number }) => l.ligne === b);
    expect(ligne).toMatchObject({ verdict: 'modifiee', erreurs: [], session_ajoutee: { copiee_de: a } });
    expect(ligne.regles).toMatchObject({ introduites: [], catalogue_apres: 'general' });

    expect((await envoyer('')).statusCode).toBe(200);
    const f = (
      await api.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: auth() })
    ).json();
    const ajoutee = f.sessions.find((s: { lieu: { code_postal: string } }) => s.lieu.code_postal === '69003');
    expect(ajoutee).toMatchObject({ debut: '2027-09-06', entree_sortie: 'permanente', ...MARCHE });
    expect(ajoutee.contact).toMatchObject(CONTACT);
    expect(f.conformite.echecs.map((e: { code: string }) => e.code)).not.toEqual(
      expect.arrayContaining(['CONV_MARCHE']),
    );
    expect(f.conformite.echecs.map((e: { code: string }) => e.code)).not.toContain('CONV_CONTACT');

    // Sent again, the copy finds the session it added: nothing changes.
    const encore = await envoyer('');
    expect(encore.json().lignes.find((l: { ligne: number }) => l.ligne === b).verdict).toBe('inchangee');
    const apres = (
      await api.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: auth() })
    ).json();
    expect(apres.sessions).toHaveLength(2);
  });
});
