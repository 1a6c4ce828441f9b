import { describe, expect, it } from 'vitest';
import type { Acteur } from './acteur.ts';
import { etablissementsAVerifier, refusEtablissements } from './etablissement-reconnu.ts';

// An establishment a SIREN-bound writer names outside its SIREN, unknown to the store and to every
// reference, under another structure's known SIREN: refused (ETABLISSEMENT_NON_RECONNU).

const SIEN = '13002526500013';
const AUTRE_SIREN = '552100554';
const INVENTE = '55210055400099';
const cle = (siren: string | null, scope: 'write' | 'admin' = 'write'): Acteur => ({
  kind: 'cle',
  id: 'k',
  name: 'k',
  scope,
  siren,
});
const rien = { has: () => false };

describe('etablissementsAVerifier', () => {
  it('keeps, once each, the establishments of another SIREN that the store does not hold', () => {
    const a = etablissementsAVerifier(
      cle('130025265'),
      {
        responsable: { siret: SIEN },
        formateur: { siret: '552 100 554 00099' },
        mandataire: { siret: INVENTE },
      },
      rien,
    );
    expect(a).toEqual([{ role: 'formateur', libelle: 'Organisme formateur', siret: INVENTE }]);
  });

  it('looks nothing up for a stored establishment, nor for a writer bound to no SIREN', () => {
    expect(
      etablissementsAVerifier(cle('130025265'), { formateur: { siret: INVENTE } }, new Set([INVENTE])),
    ).toEqual([]);
    expect(etablissementsAVerifier(cle(null, 'admin'), { formateur: { siret: INVENTE } }, rien)).toEqual([]);
  });
});

describe('refusEtablissements', () => {
  const aVerifier = etablissementsAVerifier(
    cle('130025265'),
    { responsable: { siret: INVENTE }, formateur: { siret: '99999999900011' } },
    rien,
  );

  it('refuses one unknown to the references under a known SIREN, naming its field', () => {
    const e = refusEtablissements(aVerifier, { reconnus: new Set(), sirensConnus: new Set([AUTRE_SIREN]) });
    expect(e?.code).toBe('ETABLISSEMENT_NON_RECONNU');
    expect(e?.status).toBe(422);
    expect(e?.details.champ).toBe('responsable.siret');
    expect(e?.message).toContain('Organisme responsable : le SIRET 552 100 554 00099 n’est connu ni d’Offre');
    expect(e?.message).toContain('Rien n’a été enregistré.');
    expect(e?.details.erreurs).toHaveLength(1);
  });

  it('lets through one a reference knows, and one under a SIREN Offre does not know', () => {
    expect(
      refusEtablissements(aVerifier, { reconnus: new Set([INVENTE]), sirensConnus: new Set([AUTRE_SIREN]) }),
    ).toBeNull();
    expect(refusEtablissements(aVerifier, { reconnus: new Set(), sirensConnus: new Set() })).toBeNull();
  });
});
