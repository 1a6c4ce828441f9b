import { describe, expect, it } from 'vitest';
import { retraitDeDiffusion } from './retrait.ts';

const echec = (code: string, severite: string) => ({
  code,
  message: `${code} en échec`,
  resultat: 'echec',
  severite,
});
const nonReglementaire = {
  verdict: { catalogue: 'non_reglementaire' },
  revision: [
    echec('FORM_APPRENTISSAGE', 'bloquant'),
    echec('FORM_INTITULE', 'alerte'),
    { ...echec('SESSION_DATES', 'bloquant'), resultat: 'succes' },
  ],
};

describe('retraitDeDiffusion', () => {
  it('lists only the failing blocking rules of a revision that would take a diffused offer out', () => {
    expect(retraitDeDiffusion({ statut: 'publiee', catalogue: 'general' }, nonReglementaire)).toEqual([
      { code: 'FORM_APPRENTISSAGE', message: 'FORM_APPRENTISSAGE en échec' },
    ]);
  });

  it('is empty for an offer not diffused, already out, or a revision that stays in the catalogue', () => {
    expect(
      retraitDeDiffusion({ statut: 'en_attente_validation', catalogue: 'general' }, nonReglementaire),
    ).toEqual([]);
    expect(
      retraitDeDiffusion({ statut: 'publiee', catalogue: 'non_reglementaire' }, nonReglementaire),
    ).toEqual([]);
    expect(
      retraitDeDiffusion(
        { statut: 'publiee', catalogue: 'general' },
        { ...nonReglementaire, verdict: { catalogue: 'general' } },
      ),
    ).toEqual([]);
    expect(retraitDeDiffusion({ statut: 'publiee', catalogue: 'general' }, null)).toEqual([]);
  });
});
