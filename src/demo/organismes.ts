// Demo organismes: valid SIRET (Luhn), UAI (check letter) and NDA, named as French CFA, lycées,
// universities and schools are, spread evenly over the curated communes.
import { de } from '../domain/elision.ts';
import { luhnComplete, uaiCheckLetter } from '../domain/identifiants.ts';
import type { Famille } from './certifications.data.ts';
import { COMMUNES } from './communes.data.ts';
import { NOMS, PERSONNALITES, PRENOMS, VOIES } from './noms.data.ts';
import { type Rng, rng, subSeed } from './prng.ts';
import type { DemoContact, DemoOrganisme, OrganismeDefaut } from './types.ts';

const FAMILLES: readonly (readonly [Famille, number])[] = [
  ['cfa', 34],
  ['lycee', 34],
  ['universite', 8],
  ['ecole', 9],
  ['afpa', 8],
  ['agricole', 7],
];

// One organisme in 8 carries a defect, in a fixed cycle so that even a small demo has each kind.
const DEFAUTS: readonly OrganismeDefaut[] = [
  'ferme',
  'sans_qualiopi',
  'sans_nda',
  'sans_referent',
  'uai_invalide',
  'non_habilite',
];
const defautOf = (i: number): OrganismeDefaut | null =>
  i % 8 === 5 ? DEFAUTS[Math.floor(i / 8) % DEFAUTS.length]! : null;

/** "Paris 15e Arrondissement" → "Paris": names of organismes use the town. */
export function villeOf(nom: string): string {
  return nom.replace(/ \d+(er|e) Arrondissement$/, '');
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function raisonSociale(r: Rng, famille: Famille, ville: string): string {
  switch (famille) {
    case 'cfa':
      return r.pick([
        `CFA des métiers ${de(ville)}`,
        `CFA interprofessionnel ${de(ville)}`,
        `Centre de formation d’apprentis ${de(ville)}`,
        `Campus des métiers ${de(ville)}`,
        `Faculté des métiers ${de(ville)}`,
      ]);
    case 'lycee':
      return `${r.pick(['Lycée professionnel', 'Lycée polyvalent', 'Lycée des métiers'])} ${r.pick(PERSONNALITES)}`;
    case 'universite':
      return r.pick([
        `IUT ${de(ville)}`,
        `CFA universitaire ${de(ville)}`,
        `Université ${de(ville)} – formation continue`,
      ]);
    case 'ecole':
      return r.pick([
        `École supérieure de commerce ${de(ville)}`,
        `Campus ${ville} Business School`,
        `Institut de gestion ${de(ville)}`,
        `Sup’Alternance ${ville}`,
      ]);
    case 'afpa':
      return r.pick([
        `Centre de formation professionnelle pour adultes ${de(ville)}`,
        `GRETA ${de(ville)}`,
        `Institut régional de formation ${de(ville)}`,
      ]);
    case 'agricole':
      return r.pick([
        `CFA agricole ${de(ville)}`,
        `Lycée agricole ${de(ville)}`,
        `Maison familiale rurale ${de(ville)}`,
      ]);
  }
}

/** French phone number with the right prefix for the place (01 Île-de-France … 0262 La Réunion). */
export function telephone(r: Rng, region: string): string {
  const dom: Record<string, string> = {
    '01': '0590',
    '02': '0596',
    '03': '0594',
    '04': '0262',
    '06': '0269',
  };
  const zone: Record<string, string> = {
    '11': '01',
    '24': '02',
    '28': '02',
    '52': '02',
    '53': '02',
    '27': '03',
    '32': '03',
    '44': '03',
    '75': '05',
    '76': '05',
  };
  const p = dom[region] ?? zone[region] ?? '04';
  const rest = r.digits(10 - p.length);
  return `${p}${rest}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

export function personne(r: Rng): { nom: string; courrielLocal: string } {
  const prenom = r.pick(PRENOMS);
  const nom = r.pick(NOMS);
  return { nom: `${prenom} ${nom}`, courrielLocal: `${slug(prenom)}.${slug(nom)}` };
}

/** UAI: 7 digits (department on 3 digits, Corsica 620/720, overseas 97x) + check letter. */
export function demoUai(r: Rng, departement: string, valid: boolean): string {
  const dep = departement === '2A' ? '620' : departement === '2B' ? '720' : departement.padStart(3, '0');
  const seven = `${dep}${r.digits(4)}`;
  const letter = uaiCheckLetter(seven);
  const wrong = 'ABCDEFGHJKLMNPRSTUVWXYZ'.replace(letter.toUpperCase(), '');
  return `${seven}${valid ? letter.toUpperCase() : r.pick([...wrong])}`;
}

/** NDA: 11 digits, region then department then a serial, as the DGEFP numbers them. */
function nda(r: Rng, region: string, departement: string): string {
  return `${region}${departement.slice(-2).replace('A', '0').replace('B', '0')}${r.digits(5)}${departement.slice(-2).replace(/[AB]/, '0')}`;
}

export function organismeCount(formations: number): number {
  return Math.max(60, Math.round(formations / 4));
}

/** The `index`-th demo organisme of `seed` (independent of the others but for SIRET uniqueness). */
export function generateOrganismes(seed: number, count: number): DemoOrganisme[] {
  const seen = new Set<string>();
  const ndas = new Set<string>();
  const out: DemoOrganisme[] = [];
  for (let i = 0; i < count; i++) {
    const r = rng(subSeed(seed, 1, i));
    // A stride coprime with the table spreads even a small demo over every region.
    const communeIndex = (i * 53) % COMMUNES.length;
    const [insee, cp, nomCommune, dep, region, lat, lon] = COMMUNES[communeIndex]!;
    const famille = r.weighted(FAMILLES);
    const defaut = defautOf(i);
    let siren: string;
    let siret: string;
    do {
      siren = luhnComplete(`${r.pick(['1', '2', '3', '4', '5', '7', '8', '9'])}${r.digits(7)}`);
      siret = luhnComplete(`${siren}000${r.int(1, 9)}`);
    } while (seen.has(siret) || siren === '356000000');
    seen.add(siret);
    let numero: string | null = null;
    if (defaut !== 'sans_nda') {
      do numero = nda(r, region, dep);
      while (ndas.has(numero));
      ndas.add(numero);
    }
    const ville = villeOf(nomCommune);
    const raison = raisonSociale(r, famille, ville);
    const domaine = `${slug(raison).slice(0, 40)}.fr`;
    const hasUai = famille === 'afpa' || famille === 'ecole' ? r.chance(0.9) : true;
    const contacts: DemoContact[] = [
      { type: 'accueil', nom: 'Accueil', telephone: telephone(r, region), courriel: `contact@${domaine}` },
    ];
    if (defaut !== 'sans_referent') {
      const p = personne(r);
      contacts.push({
        type: 'referent_handicap',
        nom: p.nom,
        telephone: telephone(r, region),
        courriel: `${p.courrielLocal}@${domaine}`,
      });
    }
    out.push({
      siret,
      siren,
      raison_sociale: raison,
      nda: numero,
      uai: hasUai || defaut === 'uai_invalide' ? demoUai(r, dep, defaut !== 'uai_invalide') : null,
      adresse: `${r.int(1, 120)} ${r.pick(VOIES)}`,
      code_postal: cp,
      commune: nomCommune,
      code_insee: insee,
      lat,
      lon,
      famille,
      communeIndex,
      defaut,
      contacts,
    });
  }
  return out;
}

export { slug };
