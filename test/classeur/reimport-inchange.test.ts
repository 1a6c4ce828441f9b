import type ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne, setCampagneCourante } from '../../src/db/campagne.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { compter, enBuffer, loadOffre, NOW, ouvrir } from './classeur.helpers.ts';

// A fresh user's report: the campaign workbook, downloaded and sent back untouched, was refused:
// each row of a place without a session of the new campaign (exported with its two dates empty, as
// every row is before the rollover) failed CLASSEUR_DATE_MANQUANTE. The invariant: export → import
// unchanged → every row « inchangée », no error, nothing written; on the fixture (sessions of the
// current rentrée 2026, one place with its 2027 session too) and on the demo data.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

/** Sessions of rentrée 2026 (8 Sept, as the user's row 3) and 2027 at one place, 2026 only at another. */
const DEUX_RENTREES = formationFixture({
  cle_externe: 'DEUX-RENTREES',
  intitule: 'BTS Commerce international',
  sessions: [2026, 2027].map((an) => ({
    debut: `${an}-09-08`,
    fin: `${an + 2}-06-30`,
    etat_recrutement: 'ouvert' as const,
    capacite: 14,
    lieu: { adresse: '12 rue de la République', code_postal: '69001', commune: 'Lyon' },
    reunions_information: [],
    bilans: [],
  })),
});

/** The rows exported with both campaign dates empty, and the others. */
function dates(ws: ExcelJS.Worksheet) {
  const vides: number[] = [];
  const remplies: number[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(COL.debut!).value === null && row.getCell(COL.fin!).value === null) vides.push(r);
    else remplies.push(r);
  }
  return { vides, remplies };
}

describe('campaign workbook sent back unchanged', () => {
  let api: TestApi;
  let siretDemo: string;
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    // The demo loads into an empty base only.
    await loadDemo(api.ctx, { formations: 300, seed: 42, chunk: 100 });
    await loadOffre(api);
    await api.ctx.db
      .transaction()
      .execute((trx) => saveFormationTx(trx, SYSTEME('test'), DEUX_RENTREES, { now: NOW }));
    await ensureCampagne(api.ctx.db, 2027);
    await setCampagneCourante(api.ctx.db, 2027);
    // The demo organisme with the most formations whose workbook has rows of both kinds (the
    // demo's places where only the 2026 session is left, as the user's row 3).
    const { rows } = await sql<{ siret: string }>`
      select responsable_siret as siret from formation where responsable_siret <> ${SIRET_A}
      and statut not in ('archivee', 'supprimee')
      group by responsable_siret order by count(*) desc, responsable_siret`.execute(api.ctx.db);
    for (const { siret } of rows) {
      const { vides, remplies } = dates((await ouvrir(await telecharger(siret))).getWorksheet('Offre')!);
      if (vides.length > 0 && remplies.length > 0) {
        siretDemo = siret;
        break;
      }
    }
  });
  afterAll(() => api.close());

  const telecharger = async (siret: string) => {
    const r = await api.app.inject({
      method: 'GET',
      url: `/api/v1/organismes/${siret}/classeur?campagne=2027`,
      headers: { authorization: `Bearer ${api.keys.admin}` },
    });
    expect(r.statusCode).toBe(200);
    return r.rawPayload;
  };
  const envoyer = async (fichier: Buffer, query: string) => {
    const r = await api.app.inject({
      method: 'POST',
      url: `/api/v1/imports/classeur${query}`,
      headers: { authorization: `Bearer ${api.keys.admin}`, 'content-type': XLSX },
      payload: fichier,
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return r.json() as RapportClasseur;
  };
  const toutInchange = (rapport: RapportClasseur, lignes: number) => {
    expect(rapport.lignes.filter((l) => l.verdict !== 'inchangee' || l.erreurs.length > 0)).toEqual([]);
    expect(rapport.totaux).toEqual({ nouvelle: 0, modifiee: 0, fermee: 0, inchangee: lignes, erreur: 0 });
  };

  it.each([
    ['the fixture', () => SIRET_A],
    ['the demo data', () => siretDemo],
  ])('%s: every row « inchangée », no error, nothing written (API preview and apply)', async (_, siret) => {
    const fichier = await telecharger(siret());
    const ws = (await ouvrir(fichier)).getWorksheet('Offre')!;
    const lignes = ws.actualRowCount - 1;
    const { vides, remplies } = dates(ws);
    // The case of the report is there (a place without a 2027 session), and the fixture has a 2027 session too.
    expect(vides.length).toBeGreaterThan(0);
    expect(remplies.length).toBeGreaterThan(0);
    const avant = await compter(api);
    toutInchange(await envoyer(fichier, '?dry_run=true'), lignes);
    toutInchange(await envoyer(fichier, ''), lignes);
    expect(await compter(api)).toEqual(avant);
  });

  it('an empty pair is « no 2027 session here »; half a pair, erased dates, or a place change without dates are errors', async () => {
    const wb = await ouvrir(await telecharger(SIRET_A));
    const ws = wb.getWorksheet('Offre')!;
    const { vides, remplies } = dates(ws);
    const [titre, moitie, lieu] = vides as [number, number, number];
    const effacee = remplies[0]!;
    const set = (r: number, cle: string, v: unknown) => {
      ws.getRow(r).getCell(COL[cle]!).value = v as never;
    };
    set(titre, 'intitule', 'Titre changé sans dates');
    set(moitie, 'debut', '01/09/2027');
    set(lieu, 'capacite', 99);
    set(effacee, 'debut', null);
    set(effacee, 'fin', null);
    const avant = await compter(api);
    const { rapport } = await importClasseur(api.ctx, SYSTEME('test'), await enBuffer(wb), { dryRun: false });
    const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
    expect(ligne(titre)).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'], erreurs: [] });
    const erreurs = (n: number) => ligne(n).erreurs.map((e) => [e.code, e.colonne, e.message]);
    expect(erreurs(moitie)).toEqual([
      [
        'CLASSEUR_DATE_MANQUANTE',
        'Date de fin 2027',
        `Ligne ${moitie}, colonne « Date de fin 2027 » : la date de fin 2027 est obligatoire quand la date de début est remplie : une session 2027 a ses deux dates (une date prévisionnelle suffit) ; laissez les deux vides s’il n’y a pas de session 2027 dans ce lieu.`,
      ],
    ]);
    expect(erreurs(lieu)).toEqual([
      [
        'CLASSEUR_DATE_MANQUANTE',
        'Date de début 2027',
        `Ligne ${lieu}, colonne « Date de début 2027 » : « Capacité » : le lieu et la capacité sont ceux de la session 2027, et ce lieu n’en a pas : indiquez ses dates de début et de fin (une date prévisionnelle suffit).`,
      ],
    ]);
    expect(erreurs(effacee)).toEqual([
      [
        'CLASSEUR_DATE_MANQUANTE',
        'Date de début 2027',
        `Ligne ${effacee}, colonne « Date de début 2027 » : la session 2027 de ce lieu (du 8 septembre 2027 au 30 juin 2029) existe : ses dates ne s’effacent pas. Laissez-les, ou surlignez la ligne en jaune pour la fermer.`,
      ],
    ]);
    // Only the title changed: no session made without dates.
    expect((await compter(api)).sessions).toBe(avant.sessions);
  });
});
