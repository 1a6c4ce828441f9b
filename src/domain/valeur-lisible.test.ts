import { describe, expect, it } from 'vitest';
import { valeurRapport } from '../formats/lheo/lheo.rapport.ts';
import { lignesHistorique } from '../http/web/espace/historique.ts';
import { diff } from './diff.ts';
import { lieuEtRecrutement, valeurHistorique } from './valeur-lisible.ts';

// A fresh user's report (05/12): a formation's « Historique » showed « SIRET du responsable : vide →
// 93191000400049 » where every other page groups a SIRET (« 931 910 004 00049 », siretLisible).
// The history, the gestionnaire's review and the LHEO report (page, CSV, command line) read a
// SIRET through valeurHistorique: grouped there too.

describe('a SIRET as the history and the LHEO report read it', () => {
  it('groups a SIRET changed on its own, of whichever organisme', () => {
    for (const champ of ['responsable.siret', 'formateur.siret', 'mandataire.siret'])
      expect(valeurHistorique(champ, '93191000400049')).toBe('931 910 004 00049');
    // Anything else than 14 digits is quoted as stored.
    expect(valeurHistorique('responsable.siret', '9319100040004')).toBe('9319100040004');
  });

  it('in the history’s lines and the LHEO report’s values', () => {
    const lignes = lignesHistorique(
      diff({ responsable: { siret: null } }, { responsable: { siret: '93191000400049' } }),
    );
    expect(lignes.map((l) => `${l.champ} : ${l.avant} → ${l.apres}`)).toEqual([
      'SIRET du responsable : vide → 931 910 004 00049',
    ]);
    expect(valeurRapport('formateur.siret', '93191000400049')).toBe('931 910 004 00049');
  });
});

describe('a session’s place in the history and the review (lieuEtRecrutement)', () => {
  it('writes the postal line as every page does: a CEDEX line replaces « code postal + commune »', () => {
    expect(
      lieuEtRecrutement({
        lieu: { code_postal: '53063', commune: 'Laval', cedex: 'CEDEX 9' },
        etat_recrutement: 'ouvert',
      }),
    ).toBe('53063 LAVAL CEDEX 9, recrutement ouvert');
    expect(lieuEtRecrutement({ lieu: { code_postal: '53000', commune: 'Laval' } })).toBe('53000 Laval');
  });
});
