import type { ImportTacheResume } from '../../../db/import-tache.repository.ts';
import { personneEtRole } from '../../../domain/acteur.ts';
import { dateHeureLongue } from '../../../domain/dates.ts';
import { type ComptesConseil, type EtatApercu, etatApercu } from '../../../domain/import-apercu.ts';
import type { OrigineImport } from '../../../domain/import-origine.ts';
import { dixiemes, nombre } from '../../../domain/nombres.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { colonnesClasseur } from '../../../formats/classeur/classeur.columns.ts';
import {
  comptesConseil,
  type LigneRapport,
  type RapportClasseur,
  resultatLigne,
  resumeRapport,
  type Verdict,
} from '../../../formats/classeur/classeur.report.ts';
import { comptesFormations } from '../../../formats/lheo/lheo.rapport.ts';
import type { LheoImportReport } from '../../../services/import-lheo.service.ts';
import { CORPS_DE_LA_REQUETE } from '../../../services/imports/import-trace.ts';

// Words of the Imports pages.

const BADGES: Readonly<Record<Verdict, string>> = {
  nouvelle: 'fr-badge--info',
  modifiee: 'fr-badge--new',
  fermee: 'fr-badge--warning',
  inchangee: '',
  erreur: 'fr-badge--error',
};

/** The « Résultat » of a workbook row: a change awaiting validation has its own label. */
export function resultatDe(l: Pick<LigneRapport, 'verdict' | 'a_valider'>): {
  libelle: string;
  badge: string;
} {
  return {
    libelle: resultatLigne(l),
    badge: l.a_valider ? 'fr-badge--warning fr-badge--no-icon' : BADGES[l.verdict],
  };
}

export const FORMAT: Readonly<Record<string, string>> = {
  classeur: 'Classeur de campagne',
  lheo: 'Fichier LHEO',
};

/**
 * An import's heading: its format and its file's name (« Fichier LHEO « offre.xml » »); a body
 * sent to the API has no file: said so, never « corps de la requête » quoted as a file's name.
 */
export const intituleImport = (t: Pick<ImportTacheResume, 'format' | 'fichier_nom'>): string =>
  t.fichier_nom === CORPS_DE_LA_REQUETE
    ? `${FORMAT[t.format]} envoyé dans le corps de la requête`
    : `${FORMAT[t.format]} « ${t.fichier_nom} »`;

/** An import's file as lists and the breadcrumb name it: its name, or that an API body had none. */
export const fichierImport = (t: Pick<ImportTacheResume, 'fichier_nom'>): string =>
  t.fichier_nom === CORPS_DE_LA_REQUETE ? 'Envoi par l’API (sans fichier)' : t.fichier_nom;

/** Where an import came from (migration 0970), as the « Origine » column says it. */
export const ORIGINE: Readonly<Record<OrigineImport, string>> = {
  page: 'Page',
  cli: 'Ligne de commande',
  api: 'API',
};

/**
 * Who imported, when it is a person other than the organisme's own users (a gestionnaire, an
 * administrator), named as the history names people: « Inès Martin (ines@carif.test), gestionnaire
 * de la région Auvergne-Rhône-Alpes »; undefined for an organisme user, a key, the command line.
 */
export function importePar(t: Pick<ImportTacheResume, 'acteur'>): string | undefined {
  const a = t.acteur;
  return a.kind === 'utilisateur' && a.email && a.role !== 'organisme' ? personneEtRole(a) : undefined;
}

/**
 * The origin, with the API key's name when there is one (« API (clé « SI Région ») ») or the person
 * who imported when it is not the organisme (« API, par Inès Martin (…), gestionnaire de la région
 * … »); a gestionnaire's page is « Page des gestionnaires ».
 */
export function origineDe(t: Pick<ImportTacheResume, 'origine' | 'cle_nom' | 'acteur'>): string {
  if (t.origine === 'api' && t.cle_nom) return `API (clé « ${t.cle_nom} »)`;
  const par = importePar(t);
  if (!par) return ORIGINE[t.origine];
  return `${t.origine === 'page' ? 'Page des gestionnaires' : ORIGINE[t.origine]}, par ${par}`;
}

/**
 * The counts of a finished job (migration 0970), in the words of its report: a workbook counts
 * rows, LHEO formations; the stored report's summary for a job counted before them.
 */
export function comptesDe(
  t: Pick<
    ImportTacheResume,
    'format' | 'rapport' | 'creees' | 'modifiees' | 'inchangees' | 'archivees' | 'rejetees'
  >,
): string {
  if (t.creees === null || t.modifiees === null || t.inchangees === null || t.rejetees === null)
    return resume(t);
  return t.format === 'classeur'
    ? `${pluriel(t.creees, 'nouvelle', 'nouvelles')}, ${pluriel(t.modifiees, 'modifiée', 'modifiées')}, ${pluriel(t.archivees ?? 0, 'fermée', 'fermées')}, ${pluriel(t.inchangees, 'inchangée', 'inchangées')}, ${nombre(t.rejetees)} en erreur`
    : comptesFormations(t.creees, t.modifiees, t.inchangees, t.rejetees);
}

/**
 * A finished job's report in two counts: rows (workbook) or formations (LHEO) in error, and those
 * applying would create, change or close (none: the page offers no « Appliquer »).
 */
export function comptesApercu(t: Pick<ImportTacheResume, 'format' | 'rapport'>): Required<ComptesConseil> {
  if (!t.rapport) return { erreurs: 0, applicables: 0, concurrentes: 0, horsPerimetre: 0 };
  if (t.format === 'classeur') return { ...comptesConseil(t.rapport as RapportClasseur), concurrentes: 0 };
  const r = t.rapport as LheoImportReport;
  const f = r.formations;
  // One refusal each (the record was valid); those beyond the listed refusals count as to correct.
  const concurrentes = (r.rejets ?? []).filter((x) => x.code === 'IMPORT_CONCURRENT').length;
  // An LHEO refusal outside the perimeter (ACCES_REFUSE) is also that of a write moving a formation
  // out of the gestionnaire's régions, to correct: none is counted apart.
  return { erreurs: f.rejetees, applicables: f.creees + f.mises_a_jour, concurrentes, horsPerimetre: 0 };
}

const BADGE_APERCU: Readonly<Record<EtatApercu['niveau'], string>> = {
  erreur: 'fr-badge--error',
  avertissement: 'fr-badge--warning',
  info: 'fr-badge--info',
};

/** What a job is at, in a few words; a preview with rows in error says so. */
export function etatDe(t: Pick<ImportTacheResume, 'etape' | 'etat' | 'format' | 'rapport'>): {
  libelle: string;
  badge: string;
} {
  if (t.etat === 'echouee') return { libelle: 'Échec', badge: 'fr-badge--error' };
  if (t.etat === 'en_attente' || t.etat === 'en_cours')
    return {
      libelle: t.etape === 'apercu' ? 'Aperçu en préparation' : 'Application en cours',
      badge: 'fr-badge--info',
    };
  if (t.etape !== 'apercu') return { libelle: 'Appliqué', badge: 'fr-badge--success' };
  const c = comptesApercu(t);
  const e = etatApercu(c.erreurs, c.applicables, t.format === 'classeur' ? 'ligne' : 'formation');
  return { libelle: e.libelle, badge: BADGE_APERCU[e.niveau] };
}

const ENTETES = new Map(colonnesClasseur(2000).map((c) => [c.cle, c.entete]));
/** The header of a workbook column, from its key (the two date columns without their year). */
export const enteteDe = (cle: string) =>
  cle === 'debut' ? 'Date de début' : cle === 'fin' ? 'Date de fin' : (ENTETES.get(cle) ?? cle);

/** One-line summary of a finished job's report. */
export function resume(t: Pick<ImportTacheResume, 'format' | 'rapport'>): string {
  if (!t.rapport) return '';
  if (t.format === 'classeur') return resumeRapport(t.rapport as RapportClasseur);
  const f = (t.rapport as LheoImportReport).formations;
  return comptesFormations(f.creees, f.mises_a_jour, f.inchangees, f.rejetees);
}

/** Refusals that say nothing against the file: the same file is to be sent again, not corrected. */
const ECHECS_PASSAGERS: ReadonlySet<string> = new Set([
  'IMPORT_INTERROMPU',
  'IMPORT_CONCURRENT',
  'BASE_OCCUPEE',
  'ERREUR_INTERNE',
]);

/**
 * What a failed import's page advises after the refusal's message, fitting it (code: the stored
 * refusal's): another organisme's workbook is not to be corrected but replaced by one's own
 * (`telecharger`: the page links to its download); an interrupted, concurrent or unexpected
 * failure is no fault of the file, sent again as it is; any other refusal is the file's.
 */
export function conseilEchec(code: string | undefined): { texte: string; telecharger: boolean } {
  if (code === 'CLASSEUR_AUTRE_ORGANISME')
    return {
      texte:
        'Ce classeur n’est pas à corriger : téléchargez celui de votre organisme, reportez-y vos modifications, puis envoyez-le.',
      telecharger: true,
    };
  if (code && ECHECS_PASSAGERS.has(code))
    return { texte: 'Le fichier n’est pas en cause : envoyez-le à nouveau.', telecharger: false };
  return { texte: 'Corrigez le fichier puis envoyez-le à nouveau.', telecharger: false };
}

export const dateHeure = (d: Date | string) => dateHeureLongue(d);

export const taille = (octets: number) =>
  octets < 1024 * 1024
    ? `${Math.max(1, Math.round(octets / 1024))} Ko`
    : `${dixiemes(octets / 1024 / 1024)} Mo`;
