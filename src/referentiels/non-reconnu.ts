import { extrait } from '../domain/issue-zod.mots.ts';
import type { Forme } from './sniff.ts';
import type { Importer, Kind } from './types.ts';

// Why a file was not recognised as the announced reference file, in the words of a refusal
// (REFERENTIEL_MAUVAIS_TYPE): what the file holds, quoted as it is, and what was expected.

/** What each kind's zip must hold, for a zip that holds something else. */
const ZIP_ATTENDU: Partial<Record<Kind, string>> = {
  rncp: 'les CSV de France compétences (« export_fiches_CSV_Standard_AAAA_MM_JJ.csv », « export_fiches_CSV_Certificateurs_… », …) ou leur XML (<FICHES>)',
  acce: 'le CSV de l’annuaire ACCE (colonnes « numero_uai », …, « coordonnee_x »)',
  sirene:
    'le CSV du stock des établissements Sirene (colonnes « siren », « siret », « etatAdministratifEtablissement »)',
};
const MEMBRES_CITES = 4;
const SEPARATEURS = [';', ',', '\t', '|'] as const;
const nomSeparateur = (d: string) => (d === '\t' ? 'tabulation' : `« ${d} »`);

/**
 * A header as a refusal quotes it: its first 4 columns joined by the file's own separator (the
 * file's first line as it reads, never as the expected one would), cut at 40 characters as every
 * quoted value (extrait), control characters replaced (a binary file's bytes never reach a page
 * or a terminal).
 */
export function enteteCite(colonnes: readonly string[], separateur = ';'): string {
  const lisible = colonnes
    .slice(0, 4)
    .join(separateur)
    .replace(/\p{Cc}/gu, '\uFFFD');
  return extrait(lisible) + (colonnes.length > 4 && lisible.length <= 40 ? '…' : '');
}

/** A zip member in a few words: « inside.csv » (CSV, en-tête « insee_com,… »). */
function membreCite(m: { readonly nom: string; readonly forme: Forme }): string {
  const f = m.forme;
  const quoi =
    f.type === 'csv'
      ? `CSV, première ligne « ${enteteCite(f.lignes[0] ?? [], f.delimiter)} »`
      : f.type === 'xml'
        ? `XML, racine <${extrait(f.racine)}>`
        : 'format non reconnu';
  return `« ${extrait(m.nom)} » (${quoi})`;
}

/**
 * The parenthesis of the refusal: a CSV's first line as written in the file, or « séparateur « , »
 * au lieu de « ; » » when its columns are the expected ones under another separator (the file
 * re-saved by a spreadsheet: the official file is asked for, not guessed); a zip's members (the
 * first 4) and what it should hold.
 */
export function pourquoiNonReconnu(forme: Forme, importer: Importer): string {
  if (forme.type === 'csv') {
    const attendu = SEPARATEURS.find(
      (d) => d !== forme.delimiter && importer.reconnaitre({ ...forme, delimiter: d }) !== null,
    );
    const ligne = `première ligne « ${enteteCite(forme.lignes[0] ?? [], forme.delimiter)} »`;
    return attendu
      ? `séparateur ${nomSeparateur(forme.delimiter)} au lieu de ${nomSeparateur(attendu)}, ${ligne} : reprenez le fichier officiel tel qu’il est publié, ou enregistrez-le avec le séparateur ${nomSeparateur(attendu)}`
      : ligne;
  }
  if (forme.type === 'zip') {
    const cites = forme.membres.slice(0, MEMBRES_CITES).map(membreCite);
    const reste = forme.membres.length - cites.length;
    const contenu = forme.membres.length
      ? `qui contient ${cites.join(', ')}${reste > 0 ? ` et ${reste} autre${reste > 1 ? 's' : ''} fichier${reste > 1 ? 's' : ''}` : ''}`
      : 'vide';
    const attendu = ZIP_ATTENDU[importer.kind];
    return `fichier ZIP ${contenu}${attendu ? ` ; attendu : ${attendu}` : ` ; attendu : ${importer.libelle}`}`;
  }
  if (forme.type === 'inconnu') return 'format de fichier non reconnu';
  return `fichier ${forme.type.toUpperCase()} sans la structure attendue`;
}
