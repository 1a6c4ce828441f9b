import { describe, expect, it } from 'vitest';
import { diff } from './diff.ts';
import {
  ageJours,
  countLignesFile,
  facettes,
  filterFile,
  type LigneFile,
  mergeDiffs,
  quantile,
  readDiff,
} from './file-validation.ts';

const ligne = (over: Partial<LigneFile>): LigneFile => ({
  id: 'fo_1',
  intitule: 'BTS',
  siren: '130025265',
  organisme: 'CFA',
  catalogue: 'general',
  apprentissage: true,
  nature: 'nouvelle',
  depuis: new Date('2026-11-01T10:00:00Z'),
  inchangee: false,
  departements: ['69'],
  ...over,
});

describe('the validation queue, pure', () => {
  it('tells apart two organismes of the same name in the Organisme filter', () => {
    const f = facettes([
      ligne({ siren: '193100001', organisme: 'Lycée professionnel Marie Curie', departements: ['44'] }),
      ligne({ siren: '194300002', organisme: 'Lycée professionnel Marie Curie', departements: ['43'] }),
      ligne({ siren: '130025265', organisme: 'CFA' }),
    ]);
    expect(f.organismes).toEqual([
      ['130025265', 'CFA'],
      ['194300002', 'Lycée professionnel Marie Curie (43 — Haute-Loire, SIREN 194300002)'],
      ['193100001', 'Lycée professionnel Marie Curie (44 — Loire-Atlantique, SIREN 193100001)'],
    ]);
  });

  it('filters on every criterion and counts what remains', () => {
    const lignes = [
      ligne({ id: 'a' }),
      ligne({ id: 'b', nature: 'revision', catalogue: null, departements: ['01'] }),
      ligne({ id: 'c', siren: '552100554', apprentissage: false, inchangee: true }),
    ];
    expect(filterFile(lignes, { departement: '69' }).map((l) => l.id)).toEqual(['a', 'c']);
    expect(filterFile(lignes, { verdict: 'non_calcule' }).map((l) => l.id)).toEqual(['b']);
    expect(filterFile(lignes, { type: 'autre' }).map((l) => l.id)).toEqual(['c']);
    expect(filterFile(lignes, { organisme: '130025265', nature: 'nouvelle' }).map((l) => l.id)).toEqual([
      'a',
    ]);
    expect(countLignesFile(lignes)).toEqual({
      total: 3,
      nouvelles: 2,
      revisions: 1,
      inchangees: 1,
      parVerdict: { general: 2, non_calcule: 1 },
    });
  });

  it('reads ages in whole days and quantiles by nearest rank', () => {
    expect(ageJours(new Date('2026-11-01T10:00:00Z'), new Date('2026-11-03T09:59:00Z'))).toBe(1);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('reads a diff as fields and sessions added, removed or changed', () => {
    const avant = {
      intitule: 'A',
      sessions: [
        { id: 's1', debut: '2026-09-01' },
        { id: 's2', debut: '2026-10-01' },
      ],
    };
    const apres = {
      intitule: 'B',
      sessions: [
        { id: 's1', debut: '2026-09-02' },
        { id: 's3', debut: '2027-09-01' },
      ],
    };
    const lu = readDiff(diff(avant, apres));
    expect(lu.champs).toEqual([{ champ: 'intitule', avant: 'A', apres: 'B' }]);
    expect(lu.sessions.map((s) => [s.id, s.etat])).toEqual([
      ['s1', 'modifiee'],
      ['s2', 'supprimee'],
      ['s3', 'ajoutee'],
    ]);
    expect(lu.sessions[0]!.champs).toEqual([{ champ: 'debut', avant: '2026-09-01', apres: '2026-09-02' }]);
  });

  it('folds successive diffs, dropping a field that came back to its first value', () => {
    expect(
      mergeDiffs([
        [
          { champ: 'intitule', avant: 'A', apres: 'B' },
          { champ: 'url', avant: null, apres: 'x' },
        ],
        [
          { champ: 'intitule', avant: 'B', apres: 'C' },
          { champ: 'url', avant: 'x', apres: null },
        ],
      ]),
    ).toEqual([{ champ: 'intitule', avant: 'A', apres: 'C' }]);
  });
});
