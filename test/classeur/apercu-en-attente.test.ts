import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir } from './classeur.helpers.ts';

// A fresh user found the workbook's preview saying « 0 en erreur » for a row emptying a mandatory
// field of an offer waiting for validation, while the import then refused that row (and the whole
// file): the preview runs the same check and reports the row, as the LHEO preview does, and the
// applied import leaves that row aside and applies the others (test/classeur/apercu-exact.test.ts). (A
// mandatory column emptied is the row's own error, CLASSEUR_CHAMP_OBLIGATOIRE; what the store
// requires beyond the workbook's columns is checked here: the fixture's only contact is its
// référent handicap, whose name emptied leaves the offer without a contact.)

const t = useTestApi();
const ANNEE = 2026;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);

/** Created by organisme A and sent for validation (en_attente_validation). */
async function enAttente(cle: string): Promise<string> {
  const api = (url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });
  const { id } = (await api('/formations', formationFixture({ cle_externe: cle, siret: SIRET_A }))).json();
  expect((await api(`/formations/${id}/publier`)).json()).toMatchObject({ statut: 'en_attente_validation' });
  return id;
}

/** A's workbook with the référent handicap (name and courriel) of `id`'s rows emptied. */
async function sansContact(id: string): Promise<Buffer> {
  const wb = await ouvrir(await exportClasseur(t, ANNEE, SIRET_A));
  wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row, r) => {
    if (r > 1 && String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`)) {
      row.getCell(COL.handicapNom!).value = null;
      row.getCell(COL.handicapCourriel!).value = null;
    }
  });
  return enBuffer(wb);
}

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;

describe('the preview of a row emptying a mandatory field of an offer waiting for validation', () => {
  it('is an error naming the row, the column and the field, as at the applied import', async () => {
    const id = await enAttente('ATT-1');
    const fichier = await sansContact(id);
    const apercu = (await importClasseur(t.ctx, organisme, fichier, { dryRun: true })).rapport;
    expect(apercu.totaux.erreur).toBe(1);
    const l = ligneDe(apercu, id);
    expect(l.verdict).toBe('erreur');
    expect(l.erreurs).toHaveLength(1);
    expect(l.erreurs[0]!.code).toBe('PUBLICATION_INCOMPLETE');
    expect(l.erreurs[0]!.colonne).toBe('Référent handicap nom');
    expect(l.erreurs[0]!.message).toMatch(
      new RegExp(`^Ligne ${l.ligne}, colonne « Référent handicap nom » : `),
    );
    expect(l.erreurs[0]!.message).toContain('Champ obligatoire non renseigné : un contact');
    expect(l.erreurs[0]!.message).toContain('en attente de validation');

    // The applied import leaves the row aside, with the same error, and applies the others.
    const applique = (await importClasseur(t.ctx, organisme, fichier, { dryRun: false })).rapport;
    expect(applique.totaux).toEqual(apercu.totaux);
    const la = ligneDe(applique, id);
    expect(la).toMatchObject({ verdict: 'erreur', erreurs: [{ code: 'PUBLICATION_INCOMPLETE' }] });
    expect(la.erreurs[0]!.message).toContain('Champ obligatoire non renseigné : un contact');
    expect(la.erreurs[0]!.message).toContain('La ligne est laissée de côté : remettez');
    expect(la.erreurs[0]!.message).not.toContain('autres lignes');

    // Through the API (dry_run=true): the same error, nothing stored.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur?dry_run=true',
      headers: { ...bearer(t.keys.writeA), 'content-type': XLSX },
      payload: fichier,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().totaux.erreur).toBe(1);
    const ligne = ligneDe(res.json(), id);
    expect(ligne).toMatchObject({ verdict: 'erreur', erreurs: [{ code: 'PUBLICATION_INCOMPLETE' }] });
    expect(ligne.erreurs[0].message).toContain('Champ obligatoire non renseigné : un contact');
    const f = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(f.json().contacts[0].nom).toBe('Camille Martin');
  });
});
