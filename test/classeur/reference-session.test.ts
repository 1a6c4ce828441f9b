import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { LigneRapport } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from './classeur.helpers.ts';

// A tester's report (04/12): an organisme's published formation has, at one place, its session of
// rentrée 2026 and its session of the 2027 campaign (one row, reference `fo_…/se_2027`). A copy of
// the workbook W1 changing that row's « Commune » in red made a revision to validate (the 2027
// session moved, the 2026 one stayed). W1 imported again with only « Capacité » changed in red
// was reported « modification à valider » but compared with the 2026 session (the place whose
// address the row still writes) and, applied, saved no capacity anywhere. The row is the session
// its reference names, in the pending revision's values: the stale commune is Offre's newer one
// kept (CLASSEUR_VERSION_ANCIENNE), and the capacity is saved.

const t = useTestApi();
const ANNEE = 2027;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);
const ROUGE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FFFF0000' } } };
const LIEU = { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon' };

async function api(method: 'POST' | 'GET', url: string, key: string) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key) });
}

/** Published and validated by organisme A: sessions of 2026 (capacity 15) and 2027 (12) at one place. */
async function publiee(cle: string): Promise<string> {
  const session = (cle_externe: string, debut: string, fin: string, capacite: number) => ({
    cle_externe,
    debut,
    fin,
    capacite,
    lieu: LIEU,
    etat_recrutement: 'ouvert' as const,
    reunions_information: [],
    bilans: [],
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: formationFixture({
      cle_externe: cle,
      intitule: 'CAP Boulanger',
      sessions: [
        session('S2026', '2026-09-01', '2028-06-30', 15),
        session('S2027', '2027-09-05', '2029-06-30', 12),
      ],
    }),
  });
  const { id } = res.json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

/** W1 with the row of `id` changed: `cells` written, each in red. */
async function copie(w1: Buffer, id: string, cells: Record<string, unknown>): Promise<Buffer> {
  const wb = await ouvrir(w1);
  let vue = 0;
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r === 1 || !String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`)) return;
    vue++;
    for (const [cle, valeur] of Object.entries(cells)) {
      const cell = row.getCell(COL[cle]!);
      cell.value = valeur as ExcelJS.CellValue;
      peindre(cell, ROUGE);
    }
  });
  expect(vue).toBe(1);
  return enBuffer(wb);
}

/** The sessions of the organisme's pending revision, by external key. */
async function sessions(id: string) {
  const open = await findOpenRevision(t.ctx.db, id);
  return Object.fromEntries(
    ((open?.payload as FormationInput | undefined)?.sessions ?? []).map((s) => [
      s.cle_externe,
      { capacite: s.capacite, commune: s.lieu?.commune },
    ]),
  );
}

/** The sessions of the diffused version, by external key. */
async function diffusees(id: string) {
  const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
  return Object.fromEntries(
    (f.sessions as { cle_externe: string; capacite: number; lieu: { commune: string } }[]).map((s) => [
      s.cle_externe,
      { capacite: s.capacite, commune: s.lieu.commune },
    ]),
  );
}

const ligneDe = (lignes: readonly LigneRapport[], id: string) =>
  lignes.find((l) => l.reference?.startsWith(`${id}/`))!;
const codes = (l: LigneRapport) => l.avertissements.map((a) => a.code);

describe('a stale row of a place its formation’s pending revision moved', () => {
  for (const writePath of ['bulk', 'single'] as const)
    it(`is matched by its session reference, and its capacity saved (${writePath})`, async () => {
      const id = await publiee(`CAP-BOUL-${writePath}`);
      const w1 = await exportClasseur(t, ANNEE, SIRET_A);

      // The commune changed in red: a revision to validate, the 2027 session moved.
      const deplace = await importClasseur(
        t.ctx,
        organisme,
        await copie(w1, id, { commune: 'Villeurbanne' }),
        {
          dryRun: false,
          writePath,
        },
      );
      expect(ligneDe(deplace.rapport.lignes, id)).toMatchObject({ verdict: 'modifiee', a_valider: true });
      expect(await sessions(id)).toEqual({
        S2026: { capacite: 15, commune: 'Lyon' },
        S2027: { capacite: 12, commune: 'Villeurbanne' },
      });

      // W1 again, only the capacity changed in red.
      const capacite = await copie(w1, id, { capacite: 20 });
      for (const dryRun of [true, false]) {
        const { rapport } = await importClasseur(t.ctx, organisme, capacite, { dryRun, writePath });
        const l = ligneDe(rapport.lignes, id);
        expect(l).toMatchObject({ verdict: 'modifiee', a_valider: true, champs: ['Capacité'], erreurs: [] });
        // Compared with the 2027 session as the revision has it: its commune is Offre's newer one.
        expect(codes(l).sort()).toEqual(['CLASSEUR_EN_REVISION', 'CLASSEUR_VERSION_ANCIENNE']);
        const ancienne = l.avertissements.find((a) => a.code === 'CLASSEUR_VERSION_ANCIENNE')!;
        expect(ancienne.colonne).toBe('Commune');
        expect(ancienne.message).toContain('(« Villeurbanne » ; le classeur porte encore « Lyon »)');
        expect(l.avertissements.map((a) => a.message).join('\n')).not.toContain('« 15 »');
      }
      // Saved in the revision, on the 2027 session; the 2026 session and the new commune kept.
      expect(await sessions(id)).toEqual({
        S2026: { capacite: 15, commune: 'Lyon' },
        S2027: { capacite: 20, commune: 'Villeurbanne' },
      });
      // W1 once more, as exported: nothing to change (Offre's newer values are kept).
      const { rapport } = await importClasseur(t.ctx, organisme, w1, { dryRun: false, writePath });
      const l = ligneDe(rapport.lignes, id);
      expect(l).toMatchObject({ verdict: 'inchangee', erreurs: [] });
      expect(l.avertissements.map((a) => a.message).join('\n')).not.toContain('« 15 »');
      expect(await sessions(id)).toEqual({
        S2026: { capacite: 15, commune: 'Lyon' },
        S2027: { capacite: 20, commune: 'Villeurbanne' },
      });
      // The diffused version waits for the validation.
      expect(await diffusees(id)).toEqual({
        S2026: { capacite: 15, commune: 'Lyon' },
        S2027: { capacite: 12, commune: 'Lyon' },
      });
    });
});

// The same stale-row case with no place left to carry the change: the session the row names was
// re-dated out of the 2027 campaign since the export (a draft: its dates are not frozen). The row's
// dates give way to Offre's (none in 2027), so its capacity has no session of the campaign to go
// to: a row error saying why, never a modification reported and not saved.
describe('a stale row whose session left the campaign since the export', () => {
  it('is an error naming why its capacity cannot be saved, at the preview and applied', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({
        cle_externe: 'CAP-BOUL-REDATEE',
        intitule: 'CAP Boulanger',
        sessions: [
          {
            cle_externe: 'S2027',
            debut: '2027-09-05',
            fin: '2029-06-30',
            capacite: 12,
            lieu: LIEU,
            etat_recrutement: 'ouvert' as const,
            reunions_information: [],
            bilans: [],
          },
        ],
      }),
    });
    const { id } = created.json();
    const w1 = await exportClasseur(t, ANNEE, SIRET_A);
    const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    f.sessions[0].debut = '2028-09-04';
    f.sessions[0].fin = '2030-06-30';
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
      payload: f,
    });
    expect(put.statusCode).toBe(200);

    const capacite = await copie(w1, id, { capacite: 20 });
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, organisme, capacite, { dryRun });
      const l = ligneDe(rapport.lignes, id);
      expect(l).toMatchObject({ verdict: 'erreur', champs: [] });
      expect(l.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_DATE_MANQUANTE']);
      expect(l.erreurs[0]!.message).toContain(
        '« Capacité » : le lieu et la capacité sont ceux de la session 2027',
      );
      expect(l.erreurs[0]!.message).toContain('ce lieu n’en a plus dans Offre depuis le');
    }
    const apres = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    expect(apres.sessions.map((s: { capacite: number; debut: string }) => [s.debut, s.capacite])).toEqual([
      ['2028-09-04', 12],
    ]);
  });
});
