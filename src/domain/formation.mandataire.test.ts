import { describe, expect, it } from 'vitest';
import type { Acteur } from './acteur.ts';
import { mandataireSien, refusMandataire } from './formation.ecriture.ts';

// The mandataire of a conventionné action (formation.ecriture.ts): one rule for the form and the
// writes (API, LHEO, workbook), each saying it in its own words with the same reason.

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

describe('refusMandataire', () => {
  it('refuses another structure’s establishment, 403 on mandataire.siret, in the form’s words', () => {
    const e = refusMandataire(organisme, { siret: AUTRE }, 'formulaire');
    expect(e).toMatchObject({ code: 'ACCES_REFUSE', status: 403, details: { champ: 'mandataire.siret' } });
    expect(e!.message).toBe(
      'Mandataire : le SIRET 552 100 554 00013 n’est pas un établissement de votre structure (SIREN 130025265). Seul le titulaire du marché saisit l’action sous son mandat : choisissez l’un de vos établissements, ou « Aucun ».',
    );
  });

  it('says it as the other write refusals for the API, LHEO and the workbook, with the same reason', () => {
    const e = refusMandataire(cle, { siret: '552 100 554 00013' }, 'ecriture');
    expect(e).toMatchObject({ code: 'ACCES_REFUSE', status: 403, details: { champ: 'mandataire.siret' } });
    expect(e!.message).toBe(
      'Votre accès est limité au SIREN 130025265 : le mandataire indiqué (SIREN 552100554) n’en fait pas partie. Seul le titulaire du marché saisit l’action sous son mandat : indiquez l’un de vos établissements comme mandataire, ou aucun.',
    );
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
      expect(refusMandataire(organisme, m, 'formulaire')).toBeNull();
    expect(refusMandataire(gestionnaire, { siret: AUTRE }, 'ecriture')).toBeNull();
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
