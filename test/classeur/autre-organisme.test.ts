import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { OffreError } from '../../src/domain/errors.ts';
import { conseilApercu } from '../../src/domain/import-apercu.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { comptesConseil, type RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_A, SIRET_B, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { compter, enBuffer, exportClasseur, loadOffre, NOW, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user (05/12/2026): a CFA that uploaded the workbook ANOTHER organisme exported got one
// « aucune formation … dans l’offre de cet organisme » per row (8 rows, 8 errors). The workbook
// says whose it is (the export records the SIRET in its hidden sheet « Versions »): it is refused
// once, as a whole (403 CLASSEUR_AUTRE_ORGANISME), naming both organismes, nothing stored — on the
// service, the API (dry run and apply) and the page (test/web/imports-autre-organisme.test.ts). A
// row of another organisme pasted into one's own workbook is refused alone, once, naming its
// organisme. The command line and administrators import any organisme's workbook.

const t = useTestApi();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const NOM_A = 'CFA des Métiers du Rhône';
const NOM_B = 'Institut Béta Formation';
let classeurA: Buffer;
let classeurB: Buffer;

beforeAll(async () => {
  await loadOffre(t);
  await t.ctx.db.transaction().execute(async (trx) => {
    for (const cle of ['B1', 'B2'])
      await saveFormationTx(
        trx,
        SYSTEME('test'),
        formationFixture({ siret: SIRET_B, cle_externe: cle, intitule: `Formation ${cle} de B` }),
        { now: NOW },
      );
  });
  for (const [siret, nom] of [
    [SIRET_A, NOM_A],
    [SIRET_B, NOM_B],
  ] as const)
    await t.ctx.db.updateTable('organisme').set({ raison_sociale: nom }).where('siret', '=', siret).execute();
  classeurA = await avecObjectif(await exportClasseur(t, 2027, SIRET_A), 'Objectif revu pour la campagne.');
  classeurB = await exportClasseur(t, 2027, SIRET_B);
});

/** The workbook with every row's objectif set to `objectif` (in red): each row changes something. */
async function avecObjectif(fichier: Buffer, objectif: string): Promise<Buffer> {
  const wb = await ouvrir(fichier);
  wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row, r) => {
    if (r === 1) return;
    const cell = row.getCell(COL.objectif!);
    cell.value = objectif;
    peindre(cell, { font: { color: { argb: 'FFFF0000' } } });
  });
  return enBuffer(wb);
}

async function refus(p: Promise<unknown>): Promise<OffreError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OffreError);
  return e as OffreError;
}

describe('another organisme’s workbook, as a whole', () => {
  it('an organisme’s user: one refusal naming both organismes, preview and apply, nothing stored', async () => {
    const avant = await compter(t);
    for (const dryRun of [true, false]) {
      const e = await refus(importClasseur(t.ctx, organismeDe(SIREN_B), classeurA, { dryRun }));
      expect(e.code).toBe('CLASSEUR_AUTRE_ORGANISME');
      expect(e.status).toBe(403);
      expect(e.message).toBe(
        `Le classeur a été exporté pour l’organisme « ${NOM_A} » (SIRET ${SIRET_A}), pas pour le vôtre, « ${NOM_B} » (SIREN ${SIREN_B}) : vous ne pouvez importer que l’offre de votre organisme. Rien n’a été enregistré. Téléchargez le classeur de votre organisme (page « Imports » de votre espace, ou GET /api/v1/organismes/{siret}/classeur), reportez-y vos modifications, puis importez-le.`,
      );
      expect(e.details).toEqual({ siret: SIRET_A, siren: SIREN_B });
    }
    expect(await compter(t)).toEqual(avant);
  });

  it('through the API with a write key: 403 CLASSEUR_AUTRE_ORGANISME, dry run and apply', async () => {
    const avant = await compter(t);
    for (const query of ['?dry_run=true', '', '?dry_run=true&format=xlsx']) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports/classeur${query}`,
        headers: { authorization: `Bearer ${t.keys.writeB}`, 'content-type': XLSX },
        payload: classeurA,
      });
      expect(r.statusCode, query).toBe(403);
      expect(r.json()).toMatchObject({ code: 'CLASSEUR_AUTRE_ORGANISME', status: 403 });
      expect(r.json().detail).toContain(`Le classeur envoyé a été exporté pour l’organisme « ${NOM_A} »`);
    }
    expect(await compter(t)).toEqual(avant);
  });

  it('its own organisme, the command line (system) and an admin key still import it', async () => {
    const sien = await importClasseur(t.ctx, organismeDe(SIREN_A), classeurA, { dryRun: true });
    expect(sien.rapport.totaux).toMatchObject({ modifiee: 4, erreur: 0 });
    const systeme = await importClasseur(t.ctx, SYSTEME('import-classeur'), classeurA, { dryRun: true });
    expect(systeme.rapport.totaux).toMatchObject({ modifiee: 4, erreur: 0 });
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur?dry_run=true',
      headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': XLSX },
      payload: classeurA,
    });
    expect(admin.statusCode, admin.body).toBe(200);
  });
});

describe('rows of another organisme pasted into one’s own workbook', () => {
  /** A's workbook with B's rows appended (their reference and every cell, as a copy-paste does). */
  async function mixte(): Promise<{ fichier: Buffer; lignesB: number[] }> {
    const wb = await ouvrir(classeurA);
    const ws = wb.getWorksheet('Offre')!;
    const source = (await ouvrir(classeurB)).getWorksheet('Offre')!;
    const lignesB: number[] = [];
    source.eachRow((row: ExcelJS.Row, r) => {
      if (r === 1) return;
      const n = ws.rowCount + 1;
      const cible = ws.getRow(n);
      row.eachCell((cell, c) => {
        cible.getCell(c).value = cell.value;
      });
      cible.commit();
      lignesB.push(n);
    });
    expect(lignesB.length).toBe(2);
    return { fichier: await enBuffer(wb), lignesB };
  }

  it('each is refused once, on the row as a whole, naming its organisme; the summary says they are not to correct', async () => {
    const { fichier, lignesB } = await mixte();
    for (const dryRun of [true, false]) {
      const r: RapportClasseur = (await importClasseur(t.ctx, organismeDe(SIREN_A), fichier, { dryRun }))
        .rapport;
      expect(r.totaux).toMatchObject({ modifiee: 4, erreur: 2 });
      for (const n of lignesB)
        expect(r.lignes.find((l) => l.ligne === n)).toMatchObject({
          verdict: 'erreur',
          avertissements: [],
          erreurs: [
            {
              colonne: '',
              code: 'CLASSEUR_AUTRE_ORGANISME',
              message: `Ligne ${n} : cette ligne est une formation de l’organisme « ${NOM_B} » (SIRET ${SIRET_B}), pas du vôtre : vous ne pouvez importer que l’offre de votre organisme. La ligne est laissée de côté : faites-la importer par cet organisme ou par un gestionnaire de sa région.`,
            },
          ],
        });
      if (dryRun)
        expect(conseilApercu(comptesConseil(r), 'ligne', 'dans le classeur annoté')).toBe(
          'Appliquer maintenant laisserait de côté 2 lignes hors de votre périmètre ; elles ne sont pas à corriger : faites-les importer par l’organisme de ces formations ou par un gestionnaire de sa région.',
        );
    }
  });
});
