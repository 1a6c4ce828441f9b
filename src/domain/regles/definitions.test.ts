import { describe, expect, it } from 'vitest';
import { REGLES, severiteDe } from './definitions.ts';
import { echec, nonApplicable, passe, referentielAbsent } from './resultat.ts';

// The REGLES table is the one source of each rule's severity: the result builders read it.
describe('severities from the REGLES table', () => {
  it('gives every result the severity of its rule in the table', () => {
    expect(passe('ORG_UAI', 'responsable.uai', 'ok').severite).toBe('plateforme');
    expect(echec('CERT_INCONNUE', 'certification', 'non').severite).toBe('bloquant');
    expect(nonApplicable('FORM_DOUBLON', null, '–').severite).toBe('alerte');
    expect(referentielAbsent('LIEU_UAI', 'sessions', 'acce').severite).toBe('plateforme');
  });

  it('keeps a declared downgrade to an alert', () => {
    expect(echec('FORM_INTITULE', 'intitule', 'long', [], 'alerte').severite).toBe('alerte');
  });

  it('refuses a code the table does not have, naming it', () => {
    expect(() => severiteDe('FORM_INCONNUE')).toThrow('Règle inconnue du tableau REGLES : FORM_INCONNUE');
  });

  it('has each code once', () => {
    const codes = REGLES.map((r) => r.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });
});
