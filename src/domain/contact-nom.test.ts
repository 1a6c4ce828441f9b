import { describe, expect, it } from 'vitest';
import { contactsSansNom, referentsSansNomNouveaux } from './contact-nom.ts';

describe('contacts without a name', () => {
  it('finds a telephone or a courriel without a name, blank names included; the référent handicap said so', () => {
    const r = contactsSansNom([
      { type: 'pedagogique', nom: 'Claire Martin', telephone: null, courriel: 'c@cfa.example' },
      { type: 'referent_handicap', nom: '  ', telephone: '02 40 00 00 00', courriel: null },
      { type: 'accueil', nom: null, telephone: null, courriel: 'accueil@cfa.example' },
      { type: 'autre', nom: null, telephone: ' ', courriel: null },
    ]);
    expect(r.map((x) => [x.index, x.referentHandicap])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(r[0]!.message).toMatch(/^le référent handicap a un téléphone ou un courriel mais pas de nom/);
  });

  it('for the API: only a référent handicap without a name the formation does not already have', () => {
    const sansNom = { type: 'referent_handicap', nom: null, telephone: '02 40 00 00 00', courriel: null };
    const accueil = { type: 'accueil', nom: null, telephone: '02 40 00 00 01', courriel: null };
    expect(referentsSansNomNouveaux([accueil, sansNom], []).map((c) => c.index)).toEqual([1]);
    expect(referentsSansNomNouveaux([sansNom], [{ ...sansNom, nom: '' }])).toEqual([]);
    expect(
      referentsSansNomNouveaux([{ ...sansNom, telephone: '02 40 00 00 09' }], [sansNom]).map((c) => c.index),
    ).toEqual([0]);
  });
});
