// The « Type de diplôme » filter of the search as people know the diplomas (docs/recherche.md
// « Filtres »), pure. A certification's type is open data, written as each source writes it: the
// BCN's short label of its NIVEAU_FORMATION_DIPLOME (« LIC PRO », « TITRE » for the « TH de niveau
// … non précisé », « MC »; referentiels/bcn.builder.ts), RNCP's « Abrégé » (« TP », « MC4 »,
// « MC5 », « Licence Professionnelle », « Titre ingénieur »; kit apprentissage, fiches RNCP) or the
// demo's (« LICENCE PRO »). The filter groups the codes that name the same diploma under one key and
// one label (the long name of BCN N_NIVEAU_FORMATION_DIPLOME LIBELLE_100 or of the RNCP, written as
// a sentence), and a key filters on every code of its group. A code of no group is its own key
// (written in capitals, without accents) and its own label.

interface TypeDiplome {
  /** The filter's value (`type=` of the page, `type_diplome` of the API). */
  readonly cle: string;
  readonly libelle: string;
  /** Other codes of the same diploma (as cleCode writes them). */
  readonly autres?: readonly string[];
}

const TYPES: readonly TypeDiplome[] = [
  { cle: 'CAP', libelle: 'CAP (certificat d’aptitude professionnelle)' },
  { cle: 'CAPA', libelle: 'CAP agricole', autres: ['CAP AGRICOLE'] },
  { cle: 'BEP', libelle: 'BEP (brevet d’études professionnelles)' },
  { cle: 'BEPA', libelle: 'BEP agricole' },
  {
    cle: 'BAC PRO',
    libelle: 'Bac pro (baccalauréat professionnel)',
    autres: ['BACPRO', 'BAC PROFESSIONNEL'],
  },
  { cle: 'BAC TECHNO', libelle: 'Bac technologique' },
  { cle: 'BAC GENERAL', libelle: 'Bac général' },
  { cle: 'BP', libelle: 'Brevet professionnel (BP)', autres: ['BREVET PROFESSIONNEL'] },
  { cle: 'BPA', libelle: 'Brevet professionnel agricole (BPA)' },
  {
    cle: 'BPJEPS',
    libelle: 'BPJEPS (brevet professionnel de la jeunesse et des sports)',
    autres: ['BP JEPS'],
  },
  { cle: 'CPJEPS', libelle: 'CPJEPS (certificat professionnel de la jeunesse et des sports)' },
  { cle: 'DEJEPS', libelle: 'DEJEPS (diplôme d’État de la jeunesse et des sports)', autres: ['DE JEPS'] },
  { cle: 'DESJEPS', libelle: 'DESJEPS (diplôme d’État supérieur de la jeunesse et des sports)' },
  { cle: 'MC', libelle: 'Mention complémentaire', autres: ['MC3', 'MC4', 'MC5', 'MENTION COMPLEMENTAIRE'] },
  // The BCN's CS3 / CS4 (2024, the mentions complémentaires' successors) and the agricultural CS.
  { cle: 'CS', libelle: 'Certificat de spécialisation', autres: ['CS3', 'CS4'] },
  { cle: 'BMA', libelle: 'Brevet des métiers d’art (BMA)' },
  { cle: 'BT', libelle: 'Brevet de technicien' },
  { cle: 'BTA', libelle: 'Brevet de technicien agricole' },
  { cle: 'BTS', libelle: 'BTS (brevet de technicien supérieur)' },
  { cle: 'BTSA', libelle: 'BTS agricole (BTSA)' },
  { cle: 'BTSMARIT', libelle: 'BTS maritime' },
  { cle: 'DMA', libelle: 'Diplôme des métiers d’art (DMA)' },
  {
    cle: 'DN MADE',
    libelle: 'DN MADE (diplôme national des métiers d’art et du design)',
    autres: ['DNMADE'],
  },
  { cle: 'DUT', libelle: 'DUT (diplôme universitaire de technologie)' },
  { cle: 'BUT', libelle: 'BUT (bachelor universitaire de technologie)' },
  { cle: 'DEUST', libelle: 'DEUST (diplôme d’études universitaires scientifiques et techniques)' },
  {
    cle: 'LP',
    libelle: 'Licence professionnelle',
    autres: ['LIC PRO', 'LICENCE PRO', 'LICENCE PROFESSIONNELLE'],
  },
  { cle: 'LICENCE', libelle: 'Licence' },
  { cle: 'MASTER', libelle: 'Master' },
  { cle: 'INGENIEUR', libelle: 'Diplôme d’ingénieur', autres: ['TITRE INGENIEUR'] },
  { cle: 'DE', libelle: 'Diplôme d’État' },
  // The Ministry of Labour's titre professionnel (RNCP « TP »; BCN 46T…: « TH … ministère du Travail »).
  { cle: 'TP', libelle: 'Titre professionnel', autres: ['TITRE PROFESSIONNEL'] },
  // BCN « TITRE » (16Z…56Z, « TH de niveau … non précisé »): a title registered in the RNCP by any
  // certifier (a school, a chamber…), not only the Ministry of Labour's: kept apart from « TP ».
  { cle: 'TITRE', libelle: 'Titre inscrit au RNCP' },
  { cle: 'CQP', libelle: 'Certificat de qualification professionnelle (CQP)' },
];

/** A code as the groups compare it: capitals, no accents, one space between words. */
const cleCode = (code: string): string =>
  code
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

const PAR_CODE: ReadonlyMap<string, TypeDiplome> = new Map(
  TYPES.flatMap((t) => [t.cle, ...(t.autres ?? [])].map((c) => [c, t] as const)),
);

/** The filter's key of a certification's type (« MC4 » → « MC », « LIC PRO » → « LP »; « ZZZ » → « ZZZ »). */
export const cleTypeDiplome = (code: string): string => {
  const c = cleCode(code);
  return PAR_CODE.get(c)?.cle ?? c;
};

/** What the filter says of a key (« Mention complémentaire »; a code of no group, itself). */
export const libelleTypeDiplome = (cle: string): string => PAR_CODE.get(cleCode(cle))?.libelle ?? cle;

/**
 * The codes a key filters on, as cleCode writes them (every code of its group): the index compares
 * its types written the same way (recherche.repository.ts pageIndex).
 */
export const codesTypeDiplome = (cle: string): string[] => {
  const t = PAR_CODE.get(cleCode(cle));
  return t ? [t.cle, ...(t.autres ?? [])] : [cleCode(cle)];
};
