import { describe, expect, it } from 'vitest';
import { recrutementDeCarte } from './diffusion.ts';

// What a search card says of a formation's recruitment (domain/diffusion.ts), on 15/07/2029.
const JOUR = '2029-07-15';
const s = (fin: string, etat_recrutement: 'ouvert' | 'suspendu' | 'ferme') => ({ fin, etat_recrutement });

describe('recrutementDeCarte', () => {
  it('open wins, then suspended; an ended session never counts as open', () => {
    expect(recrutementDeCarte([s('2028-06-30', 'ouvert'), s('2030-06-30', 'suspendu')], JOUR).etat).toBe(
      'suspendu',
    );
    expect(recrutementDeCarte([s('2030-06-30', 'ferme'), s('2030-06-30', 'ouvert')], JOUR).etat).toBe(
      'ouvert',
    );
  });
  it('every session ended: ended, plural when several; none open and not all ended: closed', () => {
    expect(recrutementDeCarte([s('2028-06-30', 'ouvert')], JOUR)).toEqual({
      etat: 'terminee',
      plusieurs: false,
    });
    expect(recrutementDeCarte([s('2028-06-30', 'ouvert'), s('2029-07-14', 'ferme')], JOUR)).toEqual({
      etat: 'terminee',
      plusieurs: true,
    });
    expect(recrutementDeCarte([s('2028-06-30', 'ouvert'), s('2030-06-30', 'ferme')], JOUR).etat).toBe(
      'ferme',
    );
    expect(recrutementDeCarte([], JOUR).etat).toBe('ferme');
  });
});
