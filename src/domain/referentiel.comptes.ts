import { nombre } from './nombres.ts';
import { accord, pluriel } from './pluriel.ts';

// What a reference import's counts mean, in French, and its warnings (nothing held, nothing
// refused: said in the report and the preview). One wording for `offre referentiel import` and the
// page /gestion/referentiels (docs/referentiels.md « Ce que disent les comptes »).

/** The French name of each fact table, plural (the preview's table, the counts' sentences). */
export const LIBELLES_TABLE: Readonly<Record<string, string>> = {
  certification: 'Certifications',
  certification_lien: 'Liens CFD ↔ RNCP',
  certification_habilitation: 'Habilitations',
  diplome_mef: 'Codes MEF',
  etablissement: 'Établissements (Sirene)',
  organisme_declare: 'Organismes déclarés (DGEFP, Qualiopi)',
  uai: 'UAI',
  commune: 'Communes',
  commune_ancienne: 'Communes déléguées ou anciennes',
  bcn_nomenclature: 'Nomenclatures BCN',
  marche: 'Marchés',
};

/** A warning of an applied (or previewed) import: said, never holding it. */
export interface Avertissement {
  readonly code: 'REFERENTIEL_ENCODAGE_SUSPECT' | 'REFERENTIEL_FIN_DE_LIGNE_ABSENTE';
  readonly message: string;
  readonly fichier: string;
  readonly ligne: number | null;
  readonly colonne: string | null;
}

/**
 * U+FFFD in texts the file gives (`nombre` rows, the first at `premiere`): its bytes were decoded
 * with the wrong encoding, or re-saved after. `gardes`: stored labels kept over broken ones.
 */
export function avertissementEncodage(
  nombreLignes: number,
  premiere: { readonly fichier: string; readonly ligne: number | null; readonly colonne: string },
  gardes: number,
): Avertissement {
  const ou = `${premiere.fichier}, ligne ${premiere.ligne === null ? '?' : nombre(premiere.ligne)}, colonne ${premiere.colonne}`;
  return {
    code: 'REFERENTIEL_ENCODAGE_SUSPECT',
    message: `Caractère de remplacement « \uFFFD » dans ${pluriel(nombreLignes, 'ligne', 'lignes')} du fichier (première : ${ou}) : des lettres accentuées ont été perdues, le fichier a sans doute été lu ou réenregistré avec un mauvais encodage. ${gardes ? `${pluriel(gardes, 'libellé déjà enregistré sans ce caractère a été gardé', 'libellés déjà enregistrés sans ce caractère ont été gardés')} ; importez` : 'Importez'} de préférence le fichier tel que publié par sa source officielle.`,
    fichier: premiere.fichier,
    ligne: premiere.ligne,
    colonne: premiere.colonne,
  };
}

/**
 * A CSV file without a final newline: the official files all end with one (checked on every
 * extract of shared/reference), so its last value may have been cut (`head -c`, an interrupted
 * copy) without losing a field. `fin`: the file's last characters.
 */
export function avertissementFinDeLigne(fichier: string, fin: string): Avertissement {
  return {
    code: 'REFERENTIEL_FIN_DE_LIGNE_ABSENTE',
    message: `Le fichier ${fichier} ne se termine pas par un retour à la ligne, contrairement aux fichiers officiels : sa dernière ligne (qui finit par « ${fin} ») a peut-être été coupée au milieu de sa dernière valeur. Vérifiez-la, ou téléchargez de nouveau le fichier.`,
    fichier,
    ligne: null,
    colonne: null,
  };
}

/** The counts of an import, as ImportResult carries them. */
export interface Comptes {
  readonly kind: string;
  readonly lignes: {
    readonly lues: number;
    readonly gardees: number;
    readonly rejetees: number;
    readonly ignorees: number;
    readonly completees: number;
  };
  /** Rows skipped, by reason (older reports have none). */
  readonly ignorees_motifs?: Readonly<Record<string, number>>;
  /** Distinct facts the kept rows gave, per table (older reports have none). */
  readonly faits?: Readonly<Record<string, number>>;
  /** Facts left to the datasets this one only completes (BCN V after N). */
  readonly laisses?: { readonly nombre: number; readonly jeux: readonly string[] };
  readonly diff: Readonly<Record<string, { readonly ajouts: number } | undefined>>;
}

/**
 * What each count of an import is, one sentence each: lines read and what became of them, why
 * rows were skipped, how kept rows became facts (several rows per fact, or members of a zip),
 * facts left to another dataset. The CLI prints them, the page shows them.
 */
export function phrasesComptes(r: Comptes): string[] {
  const l = r.lignes;
  const phrases = [
    `${pluriel(l.lues, 'ligne de données lue', 'lignes de données lues')} (en-tête non compté) : ${pluriel(l.gardees, 'gardée', 'gardées')}, ${pluriel(l.rejetees, 'rejetée', 'rejetées')} (ligne mal formée, détaillée plus bas), ${pluriel(l.ignorees, 'ignorée', 'ignorées')} (sans rien à garder).`,
  ];
  const motifs = Object.entries(r.ignorees_motifs ?? {}).filter(([, n]) => n > 0);
  for (const [motif, n] of motifs)
    phrases.push(`${pluriel(n, 'ligne ignorée', 'lignes ignorées')} : ${motif}.`);
  const autres = l.ignorees - motifs.reduce((s, [, n]) => s + n, 0);
  if (motifs.length && autres > 0)
    phrases.push(`${pluriel(autres, 'autre ligne ignorée', 'autres lignes ignorées')}.`);
  const faits = Object.entries(r.faits ?? {}).filter(([, n]) => n > 0);
  if (faits.length) {
    const liste = faits.map(([t, n]) => `${LIBELLES_TABLE[t] ?? t} : ${nombre(n)}`).join(', ');
    const total = faits.reduce((s, [, n]) => s + n, 0);
    const lignes = l.gardees + l.completees;
    const pourquoi =
      total === lignes
        ? ''
        : r.kind === 'rncp'
          ? ' : une fiche a une ligne dans le membre « Standard » du zip, et d’autres dans « Certificateurs », « Partenaires », « Nsf », « Rome »… qui complètent sa certification ou donnent ses habilitations'
          : total < lignes
            ? ' : une ligne qui répète la clé d’une ligne déjà lue (même code, même lien) ne fait pas un fait de plus, la dernière lue compte'
            : ' : une ligne peut donner plusieurs faits (une commune et ses anciens noms)';
    phrases.push(
      `${accord(l.gardees, 'La ligne gardée', `Les ${nombre(l.gardees)} lignes gardées`)}${l.completees ? ` et ${accord(l.completees, 'la ligne ajoutée', `les ${nombre(l.completees)} lignes ajoutées`)} depuis la liste intégrée` : ''} ${accord(lignes, 'donne', 'donnent')} ${pluriel(total, 'fait distinct', 'faits distincts')} (${liste})${pourquoi}. Les colonnes « Ajoutés », « Modifiés », « Retirés » comparent ces faits à ceux déjà enregistrés : un fait inchangé n’y figure pas.`,
    );
  }
  if (l.completees)
    phrases.push(
      `${pluriel(l.completees, 'ligne ajoutée depuis la liste intégrée', 'lignes ajoutées depuis la liste intégrée')} (communes du COG absentes du fichier), hors des lignes lues.`,
    );
  if (r.laisses?.nombre)
    phrases.push(
      `${pluriel(r.laisses.nombre, 'fait laissé', 'faits laissés')} à ${r.laisses.jeux.join(', ')}, qui ${r.laisses.jeux.length > 1 ? 'les ont' : 'les a'} déjà : ce fichier ne fait que compléter ${accord(r.laisses.jeux.length, 'cette table', 'ces tables')}.`,
    );
  return phrases;
}
