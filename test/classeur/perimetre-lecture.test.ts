import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import type { OffreError } from '../../src/domain/errors.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import {
  bearer,
  diffuseeParApi,
  formationFixture,
  SIREN_A,
  SIREN_B,
  SIRET_A,
  useTestApi,
} from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir } from './classeur.helpers.ts';

// A fresh tester (05/12/2026): a gestionnaire of another région uploaded an organisme's original
// workbook; its preview echoed, row by row, the organisme's pending revision (« inchangé dans le
// classeur, modifié dans Offre … la valeur d’Offre est gardée (« … ») ») — a version that the same
// gestionnaire may not read (403 on the review page and on GET …/revision). An import never shows
// what its author may not read: outside his régions, a diffused offer is compared with its
// diffused version, and an offer that is not diffused echoes nothing of its content.

const t = useTestApi();
const ANNEE = 2026;
// The fixture's sessions are in Lyon (Auvergne-Rhône-Alpes, 84): Île-de-France is elsewhere.
const ailleurs = gestionnaireDe('11');
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));

const api = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });

/** Everything a report says of formation `id`'s rows, as one text. */
const texte = (r: RapportClasseur, id: string) =>
  JSON.stringify(r.lignes.filter((l) => l.reference?.startsWith(`${id}/`)));

/** Every cell of the annotated workbook's rows of formation `id`, as one text. */
async function annotees(fichier: Buffer, id: string): Promise<string> {
  const wb = await ouvrir(fichier);
  const cellules: string[] = [];
  wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row) => {
    const valeurs = (row.values as unknown[]).map((v) => String(v ?? ''));
    if (valeurs.some((v) => v.startsWith(`${id}/`))) cellules.push(...valeurs);
  });
  expect(cellules.length).toBeGreaterThan(0);
  return cellules.join(' | ');
}

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;

/** The organisme's own change after the export: intitulé, capacity (its revision when published). */
async function changerDansOffre(id: string, cle: string): Promise<void> {
  const f = formationFixture({ cle_externe: cle });
  const r = await api('PUT', `/formations/${id}`, {
    ...f,
    intitule: 'Intitulé secret de la révision',
    sessions: f.sessions.map((s) => ({ ...s, capacite: 25 })),
  });
  expect(r.statusCode, r.body).toBe(200);
}

describe('a gestionnaire’s workbook import shows nothing he may not read', () => {
  it('a diffused offer of another région with a pending revision: compared with its diffused version', async () => {
    const id = await diffuseeParApi(t, 'PERIM-PUB');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await changerDansOffre(id, 'PERIM-PUB');
    // The revision is there, and the gestionnaire of Île-de-France may not read it.
    const revision = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}/revision`,
      headers: bearer(t.keys.writeA),
    });
    expect(revision.json().statut).toBe('en_attente_validation');

    const apercu = (await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).rapport;
    expect(texte(apercu, id)).not.toContain('Intitulé secret');
    expect(texte(apercu, id)).not.toContain('« 25 »');
    // Nothing but the warning that the row is outside his région (hors-region-inchangee.test.ts).
    expect(ligneDe(apercu, id)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
    expect(ligneDe(apercu, id).avertissements.map((a) => a.code)).toEqual(['CLASSEUR_HORS_REGION_INCHANGEE']);
    // The annotated workbook (column « Erreurs ») is written from the same report.
    const annote = await (await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).classeurErreurs();
    expect(await annotees(annote, id)).not.toContain('secret');
  });

  // A fresh user's report (06/12): the workbook exported while the revision was pending carries
  // the revision's values and versions; returned unchanged by a gestionnaire of another région, it
  // was compared with the diffused version (what he may read) and every revised cell was said
  // « modifié dans Offre » — a change nobody made since the export.
  it('a workbook exported while the revision was pending, returned unchanged from another région: no false conflict', async () => {
    const id = await diffuseeParApi(t, 'PERIM-EXPORT-REV');
    await changerDansOffre(id, 'PERIM-EXPORT-REV');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const apercu = (await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).rapport;
    // Nothing but the warning that the row is outside his région (hors-region-inchangee.test.ts).
    expect(ligneDe(apercu, id)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
    expect(ligneDe(apercu, id).avertissements.map((a) => a.code)).toEqual(['CLASSEUR_HORS_REGION_INCHANGEE']);
    expect(texte(apercu, id)).not.toContain('modifié dans Offre');
    expect(texte(apercu, id)).not.toContain('Intitulé secret');
    // A real change in Offre since that export is still said (with what he may read).
    const f = formationFixture({ cle_externe: 'PERIM-EXPORT-REV' });
    const r = await api('PUT', `/formations/${id}`, {
      ...f,
      intitule: 'Intitulé secret de la révision',
      sessions: f.sessions.map((s) => ({ ...s, capacite: 30 })),
    });
    expect(r.statusCode, r.body).toBe(200);
    const apres = ligneDe((await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).rapport, id);
    expect(apres.avertissements.map((a) => a.code)).toEqual([
      'CLASSEUR_VERSION_ANCIENNE',
      'CLASSEUR_HORS_REGION_INCHANGEE',
    ]);
    expect(apres.avertissements[0]!.message).toContain('Capacité');
    expect(JSON.stringify(apres)).not.toContain('secret');
    expect(JSON.stringify(apres)).not.toContain('« 30 »');
  });

  it('an offer of another région that is not diffused: nothing of its content is echoed', async () => {
    const r = await api('POST', '/formations', formationFixture({ cle_externe: 'PERIM-BROUILLON' }));
    const id = r.json().id as string;
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await changerDansOffre(id, 'PERIM-BROUILLON');

    const apercu = (await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).rapport;
    const l = ligneDe(apercu, id);
    expect(texte(apercu, id)).not.toContain('Intitulé secret');
    expect(texte(apercu, id)).not.toContain('« 25 »');
    expect(l.verdict).toBe('inchangee');
    expect(l.intitule).toBe('BTS Management commercial opérationnel');
    // Changed in the workbook: outside his région, and still nothing of Offre's content.
    const wb = await ouvrir(fichier);
    wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row) => {
      if (String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`))
        row.getCell(COL.capacite!).value = 'beaucoup';
    });
    const change = await enBuffer(wb);
    const refus = ligneDe((await importClasseur(t.ctx, ailleurs, change, { dryRun: true })).rapport, id);
    expect(refus.verdict).toBe('erreur');
    expect(refus.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_HORS_REGION']);
    expect(refus.erreurs[0]!.message).toContain('Auvergne-Rhône-Alpes (84)');
    expect(JSON.stringify(refus)).not.toContain('secret');
    const annote = await (await importClasseur(t.ctx, ailleurs, change, { dryRun: true })).classeurErreurs();
    expect(await annotees(annote, id)).not.toContain('Intitulé secret');
    expect(l.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_VERSION_ANCIENNE');
  });

  it('another organisme (its key or its user) holding the workbook: refused as a whole, nothing echoed', async () => {
    const id = await diffuseeParApi(t, 'PERIM-AUTRE-ORG');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await changerDansOffre(id, 'PERIM-AUTRE-ORG');
    const cleB: Acteur = { kind: 'cle', id: 'k_b', name: 'SI de B', scope: 'write', siren: SIREN_B };
    // The workbook is A's (its sheet « Versions »): one refusal (test/classeur/autre-organisme.test.ts).
    for (const acteur of [organismeDe(SIREN_B), cleB]) {
      const e = await importClasseur(t.ctx, acteur, fichier, { dryRun: true }).then(
        () => null,
        (x: OffreError) => x,
      );
      expect(e?.code).toBe('CLASSEUR_AUTRE_ORGANISME');
      expect(e?.message).not.toContain('Intitulé secret');
      expect(e?.message).not.toContain('« 25 »');
    }
    // Its own organisme still reads what it changed.
    const sien = (await importClasseur(t.ctx, organismeDe(SIREN_A), fichier, { dryRun: true })).rapport;
    expect(texte(sien, id)).toContain('Intitulé secret');
  });

  it('in his région, the same rows still say what Offre changed since the export', async () => {
    const id = await diffuseeParApi(t, 'PERIM-ICI');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await changerDansOffre(id, 'PERIM-ICI');
    const apercu = (await importClasseur(t.ctx, gestionnaireDe('84'), fichier, { dryRun: true })).rapport;
    const l = ligneDe(apercu, id);
    expect(l.avertissements.map((a) => a.code)).toContain('CLASSEUR_VERSION_ANCIENNE');
    expect(texte(apercu, id)).toContain('Intitulé secret');
  });
});
