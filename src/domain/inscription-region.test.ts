import { describe, expect, it } from 'vitest';
import { motifDecision, refusHorsRegions, regionsDeDecision } from './inscription-region.ts';

const vide = { etablissements: [], offres: [], organismes: [] };

describe('regionsDeDecision', () => {
  it('takes every région where the SIREN is, never the requested one then', () => {
    const d = regionsDeDecision({ ...vide, etablissements: ['43157'] }, '52');
    expect(d).toEqual({ regions: ['84'], selon: 'lieux', ecart: true });
    expect(
      regionsDeDecision({ etablissements: ['44109', '69123'], offres: ['84'], organismes: [null] }, '84'),
    ).toEqual({ regions: ['52', '84'], selon: 'lieux', ecart: false });
    expect(regionsDeDecision({ ...vide, offres: ['11'], organismes: ['97411'] }, null).regions).toEqual([
      '04',
      '11',
    ]);
  });

  it('falls back on the requested région for a SIREN nothing knows', () => {
    expect(regionsDeDecision({ ...vide, etablissements: [null, 'xx'] }, '52')).toEqual({
      regions: ['52'],
      selon: 'demande',
      ecart: false,
    });
    expect(regionsDeDecision(vide, null).regions).toEqual([]);
  });

  it('says in French who decides', () => {
    const d = regionsDeDecision({ ...vide, etablissements: ['43157'] }, '52');
    expect(refusHorsRegions('CFA Le Puy', d)).toBe(
      'L’inscription de CFA Le Puy relève des gestionnaires de la région Auvergne-Rhône-Alpes, où se trouve ce SIREN (établissements actifs selon Sirene, offres, organismes) : vous n’en êtes pas gestionnaire.',
    );
    expect(motifDecision(d, '52')).toContain(
      'Attention : la région demandée, Pays de la Loire, n’en fait pas partie',
    );
    expect(refusHorsRegions('X', regionsDeDecision(vide, null))).toContain('seul un administrateur');
  });
});
