import { describe, expect, it } from 'vitest';
import { refusMandataireFormulaire } from './espace.service.ts';

// The form's words for the decision domain/formation.ecriture.ts mandataireEtranger takes (the
// writes' words: test/api/mandataire-etranger.test.ts).

describe('refusMandataireFormulaire', () => {
  it('words the refusal for the form: 403 on mandataire.siret, its « Aucun » option, the writes’ reason', () => {
    const e = refusMandataireFormulaire({ siret: '55210055400013', sirenLie: '130025265' });
    expect(e).toMatchObject({ code: 'ACCES_REFUSE', status: 403, details: { champ: 'mandataire.siret' } });
    expect(e.message).toBe(
      'Mandataire : le SIRET 552 100 554 00013 n’est pas un établissement de votre structure (SIREN 130025265). Seul le titulaire du marché saisit l’action sous son mandat : choisissez l’un de vos établissements, ou « Aucun ».',
    );
  });
});
