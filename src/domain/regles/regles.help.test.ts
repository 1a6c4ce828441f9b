import { describe, expect, it } from 'vitest';
import { champsObligatoiresManquants } from '../champs-obligatoires.ts';
import { AIDE_REGLES, CORRIGER_CHAMP_OBLIGATOIRE, corrigerRegle } from './regles.help.ts';

// A tester's report (05/12, LOW): on the formation page every missing-field alert ended with
// « Pour corriger : Renseigner le champ nommé par le message. », which said nothing the message
// had not said. Each missing field now has its own hint: where it is on the form, what it expects.

const VIDE = {
  intitule: null,
  objectif: null,
  formation_continue: null,
  contrat_professionnalisation: null,
  contrat_apprentissage: true,
  annees_apprentissage: [],
  duree_annees: null,
  responsable: null,
  formateur: null,
  contacts: [],
  sessions: [
    { debut: '2027-09-01', fin: '2029-06-30', code_postal: '87000', commune: 'Limoges', code_insee: null },
    { debut: null, fin: null, code_postal: null, commune: null, code_insee: null },
  ],
};

describe('FORM_CHAMP_OBLIGATOIRE: a fix hint of its own for each missing field', () => {
  const manquants = champsObligatoiresManquants(VIDE);

  it('every field the rule can name has a specific hint, naming where it is on the form', () => {
    expect(manquants.map((m) => m.champ)).toContain('sessions.1.lieu');
    for (const { champ } of manquants) {
      const h = corrigerRegle('FORM_CHAMP_OBLIGATOIRE', champ);
      expect(h, champ).toMatch(/^(Fiche|Page de la session)[ ,]/);
      expect(h, champ).not.toContain('nommé par le message');
    }
    // No hint for a field the rule never names (nothing rather than a generic line).
    expect(corrigerRegle('FORM_CHAMP_OBLIGATOIRE', 'inconnu')).toBeNull();
  });

  it('says which value is expected: the form’s label, a unit, an official reference', () => {
    expect(corrigerRegle('FORM_CHAMP_OBLIGATOIRE', 'responsable.siret')).toContain(
      '« Organisme responsable » : le SIRET (14 chiffres)',
    );
    expect(corrigerRegle('FORM_CHAMP_OBLIGATOIRE', 'modalites.duree_annees')).toContain('BCN');
    expect(corrigerRegle('FORM_CHAMP_OBLIGATOIRE', 'sessions.1.debut')).toContain('« Date de début »');
    expect(Object.keys(CORRIGER_CHAMP_OBLIGATOIRE)).toHaveLength(13);
  });

  it('other rules keep their own hint; none says « the field named by the message »', () => {
    expect(corrigerRegle('FORM_INTITULE', 'intitule')).toBe(AIDE_REGLES.FORM_INTITULE!.corriger);
    for (const [code, aide] of Object.entries(AIDE_REGLES))
      expect(aide.corriger, code).not.toMatch(/champ nommé par le message/);
  });
});
