// Certifications of the demo offer: current ones, so that importing the real referentials onto
// the demo changes no verdict (only the deliberately expired ones fail CERT_EXPIREE).
//
// Each diploma is written as the official extracts write it (checked by certifications.data.test.ts
// against ../shared/reference when it is there):
// - its CFD and, in `bcn`, its row of the BCN (N_FORMATION_DIPLOME, extract of February 2024):
//   LIBELLE_LONG_200 in capitals without accents as the BCN writes it (the import keeps it as is),
//   DATE_OUVERTURE, DATE_FERMETURE (none: open), ANCIEN_DIPLOME_n, NOUVEAU_DIPLOME_n. A CFD the
//   N_FORMATION_DIPLOME extract lacks (BUT, licences professionnelles, titres professionnels) is
//   written as the « kit apprentissage » v3.0 writes it (« Intitulé diplôme (DEPP) »), no dates;
// - its RNCP fiche as the kit links it to the CFD (an active fiche, open to apprenticeship, of the
//   same level); the « sur demande » titles are fiches of the kit too, their certificateurs and
//   partners invented. The certificats de spécialisation (CS, 2024) are not in the kit yet: no fiche.
// The formation titles (`intitule`) are the same names written for people.
// RNCP registrations end at FIN (the kit's échéances, not imported by Offre, are those of a 2024
// snapshot: most fall before the demo campaigns), except the expired fiche of EXPIREES (the kit's).

/** Which kind of organisme teaches it (drives the raison sociale and the UAI). */
export type Famille = 'cfa' | 'lycee' | 'universite' | 'ecole' | 'afpa' | 'agricole';

/** A diploma's row of the BCN, the columns the import reads (dates AAAA-MM-JJ). */
export interface DiplomeBcn {
  /** LIBELLE_LONG_200, to the letter. */
  readonly libelle: string;
  readonly ouverture: string | null;
  readonly fermeture: string | null;
  readonly anciens: readonly string[];
  readonly nouveaux: readonly string[];
}

export interface DemoCertification {
  readonly rncp: string | null;
  readonly cfd: string | null;
  readonly intitule: string;
  readonly niveau: string;
  readonly typeDiplome: string;
  readonly enregistrement: 'droit' | 'sur_demande';
  readonly duree: number;
  /** End of the RNCP registration. */
  readonly dateFin: string;
  readonly famille: Famille;
  /** Relative frequency in the demo offer. */
  readonly poids: number;
  readonly successeur?: string;
  /** With a CFD: the diploma as the BCN (or, outside its extract, the kit) writes it. */
  readonly bcn?: DiplomeBcn;
}

const FIN = '2030-08-31';

/** A BCN row: LIBELLE_LONG_200, DATE_OUVERTURE, ANCIEN_DIPLOME_n, DATE_FERMETURE, NOUVEAU_DIPLOME_n. */
const b = (
  libelle: string,
  ouverture: string | null,
  anciens: readonly string[] = [],
  fermeture: string | null = null,
  nouveaux: readonly string[] = [],
): DiplomeBcn => ({ libelle, ouverture, fermeture, anciens, nouveaux });

const c = (
  typeDiplome: string,
  cfd: string | null,
  rncp: string | null,
  intitule: string,
  niveau: string,
  duree: number,
  famille: Famille,
  poids: number,
  bcn?: DiplomeBcn,
  enregistrement: 'droit' | 'sur_demande' = 'droit',
): DemoCertification => ({
  typeDiplome,
  cfd,
  rncp,
  intitule,
  niveau,
  duree,
  famille,
  poids,
  enregistrement,
  dateFin: FIN,
  ...(bcn ? { bcn } : {}),
});

// Order, families and weights make the demo's draws: keep them when a diploma is replaced.
export const CERTIFICATIONS: readonly DemoCertification[] = [
  c(
    'BTS',
    '32031213',
    'RNCP34031',
    'Management commercial opérationnel',
    '5',
    2,
    'lycee',
    10,
    b('MANAGEMENT COMMERCIAL OPERATIONNEL (BTS)', '2019-09-01', ['32031209']),
  ),
  c(
    'BTS',
    '32031212',
    'RNCP34030',
    'Négociation et digitalisation de la relation client',
    '5',
    2,
    'lycee',
    6,
    b('NEGOCIATION ET DIGITALISATION DE LA RELATION CLIENT (BTS)', '2018-09-01', ['32031210']),
  ),
  c(
    'BTS',
    '32031408',
    'RNCP35521',
    'Comptabilité et gestion',
    '5',
    2,
    'lycee',
    4,
    b('COMPTABILITE ET GESTION (BTS)', '2015-09-01', ['32031406']),
  ),
  c(
    'BTS',
    '32032409',
    'RNCP34029',
    'Support à l’action managériale',
    '5',
    2,
    'lycee',
    3,
    b("SUPPORT A L'ACTION MANAGERIALE (BTS)", '2018-09-01', ['32032408']),
  ),
  c(
    'BTS',
    '32032614',
    'RNCP35340',
    'Services informatiques aux organisations option B solutions logicielles et applications métiers',
    '5',
    2,
    'lycee',
    4,
    b(
      'SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION B SOLUTIONS LOGICIELLES ET APPLICATIONS METIERS (BTS)',
      '2021-09-01',
      ['32032611'],
    ),
  ),
  c(
    'BTS',
    '32025014',
    'RNCP36968',
    'Maintenance des systèmes option A systèmes de production',
    '5',
    2,
    'cfa',
    3,
    b('MAINTENANCE DES SYSTEMES OPTION A SYSTEMES DE PRODUCTION (BTS)', '2022-09-01', ['32025010']),
  ),
  c(
    'BTS',
    '32033423',
    'RNCP35339',
    'Management en hôtellerie-restauration option A management d’unité de restauration',
    '5',
    2,
    'lycee',
    2,
    b(
      "MANAGEMENT EN HOTELLERIE-RESTAURATION OPTION A MANAGEMENT D'UNITE DE RESTAURATION (BTS)",
      '2018-09-01',
      ['32033414'],
    ),
  ),
  c(
    'BTS',
    '32025001',
    'RNCP37561',
    'Assistance technique d’ingénieur',
    '5',
    2,
    'lycee',
    2,
    b("ASSISTANCE TECHNIQUE D'INGENIEUR (BTS)", '1993-03-25', ['32025002']),
  ),
  c(
    'BTSA',
    '32331204',
    'RNCP36003',
    'Technico-commercial spécialité biens et services pour l’agriculture',
    '5',
    2,
    'agricole',
    2,
    b("TECHNICO-COMMERCIAL SPE BIENS, SERVICES POUR L'AGRICULTURE (BTSA)", '2022-09-01'),
  ),
  c(
    'BTSA',
    '32321114',
    'RNCP36773',
    'Métiers du végétal : alimentation, ornement et environnement',
    '5',
    2,
    'agricole',
    1,
    b('METIERS DU VEGETAL :ALIMENTATION, ORNEMENT ET ENVIRONNEMENT (BTSA)', '2023-09-01', ['32321111']),
  ),
  c(
    'CAP',
    '50022137',
    'RNCP37537',
    'Boulanger',
    '3',
    2,
    'cfa',
    8,
    b('BOULANGER (CAP)', '2014-09-01', ['50022132']),
  ),
  c(
    'CAP',
    '50022143',
    'RNCP37535',
    'Boucher',
    '3',
    2,
    'cfa',
    3,
    b('BOUCHER (CAP)', '2023-09-01', ['50022135']),
  ),
  c(
    'CAP',
    '50022139',
    'RNCP37553',
    'Cuisine',
    '3',
    2,
    'cfa',
    5,
    b('CUISINE (CAP)', '2016-09-01', ['50022131']),
  ),
  c(
    'CAP',
    '50022130',
    'RNCP37532',
    'Charcutier-traiteur',
    '3',
    2,
    'cfa',
    1,
    b('CHARCUTIER-TRAITEUR (CAP)', '2000-09-01', ['50022117']),
  ),
  c(
    'CAPA',
    '50321405',
    'RNCP24928',
    'Jardinier paysagiste',
    '3',
    2,
    'agricole',
    2,
    b('JARDINIER PAYSAGISTE (CAPA)', '2015-09-01', ['50321403']),
  ),
  c(
    'BAC PRO',
    '40025510',
    'RNCP25353',
    'Métiers de l’électricité et de ses environnements connectés',
    '4',
    3,
    'lycee',
    5,
    b("METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)", '2016-09-01', ['40025506']),
  ),
  c(
    'BAC PRO',
    '40031213',
    'RNCP32208',
    'Métiers du commerce et de la vente option A animation et gestion de l’espace commercial',
    '4',
    3,
    'lycee',
    4,
    b(
      "METIERS DU COMMERCE ET DE LA VENTE OPTION A ANIMATION ET GESTION DE L'ESPACE COMMERCIAL (BAC PRO)",
      '2019-09-01',
      ['40031202'],
    ),
  ),
  c(
    'BAC PRO',
    '40025214',
    'RNCP19117',
    'Maintenance des véhicules option A voitures particulières',
    '4',
    3,
    'lycee',
    3,
    b('MAINTENANCE DES VEHICULES OPTION A VOITURES PARTICULIERES (BAC PRO)', '2014-09-01', ['40025207']),
  ),
  c(
    'BAC PRO',
    '40022106',
    'RNCP12508',
    'Cuisine',
    '4',
    3,
    'lycee',
    3,
    b('CUISINE (BAC PRO)', '2011-09-01', ['40033402']),
  ),
  c(
    'BAC PRO',
    '40033403',
    'RNCP12802',
    'Commercialisation et services en restauration',
    '4',
    3,
    'lycee',
    2,
    b('COMMERCIALISATION ET SERVICES EN RESTAURATION (BAC PRO)', '2011-09-01', ['40033402']),
  ),
  c(
    'BAC PRO',
    '40022706',
    'RNCP35844',
    'Maintenance et efficacité énergétique',
    '4',
    3,
    'cfa',
    2,
    b('MAINTENANCE ET EFFICACITE ENERGETIQUE (BAC PRO)', '2021-09-01', ['40022704']),
  ),
  c(
    'BP',
    '45022108',
    'RNCP37491',
    'Boulanger',
    '4',
    2,
    'cfa',
    2,
    b('BOULANGER (BP)', '2012-09-01', ['45022105']),
  ),
  c(
    'BP',
    '45033608',
    'RNCP12281',
    'Coiffure',
    '4',
    2,
    'cfa',
    3,
    b('COIFFURE (BP)', '2011-09-01', ['45033605', '45033606']),
  ),
  c(
    'BP',
    '45025516',
    'RNCP27774',
    'Électricien(ne)',
    '4',
    2,
    'cfa',
    2,
    b('ELECTRICIEN(NE) (BP)', '2017-09-01', ['45025513']),
  ),
  // The mentions complémentaires closed in 2024, replaced by these certificats de spécialisation.
  c(
    'CS4',
    '46133403',
    null,
    'Sommellerie',
    '4',
    1,
    'cfa',
    1,
    b('SOMMELLERIE (CS4)', '2024-09-01', ['01033414']),
  ),
  c(
    'CS3',
    '56122102',
    null,
    'Cuisinier en desserts de restaurant',
    '3',
    1,
    'cfa',
    1,
    b('CUISINIER EN DESSERTS DE RESTAURANT (CS3)', '2024-09-01', ['01022105']),
  ),
  c(
    'BUT',
    '25131204',
    'RNCP35354',
    'Techniques de commercialisation parcours marketing digital, e-business et entrepreneuriat',
    '6',
    3,
    'universite',
    3,
    b('TECHNIQUES DE COMMERCIALISATION : MARKETING DIGITAL, E-BUSINESS ET ENTREPRENEURIAT (BUT)', null),
  ),
  c(
    'BUT',
    '25132608',
    'RNCP35455',
    'Réseaux et télécommunications parcours cybersécurité',
    '6',
    3,
    'universite',
    2,
    b('RESEAUX ET TELECOMMUNICATIONS : CYBERSECURITE (BUT)', null),
  ),
  c(
    'BUT',
    '25125001',
    'RNCP35407',
    'Génie électrique et informatique industrielle parcours électricité et maîtrise de l’énergie',
    '6',
    3,
    'universite',
    1,
    b("GENIE ELECTRIQUE ET INFORMATIQUE INDUSTRIELLE : ELECTRICITE ET MAITRISE DE L'ENERGIE (BUT)", null),
  ),
  c(
    'LICENCE PRO',
    '25022150',
    'RNCP29740',
    'Commerce et distribution',
    '6',
    1,
    'universite',
    2,
    b('COMMERCE ET DISTRIBUTION (LP LE MANS)', null),
  ),
  c(
    'LICENCE PRO',
    '25031302',
    'RNCP30181',
    'Assurance, banque, finance : chargé de clientèle',
    '6',
    1,
    'universite',
    1,
    b('ASSURANCE, BANQUE, FINANCE : CHARGE DE CLIENTELE (LP POITIERS)', null),
  ),
  c(
    'TP',
    '36T32604',
    'RNCP37674',
    'Développeur web et web mobile',
    '5',
    1,
    'afpa',
    3,
    b('DEVELOPPEUR WEB ET WEB MOBILE (TP)', null),
  ),
  c(
    'TP',
    '46T31203',
    'RNCP37098',
    'Vendeur conseil en magasin',
    '4',
    1,
    'afpa',
    2,
    b('VENDEUR CONSEIL EN MAGASIN (TP)', null),
  ),
  c(
    'TP',
    '46T31401',
    'RNCP37121',
    'Comptable assistant',
    '4',
    1,
    'afpa',
    2,
    b('COMPTABLE ASSISTANT(E) (TP)', null),
  ),
  c(
    'TP',
    '36T32603',
    'RNCP37682',
    'Technicien supérieur systèmes et réseaux',
    '5',
    2,
    'afpa',
    1,
    b('TECHNICIEN SUPERIEUR SYSTEMES ET RESEAUX (TP)', null),
  ),
  c(
    'TITRE',
    null,
    'RNCP36534',
    'Responsable de la distribution',
    '6',
    1,
    'ecole',
    2,
    undefined,
    'sur_demande',
  ),
  c(
    'TITRE',
    null,
    'RNCP36141',
    'Gestionnaire d’unité commerciale',
    '5',
    2,
    'ecole',
    2,
    undefined,
    'sur_demande',
  ),
  c('TITRE', null, 'RNCP37643', 'Gestionnaire de paie', '5', 1, 'ecole', 1, undefined, 'sur_demande'),
];

/**
 * Certifications that ended before the demo campaigns, as the extracts say: formations still
 * pointing at them fail CERT_EXPIREE. Two closed diplomas (BCN DATE_FERMETURE, with their
 * successor, a current one of the demo) and a fiche the kit says inactive since its échéance.
 */
export const EXPIREES: readonly DemoCertification[] = [
  c(
    'CAP',
    '50022136',
    'RNCP35316',
    'Pâtissier',
    '3',
    2,
    'cfa',
    1,
    b('PATISSIER (CAP)', '2007-09-01', ['50022124'], '2020-08-31', ['50022141']),
  ),
  c(
    'BTS',
    '32032611',
    'RNCP35340',
    'Services informatiques aux organisations option B solutions logicielles et applications métiers',
    '5',
    2,
    'lycee',
    1,
    b(
      'SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION B SOLUTIONS LOGICIELLES ET APPLICATIONS METIERS (BTS)',
      '2015-09-01',
      ['32032608'],
      '2021-08-31',
      ['32032614'],
    ),
  ),
  {
    ...c(
      'TITRE',
      null,
      'RNCP2591',
      'Responsable du développement commercial',
      '6',
      1,
      'ecole',
      1,
      undefined,
      'sur_demande',
    ),
    dateFin: '2020-03-03',
  },
];

/**
 * Current diplomas that replaced a closed one of EXPIREES and are not drawn for demo formations
 * (CERTIFICATIONS' draws stay as they are), written in the référentiels only: CERT_EXPIREE tells a
 * CFA on CAP Pâtissier 50022136 to use 50022141, which the certification picker must then find.
 * As the BCN extract writes it (N_FORMATION_DIPLOME: opened 2019-09-01, ANCIEN_DIPLOME_1
 * 50022136) and the kit apprentissage links it (RNCP35316, like its predecessor).
 */
export const SUCCESSEURS: readonly DemoCertification[] = [
  c(
    'CAP',
    '50022141',
    'RNCP35316',
    'Pâtissier',
    '3',
    2,
    'cfa',
    0,
    b('PATISSIER (CAP)', '2019-09-01', ['50022136']),
  ),
];

/** How the formation's title starts for each diploma type. */
export const PREFIXES: Readonly<Record<string, string>> = {
  BTS: 'BTS',
  BTSA: 'BTSA',
  CAP: 'CAP',
  CAPA: 'CAP agricole',
  'BAC PRO': 'Bac pro',
  BP: 'Brevet professionnel',
  CS3: 'Certificat de spécialisation',
  CS4: 'Certificat de spécialisation',
  BUT: 'BUT',
  'LICENCE PRO': 'Licence professionnelle',
  TP: 'Titre professionnel',
  TITRE: 'Titre',
};

/** ROME fiches (France Travail) by code, labelled as France compétences' exports write them (straight apostrophe). */
export const ROME_LIBELLES: Readonly<Record<string, string>> = {
  A1203: 'Aménagement et entretien des espaces verts',
  C1102: 'Conseil clientèle en assurances',
  C1206: 'Gestion de clientèle bancaire',
  D1101: 'Boucherie',
  D1102: 'Boulangerie - viennoiserie',
  D1103: 'Charcuterie - traiteur',
  D1104: 'Pâtisserie, confiserie, chocolaterie et glacerie',
  D1106: 'Vente en alimentation',
  D1202: 'Coiffure',
  D1211: 'Vente en articles de sport et loisirs',
  D1212: 'Vente en décoration et équipement du foyer',
  D1214: 'Vente en habillement et accessoires de la personne',
  D1301: 'Management de magasin de détail',
  D1402: 'Relation commerciale grands comptes et entreprises',
  D1403: 'Relation commerciale auprès de particuliers',
  D1406: 'Management en force de vente',
  D1407: 'Relation technico-commerciale',
  D1502: 'Management/gestion de rayon produits alimentaires',
  D1503: 'Management/gestion de rayon produits non alimentaires',
  D1507: 'Mise en rayon libre-service',
  F1602: 'Électricité bâtiment',
  G1602: 'Personnel de cuisine',
  G1802: 'Management du service en restauration',
  G1803: 'Service en restauration',
  I1304: "Installation et maintenance d'équipements industriels et d'exploitation",
  I1306: "Installation et maintenance en froid, conditionnement d'air",
  I1307: 'Installation et maintenance télécoms et courants faibles',
  I1308: "Maintenance d'installation de chauffage",
  I1310: 'Maintenance mécanique industrielle',
  I1401: 'Maintenance informatique et bureautique',
  I1604: 'Mécanique automobile et entretien de véhicules',
  M1203: 'Comptabilité',
  M1501: 'Assistanat en ressources humaines',
  M1604: 'Assistanat de direction',
  M1605: 'Assistanat technique et administratif',
  M1705: 'Marketing',
  M1801: "Administration de systèmes d'information",
  M1805: 'Études et développement informatique',
  M1810: "Production et exploitation de systèmes d'information",
};

/**
 * The ROME codes of each demo fiche (the jobs it leads to; the search indexes their labels,
 * migration 1120). None of these fiches is in the sample extracts of ../shared/reference (their
 * Rome member holds other fiches; certifications.data.test.ts compares any fiche it holds): these
 * are the core codes of each fiche that we are sure of, not always its full list. Left without
 * codes, for want of certainty: BTS Assistance technique d’ingénieur (RNCP37561), BTSA Métiers du
 * végétal (RNCP36773), BUT GEII (RNCP35407), LP Commerce et distribution (RNCP29740), the titres
 * RNCP36534, RNCP36141, RNCP2591; the CS have no fiche.
 */
const ROMES_PAR_FICHE: Readonly<Record<string, readonly string[]>> = {
  RNCP34031: ['D1301', 'D1502', 'D1503'],
  RNCP34030: ['D1402', 'D1403', 'D1406'],
  RNCP35521: ['M1203'],
  RNCP34029: ['M1604', 'M1605'],
  RNCP35340: ['M1805'],
  RNCP36968: ['I1304', 'I1310'],
  RNCP35339: ['G1802'],
  RNCP36003: ['D1407'],
  RNCP37537: ['D1102'],
  RNCP37535: ['D1101'],
  RNCP37553: ['G1602'],
  RNCP37532: ['D1103'],
  RNCP24928: ['A1203'],
  RNCP25353: ['F1602', 'I1307'],
  RNCP32208: ['D1106', 'D1507'],
  RNCP19117: ['I1604'],
  RNCP12508: ['G1602'],
  RNCP12802: ['G1803'],
  RNCP35844: ['I1306', 'I1308'],
  RNCP37491: ['D1102'],
  RNCP12281: ['D1202'],
  RNCP27774: ['F1602'],
  RNCP35354: ['M1705'],
  RNCP35455: ['M1801', 'M1810'],
  RNCP30181: ['C1102', 'C1206'],
  RNCP37674: ['M1805'],
  RNCP37098: ['D1211', 'D1212', 'D1214'],
  RNCP37121: ['M1203'],
  RNCP37682: ['I1401', 'M1801', 'M1810'],
  RNCP37643: ['M1501'],
  RNCP35316: ['D1104'],
};

/** A demo fiche's ROME codes and their labels, as the RNCP import stores them (`rome`, `rome_libelles`). */
export function romesDeFiche(rncp: string): { rome: string[]; rome_libelles: string[] } {
  const codes = [...(ROMES_PAR_FICHE[rncp] ?? [])];
  return { rome: codes, rome_libelles: codes.map((c) => ROME_LIBELLES[c]!) };
}
