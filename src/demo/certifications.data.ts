// Certifications of the demo offer. Codes (CFD, RNCP) are the real ones of the national
// "kit apprentissage" for State diplomas and titres professionnels; the three "sur demande"
// titles are synthetic (plausible codes, invented certificateurs). Validity dates are set for
// the demo: every certification is valid through the demo campaigns except EXPIREES.

/** Which kind of organisme teaches it (drives the raison sociale and the UAI). */
export type Famille = 'cfa' | 'lycee' | 'universite' | 'ecole' | 'afpa' | 'agricole';

export interface DemoCertification {
  readonly rncp: string;
  readonly cfd: string | null;
  readonly intitule: string;
  readonly niveau: string;
  readonly typeDiplome: string;
  readonly enregistrement: 'droit' | 'sur_demande';
  readonly duree: number;
  readonly dateFin: string;
  readonly famille: Famille;
  /** Relative frequency in the demo offer. */
  readonly poids: number;
  readonly successeur?: string;
}

const FIN = '2030-08-31';

const c = (
  typeDiplome: string,
  cfd: string | null,
  rncp: string,
  intitule: string,
  niveau: string,
  duree: number,
  famille: Famille,
  poids: number,
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
});

export const CERTIFICATIONS: readonly DemoCertification[] = [
  c('BTS', '32031213', 'RNCP38362', 'Management commercial opérationnel', '5', 2, 'lycee', 10),
  c(
    'BTS',
    '32031212',
    'RNCP34030',
    'Négociation et digitalisation de la relation client',
    '5',
    2,
    'lycee',
    6,
  ),
  c('BTS', '32031408', 'RNCP35521', 'Comptabilité et gestion', '5', 2, 'lycee', 4),
  c('BTS', '32032409', 'RNCP34029', 'Support à l’action managériale', '5', 2, 'lycee', 3),
  c(
    'BTS',
    '32032611',
    'RNCP35340',
    'Services informatiques aux organisations option B solutions logicielles et applications métiers',
    '5',
    2,
    'lycee',
    4,
  ),
  c(
    'BTS',
    '32025007',
    'RNCP36968',
    'Maintenance des systèmes option A systèmes de production',
    '5',
    2,
    'cfa',
    3,
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
  ),
  c('BTS', '32025001', 'RNCP37561', 'Assistance technique d’ingénieur', '5', 2, 'lycee', 2),
  c('BTSA', '32321013', 'RNCP36003', 'Technico-commercial', '5', 2, 'agricole', 2),
  c('BTSA', '32321111', 'RNCP36773', 'Production horticole', '5', 2, 'agricole', 1),
  c('CAP', '50022137', 'RNCP37537', 'Boulanger', '3', 2, 'cfa', 8),
  c('CAP', '50022135', 'RNCP37535', 'Boucher', '3', 2, 'cfa', 3),
  c('CAP', '50022139', 'RNCP37553', 'Cuisine', '3', 2, 'cfa', 5),
  c('CAP', '50022130', 'RNCP37532', 'Charcutier-traiteur', '3', 2, 'cfa', 1),
  c('CAPA', '50321405', 'RNCP24928', 'Jardinier paysagiste', '3', 2, 'agricole', 2),
  c(
    'BAC PRO',
    '40025510',
    'RNCP25353',
    'Métiers de l’électricité et de ses environnements connectés',
    '4',
    3,
    'lycee',
    5,
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
  ),
  c('BAC PRO', '40022106', 'RNCP12508', 'Cuisine', '4', 3, 'lycee', 3),
  c('BAC PRO', '40033403', 'RNCP12802', 'Commercialisation et services en restauration', '4', 3, 'lycee', 2),
  c(
    'BAC PRO',
    '40022704',
    'RNCP35844',
    'Technicien de maintenance des systèmes énergétiques et climatiques',
    '4',
    3,
    'cfa',
    2,
  ),
  c('BP', '45022108', 'RNCP37491', 'Boulanger', '4', 2, 'cfa', 2),
  c('BP', '45033608', 'RNCP12281', 'Coiffure', '4', 2, 'cfa', 3),
  c('BP', '45025516', 'RNCP27774', 'Électricien(ne)', '4', 2, 'cfa', 2),
  c('MC4', '01033414', 'RNCP37382', 'Sommellerie', '4', 1, 'cfa', 1),
  c('MC5', '01022105', 'RNCP37380', 'Cuisinier en desserts de restaurant', '3', 1, 'cfa', 1),
  c(
    'BUT',
    '25131204',
    'RNCP35354',
    'Techniques de commercialisation parcours marketing digital, e-business et entrepreneuriat',
    '6',
    3,
    'universite',
    3,
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
  ),
  c('LICENCE PRO', '25022150', 'RNCP29740', 'Commerce et distribution', '6', 1, 'universite', 2),
  c(
    'LICENCE PRO',
    '25031302',
    'RNCP30181',
    'Assurance, banque, finance : chargé de clientèle',
    '6',
    1,
    'universite',
    1,
  ),
  c('TP', '36T32604', 'RNCP37674', 'Développeur web et web mobile', '5', 1, 'afpa', 3),
  c('TP', '46T31203', 'RNCP37098', 'Vendeur conseil en magasin', '4', 1, 'afpa', 2),
  c('TP', '46T31401', 'RNCP37121', 'Comptable assistant', '4', 1, 'afpa', 2),
  c('TP', '36T32603', 'RNCP37682', 'Technicien supérieur systèmes et réseaux', '5', 2, 'afpa', 1),
  c(
    'TITRE',
    null,
    'RNCP38575',
    'Responsable de la distribution et du développement commercial',
    '6',
    1,
    'ecole',
    2,
    'sur_demande',
  ),
  c('TITRE', null, 'RNCP37899', 'Chargé de gestion commerciale', '5', 2, 'ecole', 2, 'sur_demande'),
  c(
    'TITRE',
    null,
    'RNCP36141',
    'Gestionnaire de paie et administration du personnel',
    '5',
    1,
    'ecole',
    1,
    'sur_demande',
  ),
];

/** Registrations that ended before the demo campaigns: formations still pointing at them fail CERT_EXPIREE. */
export const EXPIREES: readonly DemoCertification[] = [
  {
    ...c('BTS', null, 'RNCP34031', 'Management commercial opérationnel', '5', 2, 'lycee', 1),
    dateFin: '2024-08-31',
    successeur: 'RNCP38362',
  },
  { ...c('CAP', '50022136', 'RNCP35316', 'Pâtissier', '3', 2, 'cfa', 1), dateFin: '2024-08-31' },
];

/** How the formation's title starts for each diploma type. */
export const PREFIXES: Readonly<Record<string, string>> = {
  BTS: 'BTS',
  BTSA: 'BTSA',
  CAP: 'CAP',
  CAPA: 'CAP agricole',
  'BAC PRO': 'Bac pro',
  BP: 'Brevet professionnel',
  MC4: 'Mention complémentaire',
  MC5: 'Mention complémentaire',
  BUT: 'BUT',
  'LICENCE PRO': 'Licence professionnelle',
  TP: 'Titre professionnel',
  TITRE: 'Titre',
};
