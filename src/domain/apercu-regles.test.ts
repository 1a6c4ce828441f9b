import { describe, expect, it } from 'vitest';
import { devientNonDiffusable, phraseNonDiffusables, type ReglesModifiee } from './apercu-regles.ts';

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
