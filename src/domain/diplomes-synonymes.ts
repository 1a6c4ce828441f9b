// Diplomas as people type them: the abbreviation (« BP ») or the long name (« brevet
// professionnel », « brevet pro »), each finding the other (docs/recherche.md « Ce qu’on peut
// taper »). Applied to the query, not to the index: a group of alternatives costs nothing to index
// and the 50,000 documents stay as they are (no reindexing, no bigger index).

/**
 * One diploma: the forms that name it (normalised words: lower case, no accents; stop words
 * dropped when compared), and the forms searched for it when `aussi` names others too.
 */
interface Diplome {
  readonly formes: readonly string[];
  /** Other diplomas' forms searched as well (the DUT is now awarded within the BUT). */
  readonly aussi?: readonly string[];
}

// The types come from the BCN (N_NIVEAU_FORMATION_DIPLOME LIBELLE_COURT / LIBELLE_100, e.g.
// « BP » / « BREVET PROFESSIONNEL », « LIC PRO », « BP JEPS ») and from RNCP's Abrege_Libelle
// (« TP »): those short labels are in the document through the certification's type.
const BUT = ['but', 'bachelor universitaire technologie'];
const DIPLOMES: readonly Diplome[] = [
  { formes: ['cap', 'certificat aptitude professionnelle'] },
  {
    formes: ['capa', 'cap agricole', 'certificat aptitude professionnelle agricole'],
  },
  { formes: ['bp', 'brevet professionnel', 'brevet pro'] },
  {
    formes: [
      'bpjeps',
      'bp jeps',
      'brevet professionnel jeunesse education populaire sport',
      'brevet pro jeunesse education populaire sport',
    ],
  },
  { formes: ['bpa', 'brevet professionnel agricole'] },
  { formes: ['bts', 'brevet technicien superieur'] },
  { formes: ['btsa', 'bts agricole', 'brevet technicien superieur agricole'] },
  { formes: ['bac pro', 'bacpro', 'baccalaureat professionnel', 'bac professionnel', 'baccalaureat pro'] },
  { formes: ['bep', 'brevet etudes professionnelles'] },
  { formes: ['mc', 'mention complementaire'] },
  { formes: ['tp', 'titre professionnel', 'titre pro'] },
  { formes: ['dut', 'diplome universitaire technologie'], aussi: BUT },
  { formes: BUT },
  {
    formes: ['lp', 'licence pro', 'licence professionnelle', 'lic pro', 'licence professionnel'],
  },
  { formes: ['cqp', 'certificat qualification professionnelle'] },
  { formes: ['bma', 'brevet metiers art'] },
  { formes: ['dn made', 'dnmade', 'diplome national metiers art design'] },
  { formes: ['deust', 'diplome etudes universitaires scientifiques techniques'] },
  { formes: ['dejeps', 'de jeps', 'diplome etat jeunesse education populaire sport'] },
];

/** French stop words a long name is typed with or without (« brevet de technicien supérieur »). */
const VIDES = new Set(['de', 'd', 'du', 'des', 'la', 'le', 'l', 'les', 'et', 'a', 'aux', 'au', 'en']);

const mots = (s: string) => s.split(' ').filter((m) => m && !VIDES.has(m));

/** Each form as its words, the longest first: « bts agricole » is read before « bts ». */
const FORMES: readonly { readonly mots: readonly string[]; readonly cherche: readonly string[] }[] =
  DIPLOMES.flatMap((d) =>
    d.formes.map((f) => ({ mots: mots(f), cherche: [...d.formes, ...(d.aussi ?? [])] })),
  ).sort((a, b) => b.mots.length - a.mots.length);

/** A diploma named in the query. */
export interface DiplomeTape {
  /** The words as typed (normalised), for « Vouliez-vous dire ». */
  readonly tape: string;
  /** The forms to search, any of them (each a phrase: all its words). */
  readonly formes: readonly string[];
}

/**
 * Takes the diplomas out of a query's words (normalised: lower case, no accents, [a-z0-9]+): the
 * longest form first at each word, stop words skipped inside a form (« brevet de technicien
 * supérieur »). Dotted abbreviations (« B.P. », « C.A.P. ») are read whole.
 */
export function lireDiplomes(normalise: string): { diplomes: DiplomeTape[]; reste: string } {
  const t = normalise
    .replace(/\b(?:[a-z]\.){2,}/g, (m) => m.replace(/\./g, ''))
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const diplomes: DiplomeTape[] = [];
  const reste: string[] = [];
  let i = 0;
  while (i < t.length) {
    const trouve = VIDES.has(t[i]!) ? null : formeA(t, i);
    if (trouve) {
      diplomes.push({ tape: t.slice(i, trouve.fin).join(' '), formes: trouve.cherche });
      i = trouve.fin;
    } else reste.push(t[i++]!);
  }
  return { diplomes, reste: reste.join(' ') };
}

/** The longest form starting at word `i` (stop words skipped), with the index after it. */
function formeA(t: readonly string[], i: number) {
  for (const f of FORMES) {
    let j = i;
    let k = 0;
    while (k < f.mots.length && j < t.length) {
      if (t[j] === f.mots[k]) k++;
      else if (!VIDES.has(t[j]!)) break;
      j++;
    }
    if (k === f.mots.length) return { fin: j, cherche: f.cherche };
  }
  return null;
}
