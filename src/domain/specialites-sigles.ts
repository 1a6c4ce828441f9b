// Diploma specialties as people type them: the usual acronym of a specialty (« BTS MCO », « BUT
// GEA », « CAP AEPE », « Bac pro MELEC », « TP DWWM ») for the words of its official title
// (docs/recherche.md « Ce qu’on peut taper »). No référentiel carries these acronyms (BCN
// LIBELLE_COURT is the type, LIBELLE_STAT_33 an abbreviated title; RNCP Abrege_Libelle the type):
// the list is kept by hand. Applied to the query, like the diploma synonyms (diplomes-synonymes.ts).
//
// Source of each title: the official intitulé, as written in the BCN (N_FORMATION_DIPLOME,
// LIBELLE_LONG_200, extract of February 2024, code CFD given) or, for the BUT and titres
// professionnels, in the CFD ↔ RNCP link (« kit apprentissage » v3.0, « Intitulé diplôme (DEPP) »,
// fiche RNCP given). Only the title's meaningful words are kept (stop words and elided articles
// dropped: the full-text search drops them too), so that each acronym finds the words the official
// titles really hold.

/** Diploma keys (the first form of a group of diplomes-synonymes.ts) an acronym is used with. */
type Cle = 'bts' | 'but' | 'dut' | 'cap' | 'bac pro' | 'tp';

interface Specialite {
  /** The acronym, normalised (lower case, letters and digits). */
  readonly sigle: string;
  /** The diplomas it names a specialty of. */
  readonly diplomes: readonly Cle[];
  /** The official title's words (normalised, stop words dropped). */
  readonly intitule: string;
  /**
   * Read as a specialty even without its diploma in the query: an acronym that is no French word,
   * town or common abbreviation (« MCO », « NDRC »). The others (« CI », « SAM », « CG », « GA »,
   * « EPC » — équipement de protection collective —, « AGORA ») only beside their diploma.
   */
  readonly seul?: boolean;
}

const BUT_DUT: readonly Cle[] = ['but', 'dut'];

export const SPECIALITES: readonly Specialite[] = [
  // BTS — BCN
  { sigle: 'mco', diplomes: ['bts'], intitule: 'management commercial operationnel', seul: true }, // 32031213
  { sigle: 'muc', diplomes: ['bts'], intitule: 'management unites commerciales', seul: true }, // 32031209 (fermé 2020)
  {
    sigle: 'ndrc',
    diplomes: ['bts'],
    intitule: 'negociation digitalisation relation client',
    seul: true,
  }, // 32031212
  { sigle: 'nrc', diplomes: ['bts'], intitule: 'negociation relation client' }, // 32031210 (fermé 2019)
  { sigle: 'sio', diplomes: ['bts'], intitule: 'services informatiques organisations', seul: true }, // 32032613, 32032614
  { sigle: 'cg', diplomes: ['bts'], intitule: 'comptabilite gestion' }, // 32031408
  { sigle: 'gpme', diplomes: ['bts'], intitule: 'gestion pme', seul: true }, // 32031409
  { sigle: 'sam', diplomes: ['bts'], intitule: 'support action manageriale' }, // 32032409
  { sigle: 'ci', diplomes: ['bts'], intitule: 'commerce international' }, // 32031215
  // BUT — kit apprentissage (fiches RNCP 35xxx, « SPÉCIALITÉ : PARCOURS (BUT) ») ; DUT — BCN
  {
    sigle: 'gea',
    diplomes: BUT_DUT,
    intitule: 'gestion entreprises administrations',
    seul: true,
  }, // RNCP35375…35378 ; DUT 35031001
  { sigle: 'tc', diplomes: BUT_DUT, intitule: 'techniques commercialisation' }, // RNCP35354…35358
  {
    sigle: 'geii',
    diplomes: BUT_DUT,
    intitule: 'genie electrique informatique industrielle',
    seul: true,
  }, // RNCP35407…35409 ; DUT 35025506
  { sigle: 'mmi', diplomes: BUT_DUT, intitule: 'metiers multimedia internet', seul: true }, // RNCP35500…35502 ; DUT 35032002
  {
    sigle: 'qlio',
    diplomes: BUT_DUT,
    intitule: 'qualite logistique industrielle organisation',
    seul: true,
  }, // RNCP35350…35353 ; DUT 35020007
  { sigle: 'gmp', diplomes: BUT_DUT, intitule: 'genie mecanique productique', seul: true }, // RNCP35463…35467 ; DUT 35025101
  { sigle: 'rt', diplomes: BUT_DUT, intitule: 'reseaux telecommunications' }, // RNCP35455…35458 ; DUT 35032608
  {
    sigle: 'gaco',
    diplomes: BUT_DUT,
    intitule: 'gestion administrative commerciale organisations',
    seul: true,
  }, // RNCP35388 ; DUT 35031004
  { sigle: 'cj', diplomes: BUT_DUT, intitule: 'carrieres juridiques' }, // RNCP35491…35493 ; DUT 35034501
  // CAP — BCN
  { sigle: 'aepe', diplomes: ['cap'], intitule: 'accompagnant educatif petite enfance', seul: true }, // 50033205
  { sigle: 'pe', diplomes: ['cap'], intitule: 'petite enfance' }, // 50033202 (fermé 2019), et l’AEPE
  { sigle: 'epc', diplomes: ['cap'], intitule: 'equipier polyvalent commerce' }, // 50031224
  { sigle: 'psr', diplomes: ['cap'], intitule: 'production service restaurations' }, // 50022142
  // Bac pro — BCN
  {
    sigle: 'melec',
    diplomes: ['bac pro'],
    intitule: 'metiers electricite environnements connectes',
    seul: true,
  }, // 40025510
  {
    sigle: 'mspc',
    diplomes: ['bac pro'],
    intitule: 'maintenance systemes production connectes',
    seul: true,
  }, // 40025012
  {
    sigle: 'assp',
    diplomes: ['bac pro'],
    intitule: 'accompagnement soins services personne',
    seul: true,
  }, // 40033007
  {
    sigle: 'agora',
    diplomes: ['bac pro'],
    intitule: 'assistance gestion organisations activites',
  }, // 40030004
  { sigle: 'ga', diplomes: ['bac pro'], intitule: 'gestion administration' }, // 40030001 (fermé 2022)
  { sigle: 'mcv', diplomes: ['bac pro'], intitule: 'metiers commerce vente' }, // 40031213, 40031214
  { sigle: 'mrc', diplomes: ['bac pro'], intitule: 'metiers relation client' }, // 40031211
  // Titres professionnels — kit apprentissage
  { sigle: 'dwwm', diplomes: ['tp'], intitule: 'developpeur web web mobile', seul: true }, // RNCP37674
  { sigle: 'cda', diplomes: ['tp'], intitule: 'concepteur developpeur applications' }, // RNCP31678
  { sigle: 'advf', diplomes: ['tp'], intitule: 'assistant vie familles', seul: true }, // RNCP35506
  { sigle: 'ntc', diplomes: ['tp'], intitule: 'negociateur technico commercial' }, // RNCP34079
  { sigle: 'tssr', diplomes: ['tp'], intitule: 'technicien superieur systemes reseaux', seul: true }, // RNCP37682
];

const PAR_SIGLE = new Map(SPECIALITES.map((s) => [s.sigle, s]));

/** A specialty named by its acronym in the query. */
export interface SpecialiteTapee {
  /** The acronym as typed (normalised), for « Vouliez-vous dire ». */
  readonly tape: string;
  /**
   * The forms to search, any of them: the official title's words, and the acronym itself when it
   * has 3 letters or more (offers often write « BTS MCO »; a 2-letter one, « ci », would also find
   * « ci-dessous » in a text).
   */
  readonly formes: readonly string[];
}

/**
 * The specialty an acronym names, given the diplomas typed in the same query (their keys, the first
 * form of their group: « bts », « bac pro »): beside one of its diplomas, or alone when it is
 * `seul`; null otherwise (« sam », « ci » as plain words).
 */
export function lireSpecialite(mot: string, diplomes: readonly string[]): SpecialiteTapee | null {
  const s = PAR_SIGLE.get(mot);
  if (!s || !(s.seul || s.diplomes.some((d) => diplomes.includes(d)))) return null;
  return { tape: mot, formes: s.sigle.length >= 3 ? [s.intitule, s.sigle] : [s.intitule] };
}
