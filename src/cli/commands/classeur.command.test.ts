import { describe, expect, it } from 'vitest';
import { rapportDe } from '../../formats/classeur/classeur.report.ts';
import { renderRapportClasseur } from './classeur.command.ts';

// `offre import classeur`'s text report: a new row, once applied, names the formation it created
// (its reference cell was empty: nothing else tells the user where the row went).

describe('offre import classeur, the report as text', () => {
  const nouvelle = {
    ligne: 7,
    reference: null,
    intitule: 'Vendeur conseil',
    verdict: 'nouvelle' as const,
    champs: [],
    erreurs: [],
    avertissements: [],
  };

  it('names the formation a new row created', () => {
    const r = rapportDe([{ ...nouvelle, formation_creee: 'fo_01abc' }]);
    expect(renderRapportClasseur(r, false, null)).toContain(
      '  ligne 7 « Vendeur conseil » : nouvelle — formation créée : fo_01abc\n',
    );
  });

  it('a preview has none to name', () => {
    expect(renderRapportClasseur(rapportDe([nouvelle]), true, null)).toContain(
      '  ligne 7 « Vendeur conseil » : nouvelle\n',
    );
  });
});
