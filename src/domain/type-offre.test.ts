import { describe, expect, it } from 'vitest';
import { contexte, formation, session } from './regles/regles.fixture.ts';
import { checkFormation, deriver, REGLES } from './regles/regles.ts';
import { mentionContrat, typesOffre } from './type-offre.ts';

// Offer types (issue 12 item 1): derived from the data, and the rules follow them.

const contact = { type: 'autre', nom: 'M. Martin', telephone: '0473000000', courriel: null };
/** A Région-financed action, not apprenticeship (Auvergne guide): no apprenticeship year, no Qualiopi apprentissage. */
const conventionnee = formation({
  contrat_apprentissage: false,
  contrat_professionnalisation: false,
  formation_continue: true,
  annees_apprentissage: [],
  duree_annees: 1,
  financeurs: ['region'],
  sessions: [
    session({
      financeur: 'region',
      numero_marche: 'M1451401',
      contact,
      debut: '2026-09-01',
      fin: '2027-02-28',
    }),
  ],
});

describe('typesOffre', () => {
  it('reads the type from the modalités and the funders', () => {
    expect(typesOffre(formation())).toEqual(['apprentissage']);
    expect(typesOffre(conventionnee)).toEqual(['conventionne']);
    expect(typesOffre({ ...conventionnee, contrat_apprentissage: true })).toEqual([
      'apprentissage',
      'conventionne',
    ]);
    // The OPCO funds apprenticeship: not a public market.
    expect(typesOffre(formation({ contrat_apprentissage: false, financeurs: ['opco'] }))).toEqual([
      'apprentissage',
    ]);
    // A session funder alone suffices.
    expect(
      typesOffre({ contrat_apprentissage: false, financeurs: [], sessions: [{ financeur: 'agefiph' }] }),
    ).toEqual(['conventionne']);
  });
});

describe('rules follow the offer type', () => {
  it('every rule names its types; CONV_* are conventionné, FORM_APPRENTISSAGE apprenticeship', () => {
    const types = Object.fromEntries(REGLES.map((r) => [r.code, r.types]));
    expect(types.FORM_APPRENTISSAGE).toEqual(['apprentissage']);
    expect(types.ORG_QUALIOPI_APPRENTISSAGE).toEqual(['apprentissage']);
    expect(types.FORM_PREMIERE_ANNEE).toEqual(['apprentissage']);
    expect(types.CONV_MARCHE).toEqual(['conventionne']);
    expect(types.SESSION_DATES).toEqual(['apprentissage', 'conventionne']);
  });

  it('a conventionné action that is not apprenticeship is in the Catalogue général', () => {
    const r = checkFormation(conventionnee, contexte());
    const de = (code: string) => r.filter((x) => x.code === code);
    expect(de('FORM_APPRENTISSAGE')).toMatchObject([{ resultat: 'non_applicable' }]);
    expect(de('FORM_APPRENTISSAGE')[0]!.message).toContain('apprentissage');
    expect(de('CONV_MARCHE')).toMatchObject([{ resultat: 'passe' }]);
    expect(r.filter((x) => x.resultat === 'echec')).toEqual([]);
    expect(deriver(r).catalogue).toBe('general');
  });

  it('the same action as apprenticeship offer still fails FORM_APPRENTISSAGE', () => {
    const r = checkFormation({ ...conventionnee, financeurs: [], sessions: [session()] }, contexte());
    expect(r.find((x) => x.code === 'FORM_APPRENTISSAGE')?.resultat).toBe('echec');
    expect(deriver(r).catalogue).toBe('non_reglementaire');
  });

  it('the conventionné rules still bite a conventionné action', () => {
    const sansMarche = { ...conventionnee, sessions: [session({ financeur: 'region', contact })] };
    const r = checkFormation(sansMarche, contexte());
    expect(r.find((x) => x.code === 'CONV_MARCHE')?.resultat).toBe('echec');
    expect(deriver(r).catalogue).toBe('non_reglementaire');
  });
});

describe('mentionContrat', () => {
  it('derives the mention of the Auvergne guide from the modalités', () => {
    expect(mentionContrat({ contrat_apprentissage: true, contrat_professionnalisation: false })).toBe(
      "Contrat d'apprentissage possible",
    );
    expect(mentionContrat({ contrat_apprentissage: false, contrat_professionnalisation: true })).toBe(
      'Contrat de professionnalisation possible',
    );
    expect(mentionContrat({ contrat_apprentissage: true, contrat_professionnalisation: true })).toBe(
      'Contrat de professionnalisation ou Apprentissage possible',
    );
    expect(mentionContrat({ contrat_apprentissage: false, contrat_professionnalisation: null })).toBeNull();
  });
});
