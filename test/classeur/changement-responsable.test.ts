import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { diffuseeParApi, SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// Through the command line (the system may do anything), a new « SIRET responsable » of another
// SIREN moved the formation to that organisme without a word: it left the first organisme's
// space. An organisme is refused that change (CLASSEUR_ACCES); for the actors who may make it,
// the row now says so (CLASSEUR_CHANGEMENT_RESPONSABLE, a warning), at the preview and applied.

const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

describe('a row giving a formation a responsable of another SIREN', () => {
  const offre = offreDeTest();

  beforeAll(async () => {
    const db = offre.api.ctx.db;
    await db
      .updateTable('organisme')
      .set({ raison_sociale: 'CFA Lyon Métropole' })
      .where('siret', '=', SIRET_A)
      .execute();
    await db
      .updateTable('organisme')
      .set({ raison_sociale: 'CFA Bâtiment Rhône' })
      .where('siret', '=', SIRET_B)
      .execute();
  });

  it('warns that the formation passes to that organisme and leaves the offer of the other', async () => {
    const ctx = offre.api.ctx;
    const id = offre.ids[0]!;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ligneDe(ws, id);
    const cellule = ws.getRow(n).getCell(COL.siretResponsable!);
    cellule.value = SIRET_B;
    peindre(cellule, ROUGE);
    const fichier = await enBuffer(wb);
    const systeme = SYSTEME('test');

    const apercu = (await importClasseur(ctx, systeme, fichier, { dryRun: true })).rapport;
    const a = apercu.lignes.find((l) => l.ligne === n)!;
    expect(a).toMatchObject({ verdict: 'modifiee', erreurs: [] });
    expect(a.avertissements.filter((w) => w.code === 'CLASSEUR_CHANGEMENT_RESPONSABLE')).toEqual([
      {
        colonne: 'SIRET responsable',
        code: 'CLASSEUR_CHANGEMENT_RESPONSABLE',
        message: `Ligne ${n}, colonne « SIRET responsable » : le SIRET ${SIRET_B} est celui d’un établissement d’un autre SIREN : la formation passera à l’organisme « CFA Bâtiment Rhône » (SIRET ${SIRET_B}, SIREN ${SIREN_B}) et quittera l’offre de « CFA Lyon Métropole » (SIREN ${SIREN_A}), qui ne la verra plus dans son espace.`,
      },
    ]);

    const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun: false });
    const b = rapport.lignes.find((l) => l.ligne === n)!;
    expect(b).toMatchObject({ verdict: 'modifiee', erreurs: [] });
    expect(b.avertissements.find((w) => w.code === 'CLASSEUR_CHANGEMENT_RESPONSABLE')?.message).toContain(
      'la formation est passée à l’organisme « CFA Bâtiment Rhône »',
    );
    expect((await getFormation(ctx.db, systeme, id))!.responsable?.siret).toBe(SIRET_B);
  });

  it('warns a gestionnaire too, at the preview', async () => {
    // Diffused: what a gestionnaire's workbook reads of an organisme's offer.
    const id = await diffuseeParApi(offre.api, 'RESP-GEST');
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ligneDe(ws, id);
    const cellule = ws.getRow(n).getCell(COL.siretResponsable!);
    cellule.value = SIRET_B;
    peindre(cellule, ROUGE);
    const { rapport } = await importClasseur(offre.api.ctx, gestionnaireDe('84'), await enBuffer(wb), {
      dryRun: true,
    });
    const l = rapport.lignes.find((x) => x.ligne === n)!;
    expect(l).toMatchObject({ verdict: 'modifiee', erreurs: [] });
    expect(l.avertissements.map((a) => a.code)).toContain('CLASSEUR_CHANGEMENT_RESPONSABLE');
  });
});
