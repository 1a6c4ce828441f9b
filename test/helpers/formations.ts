import {
  type Formation,
  type FormationInput,
  FormationInputSchema,
  FormationSchema,
} from '../../src/domain/formation.schema.ts';

// The one home of the formation fixtures: a formation as an organisme sends it (input), and as
// the store returns it (output). Both go through the production schemas, so they cannot drift.

export const SIRET_A = '13002526500013'; // Luhn-valid, SIREN 130025265
export const SIREN_A = '130025265';
export const SIRET_B = '55210055400013'; // SIREN 552100554
export const SIREN_B = '552100554';

/** A complete formation (parsed by the production schema, so the fixture cannot drift). */
export function formationFixture(over: Partial<FormationInput> & { siret?: string } = {}): FormationInput {
  const { siret = SIRET_A, ...rest } = over;
  return FormationInputSchema.parse({
    cle_externe: 'BTS-MCO-LYON',
    intitule: 'BTS Management commercial opérationnel',
    objectif: 'Former des managers d’unité commerciale.',
    certification: { rncp: 'RNCP38368', cfd: '32031213' },
    responsable: { siret, uai: '0693446W', raison_sociale: 'CFA Exemple' },
    formateur: { siret },
    contacts: [{ type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' }],
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: true,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    sessions: [
      {
        cle_externe: 'S2026',
        debut: '2026-09-01',
        fin: '2028-06-30',
        capacite: 24,
        lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
      },
    ],
    ...rest,
  });
}

/**
 * `input` with one more session that ends before it starts (S-DATES, 6 September 2027 → 30 June
 * 2027): the blocking rule SESSION_DATES fails, so a revision proposing it, validated « malgré
 * tout », takes a diffused offer out of diffusion. Complete otherwise: a revision losing a
 * mandatory field would be refused before it is sent.
 */
export function avecSessionFinAvantDebut(input: FormationInput): FormationInput {
  return {
    ...input,
    sessions: [
      ...input.sessions,
      {
        ...input.sessions[0]!,
        id: undefined,
        cle_externe: 'S-DATES',
        debut: '2027-09-06',
        fin: '2027-06-30',
      },
    ],
  };
}

// A complete formation as the store returns it, parsed through the output schema so it cannot drift.
export function formationLueFixture(over: Partial<Formation> = {}): Formation {
  return FormationSchema.parse({
    id: 'f-0001',
    cle_externe: 'BTS-MCO-LYON',
    intitule: 'BTS Management commercial opérationnel',
    objectif: 'Former des managers d’unité commerciale.',
    contenu: 'Gestion, animation, relation client.',
    url: 'https://cfa.example/bts-mco',
    types_offre: ['apprentissage'],
    certification: {
      rncp: 'RNCP38362',
      cfd: '32031213',
      certifinfo: '116211',
      intitule: null,
      niveau: '5',
      type_enregistrement: null,
    },
    responsable: {
      siret: '13002526500013',
      siren: '130025265',
      uai: '0690001A',
      raison_sociale: 'CFA Lumière',
      nda: '84691234569',
    },
    formateur: { siret: '13002526500021', uai: '0690002B', raison_sociale: 'Lycée Ampère' },
    mandataire: null,
    contacts: [
      {
        type: 'pedagogique',
        nom: 'Claire Martin',
        telephone: '0472000000',
        courriel: 'claire.martin@cfa.example',
      },
      { type: 'referent_handicap', nom: 'Paul Durand', telephone: null, courriel: 'handicap@cfa.example' },
      { type: 'accueil', nom: 'Accueil', telephone: '0472000001', courriel: null },
    ],
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: true,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    financeurs: ['region'],
    sessions: [
      {
        id: 's-0001',
        cle_externe: 'S2026',
        debut: '2026-09-01',
        fin: '2028-06-30',
        etat_recrutement: 'ouvert',
        capacite: 24,
        entree_sortie: 'dates_fixes',
        lieu: {
          adresse: '12 rue de la République',
          code_postal: '69002',
          commune: 'Lyon',
          cedex: null,
          code_insee: '69382',
          uai: '0690003C',
          lat: 45.7623,
          lon: 4.8357,
          code_departement: '69',
          code_region: '84',
        },
        contact: { nom: 'Secrétariat', telephone: '0472000002', courriel: 'inscriptions@cfa.example' },
        financeur: 'region',
        numero_marche: 'M1451401',
        date_notification_marche: '2026-05-01',
        reunions_information: [],
        bilans: [],
        diffusee: true,
      },
    ],
    statut: 'publiee',
    revision_en_attente: false,
    conformite: {
      catalogue: 'general',
      certifiee: true,
      parcoursup: 'non_publiable',
      affelnet: 'non_publiable',
      echecs: [],
    },
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...over,
  });
}
