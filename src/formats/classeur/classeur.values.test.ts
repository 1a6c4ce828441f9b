import { describe, expect, it } from 'vitest';
import { colonnesClasseur } from './classeur.columns.ts';
import { canoniser } from './classeur.values.ts';

const col = (cle: string) => colonnesClasseur(2027).find((c) => c.cle === cle)!;
const v = (cle: string, s: string | null) => canoniser(col(cle), s);

describe('canonical cell values', () => {
  it('reads a one-line cell typed over several lines (Alt+Entrée) on one line; the objectif keeps its lines', () => {
    expect(v('intitule', 'BTS Management\n commercial\r\nopérationnel')).toEqual({
      ok: true,
      valeur: 'BTS Management commercial opérationnel',
    });
    expect(v('objectif', 'Former.\nPiloter.')).toEqual({ ok: true, valeur: 'Former.\nPiloter.' });
    // What no text may hold is still refused, in every cell.
    expect(v('intitule', 'BTS \u202Eeciffo')).toMatchObject({
      ok: false,
      code: 'CLASSEUR_CARACTERE_INTERDIT',
    });
  });
  it('explains a postal code written with its CEDEX mention, not as a length', () => {
    // A tester's finding (LOW): « 53012 CEDEX » got « 11 caractères pour 10 au plus ».
    expect(v('codePostal', '53012 CEDEX')).toEqual({
      ok: false,
      code: 'CLASSEUR_CODE_POSTAL_CEDEX',
      message:
        '« 53012 CEDEX » : un code postal s’écrit en 5 chiffres, sans la mention CEDEX : écrivez-les dans « Code postal », et la mention CEDEX après le nom de la commune (colonne « Commune »), qui situe le lieu.',
    });
    expect(v('codePostal', '69 421 Cedex 03')).toMatchObject({
      ok: false,
      code: 'CLASSEUR_CODE_POSTAL_CEDEX',
    });
    // What was accepted before still is.
    expect(v('codePostal', '53000')).toEqual({ ok: true, valeur: '53000' });
    expect(v('codePostal', 'Laval CDX')).toEqual({ ok: true, valeur: 'Laval CDX' });
    expect(v('codePostal', 'Lavalcedex1')).toMatchObject({ code: 'CLASSEUR_VALEUR_TROP_LONGUE' });
  });
  it('reads years of apprenticeship as people type them', () => {
    for (const s of ['1,2', '1;2', '2, 1', '1 et 2', '1-2', '1.2'])
      expect(v('annees', s)).toEqual({ ok: true, valeur: '1,2' });
    expect(v('annees', '1-3')).toEqual({ ok: true, valeur: '1,2,3' });
    expect(v('annees', 'première')).toMatchObject({ ok: false, code: 'CLASSEUR_ANNEES_INVALIDES' });
  });
  it('reads oui/non, integers, SIRET and UAI', () => {
    expect(v('contratPro', 'Oui')).toEqual({ ok: true, valeur: 'oui' });
    expect(v('contratPro', 'peut-être')).toMatchObject({ ok: false, code: 'CLASSEUR_OUI_NON' });
    expect(v('capacite', '24')).toEqual({ ok: true, valeur: '24' });
    expect(v('capacite', '24 places')).toMatchObject({ ok: false, code: 'CLASSEUR_NOMBRE_INVALIDE' });
    expect(v('siretResponsable', '130 025 265 00013')).toEqual({ ok: true, valeur: '13002526500013' });
    // Readable but no SIRET: stored as typed, for ORG_SIRET_FORMAT to flag (RULES.md), as LHEO does.
    expect(v('siretFormateur', '130 025 265 0001')).toEqual({ ok: true, valeur: '1300252650001' });
    expect(v('siretFormateur', 'abc')).toEqual({ ok: true, valeur: 'abc' });
    // What no formation can hold (more than 20 characters, an invisible character): unreadable.
    expect(v('siretFormateur', '130025265000130025265')).toMatchObject({
      ok: false,
      code: 'CLASSEUR_SIRET_INVALIDE',
      message:
        '« 130025265000130025265 » n’est pas un SIRET : 21 caractères (espaces et points ôtés), 20 caractères au plus ; un SIRET s’écrit en 14 chiffres.',
    });
    expect(v('siretFormateur', '1300252650\u00000013')).toMatchObject({
      ok: false,
      code: 'CLASSEUR_SIRET_INVALIDE',
    });
    expect(v('uaiLieu', '0751234j')).toEqual({ ok: true, valeur: '0751234J' });
  });
  it('reads dates as JJ/MM/AAAA or ISO, refusing impossible ones', () => {
    expect(v('debut', '01/09/2027')).toEqual({ ok: true, valeur: '2027-09-01' });
    expect(v('debut', '1/9/2027')).toEqual({ ok: true, valeur: '2027-09-01' });
    expect(v('debut', '2027-09-01')).toEqual({ ok: true, valeur: '2027-09-01' });
    expect(v('debut', '31/02/2027')).toMatchObject({ ok: false, code: 'CLASSEUR_DATE_INVALIDE' });
    expect(v('debut', 'septembre')).toMatchObject({ ok: false, code: 'CLASSEUR_DATE_INVALIDE' });
  });
  it('refuses a contact e-mail or telephone that cannot be one, too short a number included (issue 11 item 18)', () => {
    expect(v('contactCourriel', 'accueil@cfa.fr')).toEqual({ ok: true, valeur: 'accueil@cfa.fr' });
    expect(v('contactCourriel', 'accueil')).toMatchObject({ ok: false, code: 'CLASSEUR_COURRIEL_INVALIDE' });
    expect(v('handicapCourriel', 'a@b')).toMatchObject({ ok: false, code: 'CLASSEUR_COURRIEL_INVALIDE' });
    expect(v('contactTelephone', '04  72 00 00 00')).toEqual({ ok: true, valeur: '04 72 00 00 00' });
    for (const s of ['voir site', '04 72 00 00 00 00 00', '+999 1234', '04 72', '12', '04 74 38 01 9'])
      expect(v('contactTelephone', s), s).toMatchObject({ ok: false, code: 'CLASSEUR_TELEPHONE_INVALIDE' });
  });
  it('counts characters as the schema does (code points): 300 « 🎓 » fit the intitulé, 301 do not', () => {
    expect(v('intitule', '🎓'.repeat(300))).toEqual({ ok: true, valeur: '🎓'.repeat(300) });
    expect(v('intitule', '🎓'.repeat(301))).toMatchObject({
      ok: false,
      message: 'Texte trop long : 301 caractères, 300 au plus.',
    });
  });
  it('refuses values longer than the store accepts, and empties are null', () => {
    expect(v('intitule', 'x'.repeat(2001))).toMatchObject({ ok: false, code: 'CLASSEUR_VALEUR_TROP_LONGUE' });
    // The limit and the length said as the forms say them, in French numbers (« 20 001 », U+202F).
    expect(v('objectif', 'o'.repeat(20_001))).toMatchObject({
      ok: false,
      code: 'CLASSEUR_VALEUR_TROP_LONGUE',
      message: 'Texte trop long : 20\u202f001 caractères, 20\u202f000 au plus.',
    });
    expect(v('intitule', '   ')).toEqual({ ok: true, valeur: null });
  });
  it('tidies blanks in a text as the two replacements always did, skipping them when they change nothing', () => {
    const avant = (s: string) => s.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n');
    for (const s of [
      'BTS Management commercial',
      'deux  espaces',
      'tab\tici',
      ' \t mêlés \t ',
      'ligne\nsuivante',
      'ligne \n suivante',
      'ligne\n\nsuivante',
      'ligne\r\nsuivante',
      'fin\n',
      '\u00a0\nnbsp',
      'a\t\n\tb',
    ]) {
      const attendu = avant(s.trim()) || null;
      expect(v('objectif', s), JSON.stringify(s)).toEqual({ ok: true, valeur: attendu });
    }
    expect(v('intitule', 'deux  espaces\tet un tab')).toEqual({ ok: true, valeur: 'deux espaces et un tab' });
  });
});
