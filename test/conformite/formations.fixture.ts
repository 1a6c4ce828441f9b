import { type FormationInput, FormationInputSchema } from '../../src/domain/formation.schema.ts';
import type { Referentiels } from './faits.helper.ts';

// The labelled formations of the conformity table and the reference facts they are checked against.

export const SIRET_A = '13002526500013'; // active, Qualiopi apprentissage, declared
export const SIRET_B = '55210055400013'; // closed in Sirene, not Qualiopi apprentissage
export const SIRET_C = '34111111100017'; // certificateur of the title RNCP37000
export const NOW = new Date('2026-03-15T10:00:00Z');

export const REFERENTIELS: Referentiels = {
  rncp: {
    certifications: [
      {
        type: 'rncp',
        code: 'RNCP38368',
        intitule: 'BTS Management commercial opérationnel',
        niveau: '5',
        type_diplome: 'BTS',
        date_fin: '2029-12-31',
      },
      {
        type: 'rncp',
        code: 'RNCP35000',
        intitule: 'Ancien BTS',
        niveau: '5',
        type_diplome: 'BTS',
        date_fin: '2026-06-30',
        successeurs: ['RNCP38368'],
      },
      {
        type: 'rncp',
        code: 'RNCP37000',
        intitule: 'Responsable de projet web',
        niveau: '6',
        type_diplome: null,
        type_enregistrement: 'sur_demande',
        date_fin: '2029-12-31',
      },
    ],
    habilitations: [{ code: 'RNCP37000', siret: SIRET_C, role: 'certificateur' }],
  },
  bcn: {
    certifications: [
      {
        type: 'cfd',
        code: '32031213',
        intitule: 'MANAGEMENT COMMERCIAL OPERATIONNEL',
        niveau: '5',
        type_diplome: 'BTS',
        date_fin: '2029-08-31',
      },
      {
        type: 'cfd',
        code: '50022141',
        intitule: 'CUISINE',
        niveau: '3',
        type_diplome: 'CAP',
        date_fin: null,
      },
    ],
    mef: [
      { mef: '5002214121', cfd: '50022141', duree: 2, annee: 1 },
      { mef: '5002214122', cfd: '50022141', duree: 2, annee: 2 },
    ],
  },
  sirene: [
    { siret: SIRET_A, etat: 'A', code_commune: '69381' },
    { siret: SIRET_B, etat: 'F', code_commune: '69381' },
    { siret: SIRET_C, etat: 'A', code_commune: '69381' },
  ],
  lpof: [
    { nda: '84691234569', siret: SIRET_A, qualiopi_apprentissage: true },
    { nda: '84691234570', siret: SIRET_B, qualiopi_apprentissage: false },
    { nda: '84691234571', siret: SIRET_C, qualiopi_apprentissage: true },
  ],
  communes: [
    { code_insee: '69381', code_postal: '69001', nom: 'Lyon 1er Arrondissement', lat: 45.7701, lon: 4.82637 },
    { code_insee: '69266', code_postal: '69100', nom: 'Villeurbanne', lat: 45.77188, lon: 4.88983 },
    { code_insee: '38185', code_postal: '38000', nom: 'Grenoble', lat: 45.18423, lon: 5.71554 },
  ],
};

const lyon = {
  adresse: '1 rue de la République',
  code_postal: '69001',
  commune: 'Lyon',
  code_insee: '69381',
};
const grenoble = {
  adresse: '5 place Victor Hugo',
  code_postal: '38000',
  commune: 'Grenoble',
  code_insee: '38185',
};

/** A compliant BTS in apprenticeship (parsed by the production schema). */
export function bts(cle: string, over: Record<string, unknown> = {}): FormationInput {
  return FormationInputSchema.parse({
    cle_externe: cle,
    intitule: 'BTS Management commercial opérationnel',
    objectif: 'Former des managers d’unité commerciale.',
    certification: { rncp: 'RNCP38368', cfd: '32031213' },
    responsable: { siret: SIRET_A, uai: '0693446W', raison_sociale: 'CFA Exemple' },
    formateur: { siret: SIRET_A },
    contacts: [{ type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' }],
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: true,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    sessions: [{ cle_externe: 'S2026', debut: '2026-09-01', fin: '2028-06-30', capacite: 24, lieu: lyon }],
    ...over,
  });
}

export interface Labelled {
  readonly nom: string;
  readonly input: FormationInput;
  readonly publier: boolean;
  readonly catalogue: 'general' | 'non_reglementaire';
  readonly certifiee: boolean;
  readonly parcoursup: string;
  readonly affelnet: string;
  readonly echecs: readonly string[];
}

const L = (
  nom: string,
  input: FormationInput,
  attendu: Omit<Labelled, 'nom' | 'input' | 'publier'>,
  publier = true,
): Labelled => ({ nom, input, publier, ...attendu });
const ok = { catalogue: 'general', certifiee: true } as const;
const nr = {
  catalogue: 'non_reglementaire',
  parcoursup: 'non_publiable',
  affelnet: 'non_publiable',
} as const;
const session = (o: Record<string, unknown>) => ({
  debut: '2026-09-01',
  fin: '2028-06-30',
  lieu: lyon,
  ...o,
});

export const FORMATIONS: Labelled[] = [
  L('BTS conforme', bts('OK'), { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: [] }),
  L(
    'BTS conforme, non validé (brouillon)',
    bts('BROUILLON'),
    { ...ok, parcoursup: 'non_publiable', affelnet: 'non_publiable', echecs: [] },
    false,
  ),
  L(
    'CAP (BCN seule, MEF 2 ans)',
    bts('CAP', { intitule: 'CAP Cuisine', certification: { cfd: '50022141' } }),
    { ...ok, parcoursup: 'non_publiable', affelnet: 'a_publier', echecs: [] },
  ),
  L(
    'CAP en 3 ans (MEF : 2 ans)',
    bts('CAP3', {
      intitule: 'CAP Cuisine',
      certification: { cfd: '50022141' },
      modalites: {
        formation_continue: false,
        contrat_professionnalisation: false,
        contrat_apprentissage: true,
        annees_apprentissage: [1, 2, 3],
        duree_annees: 3,
      },
      sessions: [session({ fin: '2029-06-30' })],
    }),
    { ...nr, certifiee: true, echecs: ['FORM_DUREE'] },
  ),
  L('certification expirée', bts('EXP', { certification: { rncp: 'RNCP35000' } }), {
    ...nr,
    certifiee: true,
    echecs: ['CERT_EXPIREE'],
  }),
  L('certification inconnue', bts('INC', { certification: { rncp: 'RNCP99999' } }), {
    ...nr,
    certifiee: true,
    echecs: ['CERT_INCONNUE'],
  }),
  L('sans certification', bts('SANS', { certification: {} }), {
    ...nr,
    certifiee: true,
    echecs: ['CERT_ABSENTE'],
  }),
  L(
    'responsable fermé et non certifié',
    bts('FERME', { responsable: { siret: SIRET_B, uai: '0693446W' }, formateur: { siret: SIRET_B } }),
    { ...nr, certifiee: false, echecs: ['ORG_SIRET_FERME', 'ORG_SIRET_FERME', 'ORG_QUALIOPI_APPRENTISSAGE'] },
  ),
  L('SIRET formateur invalide', bts('LUHN', { formateur: { siret: '13002526500014' } }), {
    ...nr,
    certifiee: true,
    echecs: ['ORG_SIRET_FORMAT', 'ORG_SIRET_INCONNU'],
  }),
  L(
    'titre sur demande, responsable non habilité',
    bts('TITRE', { certification: { rncp: 'RNCP37000' }, intitule: 'Responsable de projet web' }),
    { ...nr, certifiee: true, echecs: ['ORG_HABILITATION'] },
  ),
  L(
    'titre sur demande, formateur certificateur',
    bts('TITRE-OK', {
      certification: { rncp: 'RNCP37000' },
      intitule: 'Responsable de projet web',
      formateur: { siret: SIRET_C },
    }),
    { ...ok, parcoursup: 'a_publier_habilitation', affelnet: 'non_publiable', echecs: [] },
  ),
  L('lieu à Grenoble sans UAI', bts('GRE', { sessions: [session({ lieu: grenoble })] }), {
    ...ok,
    parcoursup: 'non_publiable',
    affelnet: 'non_publiable',
    echecs: ['LIEU_UAI'],
  }),
  L(
    'lieu à Grenoble avec UAI',
    bts('GRE-UAI', { sessions: [session({ lieu: { ...grenoble, uai: '0381234K' } })] }),
    { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: [] },
  ),
  L(
    'code INSEE incohérent',
    bts('INSEE', { sessions: [session({ lieu: { ...lyon, code_insee: '38185' } })] }),
    { ...nr, certifiee: true, echecs: ['LIEU_COMMUNE', 'LIEU_UAI'] },
  ),
  L(
    'sans référent handicap',
    bts('RH', { contacts: [{ type: 'accueil', nom: 'Accueil', telephone: '0478000000' }] }),
    { ...ok, parcoursup: 'non_publiable', affelnet: 'non_publiable', echecs: ['ORG_REFERENT_HANDICAP'] },
  ),
  L('responsable sans UAI', bts('UAI', { responsable: { siret: SIRET_C } }), {
    ...ok,
    parcoursup: 'non_publiable',
    affelnet: 'non_publiable',
    echecs: ['ORG_UAI'],
  }),
  L(
    '2e année seulement',
    bts('AN2', {
      modalites: {
        formation_continue: false,
        contrat_professionnalisation: true,
        contrat_apprentissage: true,
        annees_apprentissage: [2],
        duree_annees: 2,
      },
    }),
    { ...ok, parcoursup: 'non_publiable', affelnet: 'non_publiable', echecs: ['FORM_PREMIERE_ANNEE'] },
  ),
  L(
    'pas en apprentissage',
    bts('PRO', {
      modalites: {
        formation_continue: true,
        contrat_professionnalisation: true,
        contrat_apprentissage: false,
        annees_apprentissage: [],
        duree_annees: 2,
      },
    }),
    { ...nr, certifiee: true, echecs: ['FORM_APPRENTISSAGE'] },
  ),
  L(
    'objectif manquant (brouillon)',
    bts('OBJ', { objectif: null }),
    { ...nr, certifiee: true, echecs: ['FORM_CHAMP_OBLIGATOIRE'] },
    false,
  ),
  L('intitulé de 260 caractères (alerte)', bts('LONG', { intitule: `BTS ${'x'.repeat(256)}` }), {
    ...ok,
    parcoursup: 'a_publier',
    affelnet: 'non_publiable',
    echecs: ['FORM_INTITULE'],
  }),
  L(
    'session de la rentrée précédente seulement',
    bts('OLD', { sessions: [session({ debut: '2025-09-01', fin: '2027-06-30' })] }),
    { ...ok, parcoursup: 'non_publiable', affelnet: 'non_publiable', echecs: ['SESSION_CAMPAGNE'] },
  ),
  L(
    'sessions découpées par année',
    bts('DEC', {
      sessions: [
        session({ cle_externe: 'A1', fin: '2027-06-30' }),
        session({ cle_externe: 'A2', debut: '2027-09-01' }),
      ],
    }),
    { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: ['SESSION_DECOUPEE'] },
  ),
  L(
    'session terminée encore ouverte',
    bts('FINIE', {
      sessions: [
        session({ cle_externe: 'S2026' }),
        session({ cle_externe: 'S2023', debut: '2023-09-01', fin: '2025-06-30' }),
      ],
    }),
    { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: ['SESSION_RECRUTEMENT'] },
  ),
  L(
    'certification qui expire pendant la session',
    bts('PENDANT', { certification: { rncp: 'RNCP38368' }, sessions: [session({ fin: '2030-06-30' })] }),
    { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: ['CERT_EXPIRE_PENDANT'] },
  ),
  L(
    'conventionné Région sans marché ni contact, saisi tard',
    bts('CONV', {
      sessions: [
        session({ financeur: 'region', numero_marche: null, date_notification_marche: '2026-02-01' }),
      ],
    }),
    { ...nr, certifiee: true, echecs: ['CONV_MARCHE', 'CONV_CONTACT', 'CONV_DELAI'] },
  ),
  L(
    'conventionné Région complet',
    bts('CONV-OK', {
      sessions: [
        session({
          financeur: 'region',
          numero_marche: 'M1451401',
          date_notification_marche: '2026-03-10',
          contact: { nom: 'M. Martin', telephone: '0473000000' },
        }),
      ],
    }),
    { ...ok, parcoursup: 'a_publier', affelnet: 'non_publiable', echecs: [] },
  ),
];
