import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, diffuseeParApi, formationFixture, SIREN_A, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir } from './classeur.helpers.ts';

// A fresh user emptied « Intitulé » on a published formation's row: the command line applied it
// (« 0 en erreur », the offer left diffusion), the organisme's preview promised a revision and
// « Appliquer » then refused the whole file. A row of an existing formation may not empty a
// column mandatory for a new one (the same list): an error of that row, at the preview and the
// applied import alike, by every actor; the other rows are applied.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const INTITULE = 'BTS Management commercial opérationnel';

async function api(method: 'POST' | 'GET', url: string, key: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload });
}

/** A draft of organisme A. */
const brouillon = async (cle: string): Promise<string> =>
  (await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle }))).json().id;

/** The workbook of SIRET A with the rows of each formation id changed by its function. */
async function classeur(changes: Record<string, (row: ExcelJS.Row) => void>) {
  const wb = await ouvrir(await exportClasseur(t, ANNEE));
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r === 1) return;
    const ref = String(row.getCell(COL.reference!).value ?? '');
    for (const [id, f] of Object.entries(changes)) if (ref.startsWith(`${id}/`)) f(row);
  });
  return enBuffer(wb);
}

const vider =
  (...cles: string[]) =>
  (row: ExcelJS.Row) => {
    for (const c of cles) row.getCell(COL[c]!).value = null;
  };
const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;

describe('a row emptying a mandatory column of an existing formation', () => {
  it('is an error of that row (preview and applied, command line and organisme); the others are applied', async () => {
    const publiee = await diffuseeParApi(t, 'OBL-PUB');
    const enBrouillon = await brouillon('OBL-BROUILLON');
    const certif = await brouillon('OBL-CERTIF');
    const cfdSeul = await brouillon('OBL-CFD');
    const fichier = await classeur({
      [publiee]: vider('intitule'),
      [enBrouillon]: vider('objectif'),
      [certif]: vider('rncp', 'cfd'),
      // The certification stays known by its CFD: a legitimate change.
      [cfdSeul]: vider('rncp'),
    });
    let premier = true;
    for (const acteur of [organismeDe(SIREN_A), SYSTEME('import-classeur')])
      for (const dryRun of [true, false]) {
        const { rapport } = await importClasseur(t.ctx, acteur, fichier, { dryRun });
        const p = ligneDe(rapport, publiee);
        expect(p.verdict).toBe('erreur');
        expect(p.erreurs).toEqual([
          {
            colonne: 'Intitulé',
            code: 'CLASSEUR_CHAMP_OBLIGATOIRE',
            message: `Ligne ${p.ligne}, colonne « Intitulé » : ce champ est obligatoire, il ne peut pas être vidé : la formation garde sa valeur enregistrée (« ${INTITULE} »).`,
          },
        ]);
        // Nothing says the change is (or will be) applied.
        expect(p.avertissements.map((a) => a.code)).toEqual([]);
        const b = ligneDe(rapport, enBrouillon);
        expect(b.verdict).toBe('erreur');
        expect(b.erreurs.map((e) => [e.colonne, e.code])).toEqual([
          ['Objectif', 'CLASSEUR_CHAMP_OBLIGATOIRE'],
        ]);
        expect(b.erreurs[0]!.message).toContain('la formation garde sa valeur enregistrée (« Former des');
        const c = ligneDe(rapport, certif);
        expect(c.verdict).toBe('erreur');
        expect(c.erreurs).toEqual([
          {
            colonne: 'Code RNCP',
            code: 'CLASSEUR_CHAMP_OBLIGATOIRE',
            message: `Ligne ${c.ligne}, colonne « Code RNCP » : cette colonne et « Code diplôme (CFD) » ne peuvent pas être vides toutes les deux, l’une des deux est obligatoire : la formation garde ses valeurs enregistrées (« RNCP38368 », « 32031213 »).`,
          },
        ]);
        const d = ligneDe(rapport, cfdSeul);
        // Applied by the organisme's first import: the command line's finds it done.
        expect(d).toMatchObject(
          premier ? { verdict: 'modifiee', erreurs: [], champs: ['Code RNCP'] } : { verdict: 'inchangee' },
        );
        if (!dryRun) premier = false;
        expect(rapport.totaux.erreur).toBe(3);
      }
    // Applied: the published offer keeps its title and stays diffused; the CFD-only change is there.
    const p = (await api('GET', `/formations/${publiee}`, t.keys.writeA)).json();
    expect(p).toMatchObject({ intitule: INTITULE, statut: 'publiee' });
    // Still diffused: the public finds it.
    expect((await api('GET', `/formations/${publiee}`, t.keys.read)).json()).toMatchObject({
      intitule: INTITULE,
    });
    const b = (await api('GET', `/formations/${enBrouillon}`, t.keys.writeA)).json();
    expect(b.objectif).toBe('Former des managers d’unité commerciale.');
    const c = (await api('GET', `/formations/${certif}`, t.keys.writeA)).json();
    expect(c.certification).toMatchObject({ rncp: 'RNCP38368', cfd: '32031213' });
    const d = (await api('GET', `/formations/${cfdSeul}`, t.keys.writeA)).json();
    expect(d.certification.rncp ?? null).toBeNull();
    expect(d.certification.cfd).toBe('32031213');
  });
});
