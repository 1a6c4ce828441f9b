/**
 * Example bodies of the write routes, shown in the OpenAPI document (/api/docs) and docs/api.md.
 * Each is parsed by its route's schema in test/api/openapi.test.ts, so it cannot drift.
 */

/** A new session (POST /formations/:id/sessions), also the one session of EXEMPLE_FORMATION. */
export const EXEMPLE_SESSION = {
  cle_externe: 'BTS-MCO-LYON-2026',
  debut: '2026-09-01',
  fin: '2028-06-30',
  etat_recrutement: 'ouvert',
  capacite: 24,
  entree_sortie: 'dates_fixes',
  lieu: {
    adresse: '12 rue de la République',
    code_postal: '69001',
    commune: 'Lyon',
    code_insee: '69381',
    uai: '0693446W',
  },
  contact: { nom: 'Accueil du CFA', telephone: '04 78 00 00 00', courriel: 'accueil@cfa-exemple.fr' },
  reunions_information: [{ date: '2026-03-14', lieu: 'CFA Exemple, Lyon', libelle: 'Portes ouvertes' }],
} as const;

/** A complete formation (POST /formations, PUT /formations/:id): publishable as it stands. */
export const EXEMPLE_FORMATION = {
  cle_externe: 'BTS-MCO-LYON',
  intitule: 'BTS Management commercial opérationnel',
  objectif: 'Former des managers d’unité commerciale capables de piloter une équipe et une offre.',
  contenu: 'Gestion de la relation client, animation de l’offre, management de l’équipe commerciale.',
  url: 'https://www.cfa-exemple.fr/formations/bts-mco',
  certification: { rncp: 'RNCP34031', cfd: '32031213' },
  responsable: { siret: '13002526500013', uai: '0693446W', raison_sociale: 'CFA Exemple' },
  formateur: { siret: '13002526500013' },
  contacts: [
    { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa-exemple.fr' },
    { type: 'pedagogique', nom: 'Dominique Bernard', telephone: '04 78 00 00 01' },
  ],
  modalites: {
    formation_continue: false,
    contrat_professionnalisation: true,
    contrat_apprentissage: true,
    annees_apprentissage: [1, 2],
    duree_annees: 2,
  },
  financeurs: ['opco'],
  sessions: [EXEMPLE_SESSION],
} as const;

/** POST /formations/:id/retourner. */
export const EXEMPLE_RETOUR_A_CORRIGER = {
  commentaire: 'Le contact du référent handicap manque : ajoutez son courriel ou son téléphone.',
} as const;

/** POST /plateformes/:plateforme/retours: one offer published, one rejected. */
export const EXEMPLE_RETOURS_PLATEFORME = [
  { id: 'fo_01jc8r4v2kx3m7q1w5z8t6', statut: 'publie', id_plateforme: 'PS-45871' },
  {
    id: 'fo_01jc8r4v2m4n6p8r0t2v4x6',
    statut: 'rejet_publication',
    motif: 'Lieu de formation hors académie',
    action_corrective: 'Corriger la commune du lieu de formation',
  },
] as const;

/** POST /formations/:id/plateformes/:plateforme/decision. */
export const EXEMPLE_DECISION = {
  action: 'non_publier',
  motif: 'Formation déjà proposée sous un autre intitulé.',
} as const;

/** POST /plateformes/regles, PUT /plateformes/regles/:id. */
export const EXEMPLE_REGLE = {
  plateforme: 'parcoursup',
  niveau: '5',
  type_diplome: 'BTS',
  annee_entree: 1,
  statut: 'a_publier',
  priorite: 100,
  actif: true,
} as const;

/** POST /imports/lheo: one formation, one action, one session (LHEO 2.3, https://lheo.gouv.fr). */
export const EXEMPLE_LHEO = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    <formation numero="BTS-MCO-LYON">
      <domaine-formation><code-NSF>312</code-NSF></domaine-formation>
      <intitule-formation>BTS Management commercial opérationnel</intitule-formation>
      <objectif-formation>Former des managers d’unité commerciale.</objectif-formation>
      <resultats-attendus>BTS (niveau 5)</resultats-attendus>
      <contenu-formation>Relation client, animation de l’offre, management de l’équipe.</contenu-formation>
      <certifiante>1</certifiante>
      <contact-formation>
        <coordonnees><nom>Martin</nom><prenom>Camille</prenom><courriel>accueil@cfa-exemple.fr</courriel></coordonnees>
      </contact-formation>
      <parcours-de-formation>1</parcours-de-formation>
      <code-niveau-entree>0</code-niveau-entree>
      <certification><code-RNCP>34031</code-RNCP></certification>
      <action numero="A1">
        <rythme-formation>2 jours en centre, 3 jours en entreprise</rythme-formation>
        <code-public-vise>83056</code-public-vise>
        <niveau-entree-obligatoire>0</niveau-entree-obligatoire>
        <modalites-alternance>Contrat d’apprentissage</modalites-alternance>
        <modalites-enseignement>0</modalites-enseignement>
        <conditions-specifiques>Baccalauréat</conditions-specifiques>
        <prise-en-charge-frais-possible>0</prise-en-charge-frais-possible>
        <lieu-de-formation>
          <coordonnees>
            <adresse>
              <ligne>12 rue de la République</ligne>
              <codepostal>69001</codepostal>
              <ville>Lyon</ville>
              <code-INSEE-commune>69381</code-INSEE-commune>
            </adresse>
          </coordonnees>
        </lieu-de-formation>
        <modalites-entrees-sorties>0</modalites-entrees-sorties>
        <session numero="S-2026">
          <periode><debut>20260901</debut><fin>20280630</fin></periode>
          <adresse-inscription><adresse><ligne>12 rue de la République</ligne><codepostal>69001</codepostal><ville>Lyon</ville></adresse></adresse-inscription>
          <etat-recrutement>1</etat-recrutement>
        </session>
      </action>
      <organisme-formation-responsable>
        <numero-activite>84691234569</numero-activite>
        <SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation>
        <nom-organisme>CFA Exemple</nom-organisme>
        <raison-sociale>CFA Exemple</raison-sociale>
        <coordonnees-organisme><coordonnees/></coordonnees-organisme>
        <contact-organisme>
          <coordonnees><nom>Accueil</nom></coordonnees>
        </contact-organisme>
      </organisme-formation-responsable>
    </formation>
  </offres>
</lheo>
`;
