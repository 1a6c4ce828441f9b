import { describe, expect, it } from 'vitest';
import { OffreError } from '../../domain/errors.ts';
import { anneeCampagne } from './annee-campagne.ts';

const refus = (f: () => unknown): OffreError => {
  try {
    f();
  } catch (e) {
    if (e instanceof OffreError) return e;
    throw e;
  }
  throw new Error('not refused');
};

// A campaign year named by a page's address: refused in a sentence echoing the value, cut as the
// API's refusals cut it (issue-zod.mots.ts `extrait`), and refused on its field when the query gives it twice.
describe('a campaign year from a page’s address', () => {
  it('takes four digits', () => {
    expect(anneeCampagne('2026', 'annee', 'params')).toBe(2026);
  });
  it('echoes a value the API would echo whole, and cuts a longer one where the API stops echoing', () => {
    const e = refus(() => anneeCampagne('2026-2027-2028-2029-2030', 'annee', 'params'));
    expect(e.code).toBe('CAMPAGNE_INVALIDE');
    expect(e.message).toBe(
      'L’année de campagne « 2026-2027-2028-2029-2030 » n’est pas une année : quatre chiffres attendus (AAAA, ex. 2026).',
    );
    expect(refus(() => anneeCampagne('9'.repeat(41), 'annee', 'params')).message).toContain(
      `« ${'9'.repeat(40)}… »`,
    );
  });
  it('refuses a query parameter given twice on its field (PARAMETRE_REPETE)', () => {
    const e = refus(() => anneeCampagne(['2026', '2027'], 'annee', 'querystring'));
    expect(e.code).toBe('PARAMETRE_REPETE');
    expect(e.details).toEqual({ champ: 'annee' });
    expect(e.message).toBe('Le paramètre « annee » est donné plusieurs fois : donnez-le une seule fois.');
  });
});
