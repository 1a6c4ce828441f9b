import { describe, expect, it } from 'vitest';
import {
  coherenceCommune,
  isValidCfd,
  isValidCodeInsee,
  isValidCodePostal,
  isValidCodeRncp,
  isValidNda,
  isValidSiren,
  isValidSiret,
  isValidUai,
  luhnComplete,
  messageSirenInvalide,
  messageSiretInvalide,
  normalizeCodeRncp,
  organismeLisible,
  restoreCfd,
  siretInvalide,
  siretLisible,
  siretsSaisis,
  uaiCheckLetter,
} from './identifiants.ts';

describe('SIREN / SIRET', () => {
  it('accepts Luhn-valid numbers and refuses the others', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
    expect(isValidSiret(null)).toBe(false);
  });

  // Tester (05/12, LOW): 000000000 passes Luhn (a sum of 0) but is nobody's SIREN.
  it('refuses an all-zero SIREN or SIRET, though its Luhn sum is 0', () => {
    expect(isValidSiren('000000000')).toBe(false);
    expect(isValidSiret('00000000000000')).toBe(false);
    // A SIREN starting with zeros stays valid when its digits are not all zeros.
    expect(isValidSiren('000000018')).toBe(true);
  });

  it('applies the La Poste exception: SIREN 356000000, digit sum multiple of 5', () => {
    expect(isValidSiret('35600000000048')).toBe(true); // head office, Luhn-valid
    // digit sum 21, not Luhn
    expect(isValidSiret('35600000000016')).toBe(false);
    // digit sum 3+5+6+1+0 = 15: valid for La Poste although Luhn fails
    const laPoste = '35600000000100';
    expect(isValidSiret(laPoste)).toBe(true);
    expect(isValidSiret(laPoste.replace(/^356/, '357'))).toBe(false);
    expect(isValidSiret(luhnComplete('3560000000123'))).toBe(true);
  });

  // A tester's report: « 832 420 004 00026 » in the sign-up's SIRET list was split on its spaces.
  it('reads a typed list of SIRETs: one per line, or commas / semicolons; blanks inside ignored; each once', () => {
    expect(siretsSaisis('832 420 004 00026\r\n8324 2000 400018\n\n')).toEqual([
      '83242000400026',
      '83242000400018',
    ]);
    expect(siretsSaisis('83242000400026, 83242000400018 ; 832\u00a0420\u00a0004\u00a000026;')).toEqual([
      '83242000400026',
      '83242000400018',
    ]);
    expect(siretsSaisis('  ')).toEqual([]);
    expect(siretsSaisis(undefined)).toEqual([]);
  });
});

describe('UAI', () => {
  it('checks the letter at number mod 23', () => {
    expect(uaiCheckLetter('0010001')).toBe('w');
    expect(isValidUai('0010001W')).toBe(true);
    expect(isValidUai('0010001X')).toBe(false);
    expect(isValidUai('001000W')).toBe(false);
  });
});

describe('CFD, RNCP, NDA', () => {
  it('validates the 8-character CFD and restores a lost leading zero', () => {
    expect(isValidCfd('50022326')).toBe(true);
    expect(isValidCfd('1703430A')).toBe(true);
    expect(isValidCfd('1022001')).toBe(false);
    expect(restoreCfd('1022001')).toBe('01022001');
    expect(restoreCfd(' 56m23202 ')).toBe('56M23202');
    expect(restoreCfd('')).toBeNull();
  });

  it('validates and normalises RNCP/RS codes', () => {
    expect(isValidCodeRncp('RNCP34825')).toBe(true);
    expect(isValidCodeRncp('RS5841')).toBe(true);
    expect(isValidCodeRncp('34825')).toBe(false);
    expect(normalizeCodeRncp('rncp 34825')).toBe('RNCP34825');
    expect(normalizeCodeRncp('34825')).toBe('RNCP34825');
  });

  it('validates the NDA (11 digits)', () => {
    expect(isValidNda('11755555575')).toBe(true);
    expect(isValidNda('1175555557')).toBe(false);
    expect(isValidNda('1175555557A')).toBe(false);
  });
});

describe('postal code ↔ INSEE commune', () => {
  const communes = [
    { code_insee: '01004', code_postal: '01500', nom: 'Ambérieu-en-Bugey' },
    { code_insee: '01007', code_postal: '01500', nom: 'Ambronay' },
    { code_insee: '75101', code_postal: '75001', nom: 'Paris 1er Arrondissement' },
  ];
  it('accepts a consistent place and says why an inconsistent one is refused', () => {
    expect(isValidCodePostal('01500')).toBe(true);
    expect(isValidCodeInsee('2A004')).toBe(true);
    expect(isValidCodeInsee('2C004')).toBe(false);
    expect(
      coherenceCommune({ code_postal: '01500', code_insee: '01004', commune: 'AMBERIEU EN BUGEY' }, communes)
        .ok,
    ).toBe(true);
    expect(coherenceCommune({ code_postal: '75001', commune: 'Paris' }, communes).ok).toBe(true);
    expect(coherenceCommune({ code_postal: '01500', code_insee: '75101' }, communes)).toEqual({
      ok: false,
      raison: 'insee_hors_code_postal',
    });
    expect(coherenceCommune({ code_postal: '99999' }, communes)).toEqual({
      ok: false,
      raison: 'code_postal_inconnu',
    });
    expect(coherenceCommune({ code_postal: '1500' }, communes)).toEqual({
      ok: false,
      raison: 'format_code_postal',
    });
    expect(
      coherenceCommune({ code_postal: '01500', code_insee: '01004', commune: 'Lyon' }, communes),
    ).toEqual({ ok: false, raison: 'nom_different' });
  });
});

describe('an organisme as a person reads it', () => {
  it('names it by its raison sociale, the SIRET in groups; the SIRET alone without a name', () => {
    expect(siretLisible('12345678900011')).toBe('123 456 789 00011');
    expect(organismeLisible('12345678900011', ' ACME FORMATION ')).toBe(
      'ACME FORMATION (SIRET 123 456 789 00011)',
    );
    expect(organismeLisible('12345678900011', null)).toBe('SIRET 123 456 789 00011');
    expect(organismeLisible('1234', '')).toBe('SIRET 1234');
  });
});

// User pass of 05/12: a 14-digit SIRET whose key is wrong was told « n’est pas valide (14 chiffres) »
// by the form, as if its length were the fault. One wording, for forms, the API and ORG_SIRET_FORMAT.
describe('why a SIRET is not one', () => {
  it('names the fault: the key, the length, the zeros; null for a valid SIRET', () => {
    expect(siretInvalide('13002526500013')).toBeNull();
    expect(siretInvalide('13002526500014')).toEqual({
      siret: '130 025 265 00014',
      defaut: 'a 14 chiffres mais sa clé de contrôle est fausse',
    });
    expect(siretInvalide('12345')).toEqual({ siret: '« 12345 »', defaut: 'a 5 chiffres au lieu de 14' });
    expect(siretInvalide('1300252650001A')).toEqual({
      siret: '« 1300252650001A »',
      defaut: 'n’est pas fait de 14 chiffres',
    });
    expect(siretInvalide('00000000000000')?.defaut).toBe('n’est fait que de zéros');
  });

  it('says it in one sentence, the SIRET grouped for reading', () => {
    expect(messageSiretInvalide('13002526500014')).toBe(
      'Le SIRET 130 025 265 00014 a 14 chiffres mais sa clé de contrôle est fausse : vérifiez-le sur l’avis de situation Sirene',
    );
    expect(messageSiretInvalide('12345', 'de l’organisme responsable')).toBe(
      'Le SIRET de l’organisme responsable « 12345 » a 5 chiffres au lieu de 14 : vérifiez-le sur l’avis de situation Sirene',
    );
  });
});

describe('why a SIREN is not one (sign-up form)', () => {
  it('says it as the SIRET’s message does: the length, the key, the zeros', () => {
    expect(messageSirenInvalide('123')).toBe(
      'Le SIREN « 123 » a 3 chiffres au lieu de 9 : vérifiez-le sur l’avis de situation Sirene',
    );
    expect(messageSirenInvalide('13002526A')).toBe(
      'Le SIREN « 13002526A » n’est pas fait de 9 chiffres : vérifiez-le sur l’avis de situation Sirene',
    );
    expect(messageSirenInvalide('130025266')).toBe(
      'Le SIREN 130 025 266 a 9 chiffres mais sa clé de contrôle est fausse : vérifiez-le sur l’avis de situation Sirene',
    );
    expect(messageSirenInvalide('000000000')).toBe(
      'Le SIREN 000 000 000 n’est fait que de zéros : vérifiez-le sur l’avis de situation Sirene',
    );
  });
});
