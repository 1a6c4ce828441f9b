import { describe, expect, it } from 'vitest';
import {
  comptesParCode,
  creeeNonDiffusable,
  devientNonDiffusable,
  ligneCompteRegle,
  lignesRegles,
  phraseComptesRegles,
  phraseCreeesNonDiffusables,
  phraseNonDiffusables,
  type ReglesModifiee,
  reglesCreation,
} from './apercu-regles.ts';

describe('« deviendrait non diffusable » (the preview)', () => {
  const regles: ReglesModifiee = {
    publiee: true,
    introduites: [],
    levees: [],
    catalogue_avant: 'general',
    catalogue_apres: 'non_reglementaire',
  };
  it('only a published offer, diffused today, would stop being diffused', () => {
    expect(devientNonDiffusable(regles)).toBe(true);
    // A draft or an offer awaiting its first validation is not diffused: nothing to stop.
    expect(devientNonDiffusable({ ...regles, publiee: false })).toBe(false);
    expect(devientNonDiffusable({ ...regles, catalogue_avant: 'non_reglementaire' })).toBe(false);
    expect(devientNonDiffusable(undefined)).toBe(false);
  });
});

describe('the sentence of the formations that would leave the diffusion', () => {
  it('speaks of the file and its formations (LHEO), of the workbook and its rows', () => {
    expect(phraseNonDiffusables(2)).toContain(
      'corrigez le fichier avant d’appliquer (règles et messages de chaque formation ci-dessous)',
    );
    expect(phraseNonDiffusables(1, 'ligne')).toMatch(
      /^1 formation mise à jour deviendrait non diffusable .*corrigez le classeur avant d’appliquer \(règles et messages de chaque ligne ci-dessous\)\.$/,
    );
  });
});

describe('a formation the import would create (the preview)', () => {
  const siret = {
    code: 'ORG_SIRET_FORMAT',
    champ: 'formateur.siret',
    severite: 'bloquant' as const,
    message: 'm',
  };
  it('has the shape of an update: every failure introduced, none cleared, no catalogue before', () => {
    const r = reglesCreation([siret], 'non_reglementaire');
    expect(r).toEqual({
      publiee: false,
      introduites: [siret],
      levees: [],
      catalogue_avant: null,
      catalogue_apres: 'non_reglementaire',
    });
    expect(creeeNonDiffusable(r)).toBe(true);
    // Not diffused today: never « deviendrait non diffusable ».
    expect(devientNonDiffusable(r)).toBe(false);
    expect(creeeNonDiffusable(reglesCreation([], 'general'))).toBe(false);
    // An update is never a creation.
    expect(creeeNonDiffusable({ ...r, catalogue_avant: 'general' })).toBe(false);
    expect(lignesRegles(r)).toEqual(['! Règle bloquante introduite : ORG_SIRET_FORMAT : m']);
  });

  it('says how many would not be diffusable, of the file or of the workbook', () => {
    expect(phraseCreeesNonDiffusables(1)).toMatch(
      /^1 formation créée ne serait pas diffusable \(Non réglementaire\) : une règle bloquante échouerait\. Même publiée, elle .*corrigez le fichier avant d’appliquer \(règles et messages de chaque formation ci-dessous\)\.$/,
    );
    expect(phraseCreeesNonDiffusables(12, 'ligne')).toMatch(
      /^12 formations créées ne seraient pas diffusables .*Même publiées, elles .*corrigez le classeur avant d’appliquer \(règles et messages de chaque ligne ci-dessous\)\.$/,
    );
  });
});

describe('the blocking rules counted by code (every formation of the file)', () => {
  const r = (code: string, champ: string) => ({ code, champ, severite: 'bloquant' as const, message: code });
  it('counts each formation once per code, introduced and cleared apart, by code', () => {
    const comptes = comptesParCode([
      // Both roles fail the same rule: one formation.
      reglesCreation(
        [r('ORG_SIRET_FORMAT', 'formateur.siret'), r('ORG_SIRET_FORMAT', 'responsable.siret')],
        'non_reglementaire',
      ),
      {
        publiee: true,
        introduites: [r('CERT_EXPIREE', 'certification')],
        levees: [r('ORG_SIRET_FORMAT', 'formateur.siret')],
        catalogue_avant: 'non_reglementaire',
        catalogue_apres: 'non_reglementaire',
      },
    ]);
    expect(comptes).toEqual([
      { code: 'CERT_EXPIREE', introduites: 1, levees: 0 },
      { code: 'ORG_SIRET_FORMAT', introduites: 1, levees: 1 },
    ]);
    expect(comptes.map(ligneCompteRegle)).toEqual([
      'CERT_EXPIREE : introduite dans 1 formation',
      'ORG_SIRET_FORMAT : introduite dans 1 formation, levée dans 1 formation',
    ]);
    expect(phraseComptesRegles(100)).toContain(
      '(chaque liste s’arrête aux 100 premières) ; le rapport complet (CSV)',
    );
    expect(phraseComptesRegles(20, false)).not.toContain('rapport complet');
  });
});
