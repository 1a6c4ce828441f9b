import { describe, expect, it } from 'vitest';
import { resultatDe } from './imports.libelles.ts';

// The « Résultat » column of a workbook import: a change that will await validation is not « Modifiée ».
describe('the result of a workbook row', () => {
  it('gives a change or a closing awaiting validation its own label', () => {
    expect(resultatDe({ verdict: 'modifiee', a_valider: true }).libelle).toBe('Modification à valider');
    expect(resultatDe({ verdict: 'fermee', a_valider: true }).libelle).toBe('Fermeture à valider');
    expect(resultatDe({ verdict: 'modifiee', a_valider: false }).libelle).toBe('Modifiée');
    // A report stored before a_valider existed.
    expect(resultatDe({ verdict: 'fermee' }).libelle).toBe('Fermée');
  });
});
