import { describe, expect, it } from 'vitest';
import type { Acteur } from './acteur.ts';
import { mandataireEtranger, mandataireSien } from './formation.ecriture.ts';

// The mandataire of a conventionné action (formation.ecriture.ts): one decision for the form and
// the writes (API, LHEO, workbook), each channel saying it in its own words with the same reason
// (the writes' words: test/api/mandataire-etranger.test.ts, test/lheo/mandataire-refus.test.ts).

const SIREN = '130025265';
const SIEN = '13002526500013';
const AUTRE = '55210055400013';
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u',
  email: 'u@x.fr',
  nom: 'U',
  role: 'organisme',
  siren: SIREN,
  regions: [],
  academies: [],
};
const cle: Acteur = { kind: 'cle', id: 'k', name: 'k', scope: 'write', siren: SIREN };
const gestionnaire: Acteur = { ...organisme, role: 'gestionnaire', siren: null, regions: ['84'] };

describe('mandataireEtranger', () => {
  it('refuses another structure’s establishment: its SIRET, blanks removed, and the writer’s SIREN', () => {
    expect(mandataireEtranger(organisme, { siret: AUTRE })).toEqual({ siret: AUTRE, sirenLie: SIREN });
    expect(mandataireEtranger(cle, { siret: '552 100 554 00013' })).toEqual({
      siret: AUTRE,
      sirenLie: SIREN,
    });
  });

  it('lets through the writer’s own, none, a malformed SIRET (its field says so) and writers bound to no SIREN', () => {
    for (const m of [
      { siret: SIEN },
      { siret: '130 025 265 00013' },
      null,
      undefined,
      { siret: '' },
      { siret: '123' },
    ])
      expect(mandataireEtranger(organisme, m)).toBeNull();
    expect(mandataireEtranger(gestionnaire, { siret: AUTRE })).toBeNull();
  });
});

describe('mandataireSien', () => {
  it('is the SIRET, blanks removed, of the writer’s own mandataire; null for another’s or a malformed one', () => {
    expect(mandataireSien(organisme, { siret: '130 025 265 00013' })).toBe(SIEN);
    expect(mandataireSien(organisme, { siret: AUTRE })).toBeNull();
    expect(mandataireSien(organisme, { siret: '123' })).toBeNull();
    expect(mandataireSien(organisme, null)).toBeNull();
    expect(mandataireSien(gestionnaire, { siret: AUTRE })).toBe(AUTRE);
  });
});
