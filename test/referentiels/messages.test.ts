import { describe, expect, it } from 'vitest';
import { lignesStatut } from '../../src/cli/commands/referentiel.command.ts';
import type { DiffTable } from '../../src/db/referentiel.repository.ts';
import { refusPrudent, retraitMassif } from '../../src/domain/referentiel.gardes.ts';
import { motifsConfirmation, raisonsDepot } from '../../src/services/gestion/referentiels.service.ts';
import { type ImpactOffres, phraseImpact } from '../../src/services/referentiel-impact.ts';

// What the guards and the status say, in French (a fresh user's report): counts grouped as French
// readers write them (« 2 000 »), every reason a file is held, an unknown file date said so.

const NNBSP = '\u202f';
const diff = (ajouts: number, retraits: number): DiffTable => ({
  ajouts,
  modifications: 0,
  retraits,
  exemples: { ajouts: [], modifications: [], retraits: [] },
});
const impact: ImpactOffres = {
  recontrolees: 2500,
  total_catalogue: 12000,
  catalogue: 2000,
  vers_non_reglementaire: 2000,
  certifiee: 0,
  decertifiees: 0,
  parcoursup: 0,
  affelnet: 0,
  regions: [{ region: '11', libelle: 'Île-de-France', total: 5000, touchees: 1500 }],
  exemples: { catalogue: [], certifiee: [], parcoursup: [], affelnet: [] },
  codes: [{ code: 'ORG_NDA', n: 2000 }],
  part_max: 0.1,
  suspect: true,
};

describe('guard messages', () => {
  it('groups counts the French way in the removal and impact sentences', () => {
    const r = retraitMassif({ uai: diff(3, 2000) }, { uai: 2500 }, 'ACCE.csv')!;
    expect(r.message).toBe(
      `L’import de ACCE.csv retirerait 2${NNBSP}000 des 2${NNBSP}500 lignes de « uai » (80 %) et n’en ajouterait que 3 : un extrait plutôt que le fichier complet ?`,
    );
    const p = phraseImpact('lpof.csv', impact);
    expect(p).toContain(`ferait passer 2${NNBSP}000 offres en Non réglementaire`);
    expect(p).toContain(`sur 12${NNBSP}000 offres au catalogue`);
    expect(p).toContain(`Île-de-France : 1${NNBSP}500 sur 5${NNBSP}000`);
    expect(p).toContain(`ORG_NDA (2${NNBSP}000)`);
    expect(p).not.toMatch(/\d{4}/);
  });

  it('names every reason a file is held in one refusal, keeping the first code', () => {
    const a = { code: 'REFERENTIEL_IMPACT_SUSPECT' as const, message: phraseImpact('f.csv', impact) };
    const b = retraitMassif({ uai: diff(3, 2000) }, { uai: 2500 }, 'f.csv')!;
    const deux = refusPrudent([a, b], 'f.csv');
    expect(deux.code).toBe('REFERENTIEL_IMPACT_SUSPECT');
    expect(deux.details).toEqual({
      fichier: 'f.csv',
      codes: ['REFERENTIEL_IMPACT_SUSPECT', 'REFERENTIEL_BAISSE_SUSPECTE'],
      raisons: [a.message, b.message],
    });
    expect(deux.message).toBe(
      `Import refusé par prudence pour 2 raisons, rien n’a été enregistré. 1) ${a.message} 2) ${b.message} Vérifiez le fichier, ou relancez avec --force si ces changements sont voulus.`,
    );
    const une = refusPrudent([b], 'f.csv');
    expect(une.code).toBe('REFERENTIEL_BAISSE_SUSPECTE');
    expect(une.message).toBe(
      `${b.message} Import refusé par prudence, rien n’a été enregistré ; relancez avec --force si ce retrait est voulu.`,
    );
  });

  it('words the page’s confirmation after the reasons that hold the file', () => {
    const alerte = (code: 'REFERENTIEL_IMPACT_SUSPECT' | 'REFERENTIEL_BAISSE_SUSPECTE') => ({
      code,
      message: '',
    });
    const apercu = (codes: ('REFERENTIEL_IMPACT_SUSPECT' | 'REFERENTIEL_BAISSE_SUSPECTE')[]) =>
      ({ alertes: codes.map(alerte) }) as never;
    const taille = motifsConfirmation(
      raisonsDepot({ apercu: apercu(['REFERENTIEL_BAISSE_SUSPECTE']), erreur: null }),
    );
    expect(taille.malgre).toBe('la taille du fichier, bien plus petit que les données qu’il remplace');
    expect(taille.malgre).not.toContain('impact');
    const impactSeul = motifsConfirmation(
      raisonsDepot({ apercu: apercu(['REFERENTIEL_IMPACT_SUSPECT']), erreur: null }),
    );
    expect(impactSeul.malgre).toBe('leur impact sur les offres');
    // held at application (the data changed since a clean preview): the refusal's codes count
    const tard = raisonsDepot({
      apercu: apercu([]),
      erreur: {
        code: 'REFERENTIEL_IMPACT_SUSPECT',
        message: '',
        codes: ['REFERENTIEL_IMPACT_SUSPECT', 'REFERENTIEL_BAISSE_SUSPECTE'],
      },
    });
    expect(motifsConfirmation(tard).malgre).toBe(
      'leur impact sur les offres et la taille du fichier, bien plus petit que les données qu’il remplace',
    );
    expect(
      raisonsDepot({ apercu: apercu([]), erreur: { code: 'REFERENTIEL_ILLISIBLE', message: '' } }),
    ).toEqual([]);
  });
});

describe('offre referentiel status', () => {
  const run = {
    kind: 'communes',
    jeu: 'communes',
    fichier: '@etalab/decoupage-administratif 4.0.0',
    importe_le: '2026-11-30T10:00:00.000Z',
    run_id: 3,
    lignes_lues: 39000,
    lignes_gardees: 39000,
    lignes_rejetees: 0,
    force: true,
    integree: true,
  };
  it('says a file date is unknown instead of « du ? »', () => {
    const [l] = lignesStatut([{ ...run, date_fichier: null }]);
    expect(l).toContain('date du fichier inconnue');
    expect(l).not.toContain('?');
    // Dates in full, the import time in Paris time (ISO stays in --json).
    const [l2] = lignesStatut([{ ...run, date_fichier: '2026-11-01T00:00:00.000Z' }]);
    expect(l2).toContain('du 1er novembre 2026');
    expect(l2).toContain('importé le 30 novembre 2026 à 11:00');
    expect(l2).not.toMatch(/\d\d\/\d\d\/\d{4}/);
  });

  // Fresh user, 06/12: the columns after the source were not aligned (each line padded its first
  // two cells only). Widths counted as shown: « é » written as e + U+0301 is one column, not two.
  it('aligns its columns, accents and combining accents counted as one character each', () => {
    const lignes = lignesStatut([
      { ...run, date_fichier: null },
      {
        ...run,
        kind: 'acce',
        jeu: 'acce',
        fichier: 'de\u0301monstration (graine 42)',
        integree: false,
        date_fichier: '2026-12-06T00:00:00.000Z',
        lignes_lues: 59,
        lignes_gardees: 59,
      },
      {
        ...run,
        kind: 'rncp',
        jeu: 'rncp',
        fichier: 'export-fiches-rncp-v4-1-2026-11-30.zip',
        integree: false,
        date_fichier: '2026-11-30T00:00:00.000Z',
        lignes_lues: 24,
        lignes_gardees: 20,
        lignes_rejetees: 4,
      },
    ]);
    // The column (in characters seen: grapheme clusters) where each cell of a line starts.
    const graphemes = (t: string) =>
      [...new Intl.Segmenter('fr', { granularity: 'grapheme' }).segment(t)].length;
    const debuts = (l: string, cellules: readonly string[]) =>
      cellules.map((c) => graphemes(l.slice(0, l.indexOf(c))));
    const d0 = debuts(lignes[0]!, [
      'communes',
      'liste intégrée',
      'date du fichier inconnue',
      'importé le',
      '39000/39000',
    ]);
    const d1 = debuts(lignes[1]!, [
      'acce',
      'de\u0301monstration',
      'du 6 décembre 2026',
      'importé le',
      '59/59',
    ]);
    const d2 = debuts(lignes[2]!, [
      'rncp',
      'export-fiches',
      'du 30 novembre 2026',
      'importé le',
      '20/24 lignes, 4 rejetées',
    ]);
    expect(d1).toEqual(d0);
    expect(d2).toEqual(d0);
    expect(d0[0]).toBe(0);
    for (const l of lignes) expect(l).toBe(l.trimEnd());
  });
});
