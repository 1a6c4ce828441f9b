import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { LigneRapport } from '../../src/formats/classeur/classeur.report.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { compter, enBuffer, exportClasseur, NOW, ouvrir } from './classeur.helpers.ts';

// A tester's report (04/12): in a returned workbook, the telephone cell read `243788026` (typed
// as a number, Excel dropped its leading zero; read back as `0243788026`) was compared with the
// stored `02 43 78 80 26` and counted as « Contact téléphone » modified: a revision to validate
// for the same number. A value whose stored form is normalised is compared in that form: a
// telephone by the number it writes (+33 read as 0); a SIRET, a UAI, a postal code, a date, a
// number already are (classeur.values.ts). A writing of the same value is « inchangée », nothing
// written; a real change stays a change. A postal code of four digits typed as text is not
// guessed (a digit lost at either end): the row says it must have five.

const t = useTestApi({ now: () => NOW });
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const CFA = organismeDe(SIREN_A);
const TELEPHONE = '02 43 78 80 26';

/** 7 September 2027 as Excel stores an unformatted date: days since 30 December 1899. */
const SERIE = (Date.UTC(2027, 8, 7) - Date.UTC(1899, 11, 30)) / 86_400_000;

const FORMATION = formationFixture({
  cle_externe: 'CAP-MONTMERLE',
  intitule: 'CAP Pâtissier',
  contacts: [
    { type: 'accueil', nom: 'Accueil', telephone: TELEPHONE, courriel: 'accueil@cfa.example' },
    { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' },
  ],
  sessions: [
    {
      cle_externe: 'S2027',
      debut: '2027-09-07',
      fin: '2029-06-30',
      capacite: 12,
      etat_recrutement: 'ouvert',
      lieu: { adresse: '1 place de la Mairie', code_postal: '01090', commune: 'Montmerle-sur-Saône' },
      reunions_information: [],
      bilans: [],
    },
  ],
});

/** Published and validated: a change by its organisme is a revision to validate. */
async function publiee(): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: FORMATION,
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id } = res.json();
  for (const [action, key] of [
    ['publier', t.keys.writeA],
    ['valider', t.keys.admin],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/${action}`,
      headers: bearer(key),
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  return id;
}

/** The exported workbook with the row of `id` given `cells` (no colour: as a person retypes them). */
async function avec(fichier: Buffer, id: string, cells: Record<string, ExcelJS.CellValue>): Promise<Buffer> {
  const wb = await ouvrir(fichier);
  const ws = wb.getWorksheet('Offre')!;
  let vue = 0;
  ws.eachRow((row, r) => {
    if (r === 1 || !String(row.getCell(COL.reference!).value).startsWith(`${id}/`)) return;
    vue++;
    for (const [cle, v] of Object.entries(cells)) row.getCell(COL[cle]!).value = v;
  });
  expect(vue).toBe(1);
  return enBuffer(wb);
}

const ligneDe = (lignes: readonly LigneRapport[], id: string) =>
  lignes.find((l) => l.reference?.startsWith(`${id}/`))!;

describe('campaign workbook: another writing of a stored value is no change', () => {
  let id: string;
  let fichier: Buffer;

  // Each a writing of the stored value (telephone 02 43 78 80 26, SIRET 13002526500013, UAI
  // 0693446W, postal code 01090, dates 07/09/2027 – 30/06/2029, capacity 12, 2 years, years 1,2).
  const memes: [string, Record<string, ExcelJS.CellValue>][] = [
    ['a telephone typed as a number (leading zero lost)', { contactTelephone: 243_788_026 }],
    ['a telephone without spaces', { contactTelephone: '0243788026' }],
    ['a telephone with dots', { contactTelephone: '02.43.78.80.26' }],
    ['a telephone with dashes', { contactTelephone: '02-43-78-80-26' }],
    ['a telephone in international form', { contactTelephone: '+33 2 43 78 80 26' }],
    ['a telephone typed as 33… (a number)', { contactTelephone: 33_243_788_026 }],
    ['a SIRET with spaces', { siretResponsable: '130 025 265 00013' }],
    ['a SIRET typed as a number', { siretResponsable: 13_002_526_500_013 }],
    ['a UAI in lower case with a space', { uaiResponsable: '0693446 w' }],
    ['a postal code typed as a number (leading zero lost)', { codePostal: 1090 }],
    ['a postal code with a space', { codePostal: '01 090' }],
    ['dates as text', { debut: '07/09/2027', fin: '30/06/2029' }],
    ['a date as text without leading zeros', { debut: '7/9/2027' }],
    ['a date as an unformatted Excel number', { debut: SERIE }],
    ['numbers as text', { capacite: '12', duree: '2' }],
    ['years as a number (a French 1,2 read as 1.2)', { annees: 1.2 }],
    ['« Oui » for oui', { contratPro: 'Oui' }],
  ];

  it.each(memes)('%s: « inchangée », nothing to validate', async (_, cells) => {
    if (!id) {
      id = await publiee();
      fichier = await exportClasseur(t);
    }
    const { rapport } = await importClasseur(t.ctx, CFA, await avec(fichier, id, cells), { dryRun: true });
    const l = ligneDe(rapport.lignes, id);
    expect(l).toMatchObject({ verdict: 'inchangee', a_valider: false, champs: [], erreurs: [] });
    expect(l.avertissements.map((a) => a.code).filter((c) => c !== 'CLASSEUR_ZERO_RESTAURE')).toEqual([]);
  });

  it('applied, the telephone typed as a number writes nothing and opens no revision', async () => {
    const avant = await compter(t);
    const { rapport } = await importClasseur(
      t.ctx,
      CFA,
      await avec(fichier, id, { contactTelephone: 243_788_026 }),
      { dryRun: false },
    );
    expect(ligneDe(rapport.lignes, id)).toMatchObject({ verdict: 'inchangee', champs: [] });
    expect(await compter(t)).toEqual(avant);
    expect(await findOpenRevision(t.ctx.db, id)).toBeFalsy();
  });

  it('a postal code of four digits typed as text is not guessed: the row says it must have five', async () => {
    const { rapport } = await importClasseur(t.ctx, CFA, await avec(fichier, id, { codePostal: '1090' }), {
      dryRun: true,
    });
    const l = ligneDe(rapport.lignes, id);
    expect(l.verdict).toBe('erreur');
    expect(l.erreurs.map((e) => [e.code, e.colonne, e.message])).toEqual([
      [
        'CODE_POSTAL_INVALIDE',
        'Code postal',
        `Ligne ${l.ligne}, colonne « Code postal » : le code postal « 1090 » doit compter 5 chiffres. La ligne est laissée de côté.`,
      ],
    ]);
  });

  it.each([
    ['another number', '02 43 78 80 27'],
    ['another number typed as a number', 243_788_027],
    ['another number in international form', '+33 2 43 78 80 27'],
  ])('%s is a change, to validate', async (_, telephone) => {
    const { rapport } = await importClasseur(
      t.ctx,
      CFA,
      await avec(fichier, id, { contactTelephone: telephone }),
      { dryRun: true },
    );
    expect(ligneDe(rapport.lignes, id)).toMatchObject({
      verdict: 'modifiee',
      a_valider: true,
      champs: ['Contact téléphone'],
      erreurs: [],
    });
  });

  it('a stale workbook: the number Offre changed since, retyped in another writing, keeps Offre’s', async () => {
    const brouillon = formationFixture({
      ...FORMATION,
      cle_externe: 'CAP-MONTMERLE-BROUILLON',
      sessions: FORMATION.sessions.map((s) => ({ ...s, cle_externe: 'B2027' })),
    });
    const bid = await t.ctx.db
      .transaction()
      .execute(async (trx) => (await saveFormationTx(trx, SYSTEME('test'), brouillon, { now: NOW })).id);
    const w = await exportClasseur(t);
    // Changed in Offre since the download.
    const change: FormationInput = {
      ...brouillon,
      contacts: brouillon.contacts.map((c) =>
        c.type === 'accueil' ? { ...c, telephone: '02 43 00 00 00' } : c,
      ),
    };
    await t.ctx.db
      .transaction()
      .execute((trx) => saveFormationTx(trx, SYSTEME('test'), change, { id: bid, now: NOW }));
    const { rapport } = await importClasseur(
      t.ctx,
      CFA,
      await avec(w, bid, { contactTelephone: '0243788026' }),
      { dryRun: true },
    );
    const l = ligneDe(rapport.lignes, bid);
    expect(l).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
    expect(l.avertissements.map((a) => [a.code, a.colonne])).toEqual([
      ['CLASSEUR_VERSION_ANCIENNE', 'Contact téléphone'],
    ]);
  });
});
