import { describe, expect, it } from 'vitest';
import { FormationInputSchema } from './formation.schema.ts';
import { nextSnapshot } from './formation.snapshot.ts';
import { champsManquants, refusRevisionIncomplete, refusValidationIncomplete } from './publication.ts';

const snapshot = (over: Record<string, unknown>) =>
  nextSnapshot(
    null,
    FormationInputSchema.parse({
      intitule: 'CAP Boulanger',
      objectif: 'Devenir boulanger.',
      responsable: { siret: '13002526500013' },
      formateur: { siret: '13002526500013' },
      contacts: [{ nom: 'Camille Martin', courriel: 'c@cfa.example' }],
      modalites: {
        formation_continue: false,
        contrat_professionnalisation: false,
        contrat_apprentissage: true,
        annees_apprentissage: [1, 2],
        duree_annees: 2,
      },
      sessions: [{ debut: '2026-09-01', fin: '2028-06-30', lieu: { code_postal: '69001', commune: 'Lyon' } }],
      ...over,
    }),
    { organismes: new Map(), diffusees: new Set(), newSessionId: () => 'se_1' },
  );

// "Publier" and the rule FORM_CHAMP_OBLIGATOIRE read one list: what publishes is never then
// blocked by the rule for a missing field.
describe('fields required to publish', () => {
  it('accepts a complete formation', () => {
    expect(champsManquants(snapshot({}))).toEqual([]);
  });

  it('requires what the rule requires: a contact needs a name and a phone or an e-mail', () => {
    const manquants = champsManquants(snapshot({ contacts: [{ nom: 'Accueil' }] }));
    expect(manquants.map((m) => m.champ)).toEqual(['contacts']);
    expect(manquants[0]!.message).toBe(
      'Champ obligatoire non renseigné : un contact (nom et téléphone ou courriel).',
    );
  });

  it('names each missing session field by its path, and asks for at least one session', () => {
    expect(
      champsManquants(snapshot({ sessions: [{ debut: '2026-09-01', lieu: { code_postal: '69001' } }] })).map(
        (m) => m.champ,
      ),
    ).toEqual(['sessions.0.fin', 'sessions.0.lieu']);
    expect(champsManquants(snapshot({ sessions: [] })).map((m) => m.champ)).toEqual(['sessions']);
  });
});

// An offer waiting for validation is validated as it stands (fresh user, 03/12).
describe('writes and validation of an offer waiting for validation', () => {
  it('refuses a write that loses a mandatory field, saying the offer waits for validation', () => {
    const e = refusRevisionIncomplete(
      'fo_1',
      snapshot({}),
      snapshot({ objectif: null }),
      'en_attente_validation',
    );
    expect(e?.code).toBe('PUBLICATION_INCOMPLETE');
    expect(e?.message).toContain('cette offre est en attente de validation');
    expect(e?.message).toContain('Champ obligatoire non renseigné : l’objectif.');
    expect(refusRevisionIncomplete('fo_1', snapshot({}), snapshot({ intitule: 'CAP' }))).toBeNull();
  });

  it('refuses « Valider » while a mandatory field is missing, naming each', () => {
    expect(refusValidationIncomplete('fo_1', snapshot({}))).toBeNull();
    const e = refusValidationIncomplete('fo_1', snapshot({ objectif: null, contacts: [] }));
    expect(e?.status).toBe(422);
    expect(e?.message).toMatch(/^Validation impossible/);
    expect(e?.message).toContain('l’objectif');
    expect(e?.message).toContain('un contact');
  });
});
