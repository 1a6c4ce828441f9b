import { describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, diffuseeParApi, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';
import { exportClasseur, ouvrir } from './classeur.helpers.ts';

// A fresh user (07/12/2026), gestionnaire of région 52, uploaded the unchanged workbook of an
// organisme of région 84: « 6 inchangées, rien à appliquer », and nothing said that its rows were
// outside his région — until he changed a cell and the row was refused CLASSEUR_HORS_REGION. An
// unchanged row of a formation outside the gestionnaire's régions says so (a warning on the row as
// a whole, CLASSEUR_HORS_REGION_INCHANGEE), on the preview, the applied import, the command line and the annotated workbook,
// echoing nothing more of the formation than the row's error would (the régions of its sessions).

const t = useTestApi();
const ANNEE = 2026;
// The fixture's sessions are in Lyon (Auvergne-Rhône-Alpes, 84).
const ailleurs = gestionnaireDe('52');

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;

function attendreHorsRegion(r: RapportClasseur, id: string) {
  const l = ligneDe(r, id);
  expect(l.verdict).toBe('inchangee');
  expect(l.erreurs).toEqual([]);
  // Its own code: CLASSEUR_HORS_REGION is the refusal of a changed row (a code means one outcome).
  expect(l.avertissements.map((x) => x.code)).not.toContain('CLASSEUR_HORS_REGION');
  const a = l.avertissements.filter((x) => x.code === 'CLASSEUR_HORS_REGION_INCHANGEE');
  expect(a).toHaveLength(1);
  expect(a[0]!.colonne).toBe('');
  expect(a[0]!.message).toContain(`Ligne ${l.ligne} : `);
  expect(a[0]!.message).toContain('Auvergne-Rhône-Alpes (84)');
  expect(a[0]!.message).toContain('Pays de la Loire (52)');
  expect(a[0]!.message).toContain('hors de votre périmètre');
  return a[0]!.message;
}

describe('an unchanged row outside the gestionnaire’s régions says so', () => {
  it('a diffused offer of another région: warned at the preview, the applied import, the CLI and the annotated workbook', async () => {
    const id = await diffuseeParApi(t, 'HORS-REG-PUB');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const apercu = await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true });
    const message = attendreHorsRegion(apercu.rapport, id);
    expect(apercu.rapport.totaux).toMatchObject({ inchangee: 1, erreur: 0 });
    // The command line lists the row (unchanged rows without warnings are not listed).
    expect(renderRapportClasseur(apercu.rapport, true, null)).toContain(
      `[CLASSEUR_HORS_REGION_INCHANGEE] ${message}`,
    );
    // The annotated workbook's column « Erreurs ».
    const wb = await ouvrir(await apercu.classeurErreurs());
    const textes: string[] = [];
    wb.getWorksheet('Offre')!.eachRow((row) => {
      textes.push(...(row.values as unknown[]).map((v) => String(v ?? '')));
    });
    expect(textes).toContain(`Attention : ${message}`);
    // Applied: the same row, the same warning, nothing written.
    const applique = await importClasseur(t.ctx, ailleurs, fichier, { dryRun: false });
    attendreHorsRegion(applique.rapport, id);
    expect(applique.rapport.totaux).toMatchObject({ nouvelle: 0, modifiee: 0, fermee: 0, erreur: 0 });
  });

  it('an offer of another région that is not diffused: the warning names its région only', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'HORS-REG-BROUILLON', intitule: 'Intitulé brouillon secret' }),
    });
    const id = r.json().id as string;
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const apercu = (await importClasseur(t.ctx, ailleurs, fichier, { dryRun: true })).rapport;
    attendreHorsRegion(apercu, id);
    expect(JSON.stringify(ligneDe(apercu, id).avertissements)).not.toContain('secret');
  });

  it('in his région: no such warning', async () => {
    const id = await diffuseeParApi(t, 'HORS-REG-ICI');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const apercu = (await importClasseur(t.ctx, gestionnaireDe('84'), fichier, { dryRun: true })).rapport;
    expect(ligneDe(apercu, id)).toMatchObject({ verdict: 'inchangee', avertissements: [] });
  });
});
