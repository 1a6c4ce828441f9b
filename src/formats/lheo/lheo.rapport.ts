import { gzipSync } from 'node:zlib';
import type { CompteRegle, RegleBloquante, ReglesModifiee } from '../../domain/apercu-regles.ts';
import type { Change } from '../../domain/diff.ts';
import { capitale } from '../../domain/elision.ts';
import { nombre } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { indexSession } from '../../domain/regles/regles.ts';
import { type DatesSession, nomsSessions, phraseSessionSimple } from '../../domain/sessions-noms.ts';
import { valeurHistorique, vide } from '../../domain/valeur-lisible.ts';
import { BOM, champCsv } from '../csv/offre-csv.writer.ts';
import type { OrigineSession } from './lheo.doublons.ts';
import type { LheoRejet } from './lheo.rejet.ts';

// The report of an LHEO import, for its three doors (the page /espace/imports/{id}, the CLI
// `offre import lheo`, the API POST /imports/lheo): counts, the first formations created and
// modified (with the fields that change), the first refusals — bounded, so that a national file
// (50,000 formations) never holds a diff per formation in memory or in a page — and the full
// report, one line per element, streamed to a compact CSV (gzip members, see RapportCsv).

/** An LHEO import's formations by outcome: « 1 créée, 0 mise à jour, 3 inchangées, 2 rejetées ». */
export const comptesFormations = (
  creees: number,
  misesAJour: number,
  inchangees: number,
  rejetees: number,
): string =>
  `${pluriel(creees, 'créée', 'créées')}, ${pluriel(misesAJour, 'mise à jour', 'mises à jour')}, ${pluriel(inchangees, 'inchangée', 'inchangées')}, ${pluriel(rejetees, 'rejetée', 'rejetées')}`;

/** The first formations created / modified the report lists (the full report has them all). */
export const LISTE_MAX = 100;
/** The first fields listed per formation modified (a formation may change hundreds of sessions). */
export const CHAMPS_MAX = 20;
/** Longest value of a change, in characters, in the lists and the full report (a description is cut). */
const VALEUR_MAX = 200;

/** A formation of the file as the report names it. */
export interface FormationNommee {
  /** Line of its `<formation>` element in the file (1-based). */
  readonly ligne: number;
  /** Its `numero` attribute (external key). */
  readonly numero: string | null;
  readonly intitule: string | null;
}

/** One field that changes: `champ` as in the history (`intitule`, `sessions[se_…].debut`), values shortened. */
export interface ChangementRapporte {
  readonly champ: string;
  readonly avant: string;
  readonly apres: string;
  /** For a change of a session: the session by its dates (« session du 1er septembre 2026 au 30 juin 2028 »). */
  readonly session?: string;
  /** A session retirée, remise en ligne or ajoutée, as a sentence (domain/sessions-noms.ts phraseSessionSimple). */
  readonly phrase?: string;
}

/** A formation created, as the report lists it. */
export interface FormationCreee extends FormationNommee {
  /** The preview's (dry run) blocking rules it would fail (all introduced); absent from an applied import's report. */
  regles?: ReglesModifiee;
}

export interface FormationModifiee extends FormationNommee {
  /** True when the formation is published: the change waits for a gestionnaire's validation. */
  readonly revision: boolean;
  /** The first CHAMPS_MAX fields that change. */
  readonly changements: ChangementRapporte[];
  /** How many fields change in all. */
  readonly changements_total: number;
  /** The preview's (dry run) blocking rules introduced and cleared; absent from an applied import's report. */
  regles?: ReglesModifiee;
}

export type ResultatLheo =
  | 'creee'
  | 'modifiee'
  | 'inchangee'
  | 'refusee'
  | 'avertissement'
  | 'regle_introduite'
  | 'regle_levee';

/**
 * One line of the full report (CSV): a formation created or unchanged, a field modified, a refusal,
 * a warning; at the preview, a blocking rule a formation created or modified would introduce or clear.
 */
export interface LigneRapportLheo extends FormationNommee {
  readonly resultat: ResultatLheo;
  /**
   * The field modified (`intitule`), the element refused (`formation[3]/action[1]/session[2]/periode`),
   * or the field a rule concerns (`formateur.siret`; '' for the formation); a rule naming a session
   * of the file: that session's element (`formation[3]/action[1]/session[2]`).
   */
  readonly element: string;
  readonly code: string;
  readonly message: string;
  readonly avant: string;
  readonly apres: string;
}

/** The words of the report's lines (CSV, page, command line, API: one source). */
export const MESSAGES_LHEO = {
  creee: 'Formation créée.',
  champ: 'Champ modifié.',
  champRevision: 'Champ modifié (formation publiée : la modification attend la validation du gestionnaire).',
  modifiee: 'Formation modifiée.',
  revisionResoumise: 'Révision retournée soumise de nouveau, telle quelle, à la validation du gestionnaire.',
  inchangee: 'Formation inchangée.',
  inchangeeRevisionGardee:
    'Formation inchangée ; sa révision en attente est gardée : elle attend la validation du gestionnaire.',
  /** After the REVISION_EN_ATTENTE refusal of a validateur's import (gestionnaire, admin, command line). */
  refusRevision:
    'Un enregistrement identique à la version publiée ou à la révision en attente passe (inchangé) ; celui-ci change la formation. ' +
    'Pour que ce fichier remplace la révision de l’organisme, importez-le en son nom (son espace, /espace/imports, ou l’API avec sa clé) : la modification attendra alors la validation du gestionnaire.',
} as const;

/**
 * The sentence under the counts when `n` (> 0) formations unchanged keep their pending revision
 * (LheoImportReport.revisions_gardees): the same on the page and the command line.
 */
export const phraseRevisionsGardees = (n: number): string =>
  n === 1
    ? '1 formation inchangée garde sa révision en attente, qui attend toujours la validation du gestionnaire : son enregistrement dans le fichier est identique à sa version publiée ou à sa révision en attente, ce qui ne retire pas la révision.'
    : `${nombre(n)} formations inchangées gardent leur révision en attente, qui attend toujours la validation du gestionnaire : leur enregistrement dans le fichier est identique à leur version publiée ou à leur révision en attente, ce qui ne retire pas les révisions.`;

/**
 * A value as the report shows it (page, CSV, command line, API): as a person reads it
 * (domain/valeur-lisible.ts: dates in words, oui/non, codes by their label, a réunion
 * d’information or a contact field by field, never JSON), '' when empty, cut at VALEUR_MAX.
 */
export function valeurRapport(champ: string, v: unknown): string {
  if (vide(v)) return '';
  const s = valeurHistorique(champ, v);
  return s.length > VALEUR_MAX ? `${s.slice(0, VALEUR_MAX - 1)}…` : s;
}

/**
 * The changes as the report lists them: values shortened; a session's change names the session by
 * its dates (`sessions`: the formation's, as the write left it then the ones it removed), and a
 * session retirée, remise en ligne or ajoutée is said as a sentence, never « archivee : oui → non ».
 */
export function changementsRapportes(
  changes: readonly Change[],
  sessions: readonly DatesSession[] = [],
): ChangementRapporte[] {
  const noms = changes.some((c) => c.champ.startsWith('sessions[')) ? nomsSessions(sessions, changes) : null;
  return changes.map((c) => {
    const id = noms && /^sessions\[([^\]]+)\]/.exec(c.champ)?.[1];
    const session = id ? noms.get(id) : undefined;
    const phrase = noms ? phraseSessionSimple(c.champ, c.avant, c.apres, noms) : null;
    return {
      champ: c.champ,
      avant: valeurRapport(c.champ, c.avant),
      apres: valeurRapport(c.champ, c.apres),
      ...(session ? { session } : {}),
      ...(phrase ? { phrase } : {}),
    };
  });
}

/**
 * A change as a line of text reads it: its sentence, else « champ : avant → après », a session's
 * field named after the session (« Session du 1er septembre 2026 au 30 juin 2028 : debut : … »).
 * The command line's wording (the page names the fields in French, espace/historique.ts).
 */
export function ligneChangement(c: ChangementRapporte): string {
  if (c.phrase) return c.phrase;
  const champ = c.session
    ? c.champ.replace(/^sessions\[[^\]]+\]\.?/, `${capitale(c.session)} : `).replace(/ : $/, '')
    : c.champ;
  return `${champ} : ${c.avant || 'vide'} → ${c.apres || 'vide'}`;
}

/** The element refused, from its formation: `/lheo/offres/formation[3]/@numero` → `formation[3]/@numero`. */
export const elementDe = (chemin: string): string => chemin.replace(/^\/lheo\/offres\//, '');

/**
 * A blocking rule of the preview as the file's reader understands it. The rules number a formation's
 * sessions in their stored order (by start date), not the file's: a failure naming a session
 * (`session_cle`: its numero, `origines`: where the file has each session, by numero) is said of the
 * file's session — « session 2 de l’action 1 », as the reader's refusals say it — with its
 * `<session>` element's line and path. Any other failure, or a session the file does not have (one
 * the import keeps, or cleared), is left as the rules say it. Never the session's ids.
 */
export function regleSituee(
  r: RegleBloquante,
  origines: ReadonlyMap<string, OrigineSession> | undefined,
): RegleBloquante {
  const { session_id: _, session_cle: cle, ...regle } = r;
  const o = cle ? origines?.get(cle) : undefined;
  const i = indexSession(r.champ);
  if (!o || i === null) return regle;
  return {
    ...regle,
    // « la session 2 », « la session conventionnée 2 » → « la session 1 de l’action 1 », « … conventionnée 1 de l’action 1 ».
    message: regle.message.replace(
      new RegExp(`\\bsession((?: conventionnée)?) ${i + 1}(?!\\d)`, 'g'),
      (_, qualite: string) => `session${qualite} ${o.nom.replace(/^session /, '')}`,
    ),
    ligne: o.ligne,
    element: elementDe(o.chemin),
  };
}

export const RESULTAT: Readonly<Record<ResultatLheo, string>> = {
  creee: 'créée',
  modifiee: 'modifiée',
  inchangee: 'inchangée',
  refusee: 'refusée',
  avertissement: 'avertissement',
  regle_introduite: 'règle bloquante introduite',
  regle_levee: 'règle bloquante levée',
};

/**
 * The full report's lines of a formation's blocking rules at the preview (`f`: the formation as the
 * report names it): one per rule introduced, then one per rule cleared — a formation created has
 * its failures only, all introduced (domain/apercu-regles.ts).
 */
export function lignesReglesRapport(f: FormationNommee, regles: ReglesModifiee): LigneRapportLheo[] {
  const ligne = (r: RegleBloquante, resultat: 'regle_introduite' | 'regle_levee'): LigneRapportLheo => ({
    // A session's rule: its `<session>` element's line and path (regleSituee).
    ligne: r.ligne ?? f.ligne,
    numero: f.numero,
    intitule: f.intitule,
    resultat,
    element: r.element ?? r.champ ?? '',
    code: r.code,
    message: r.message,
    avant: '',
    apres: '',
  });
  return [
    ...regles.introduites.map((r) => ligne(r, 'regle_introduite')),
    ...regles.levees.map((r) => ligne(r, 'regle_levee')),
  ];
}

const COLONNES = [
  'Ligne',
  'Numéro (clé externe)',
  'Intitulé',
  'Résultat',
  'Élément ou champ',
  'Code',
  'Message',
  'Avant',
  'Après',
] as const;

/** The CSV's header line (UTF-8 BOM, `;`, CRLF: as the offer's CSV export, formats/csv). */
export const ENTETE_RAPPORT_CSV = `${BOM}${COLONNES.map(champCsv).join(';')}\r\n`;

/** One line of the CSV. */
export const ligneRapportCsv = (l: LigneRapportLheo): string =>
  `${[l.ligne, l.numero, l.intitule, RESULTAT[l.resultat], l.element, l.code, l.message, l.avant, l.apres]
    .map((v) => champCsv(v))
    .join(';')}\r\n`;

/** Text gathered before it is compressed into one gzip member. */
const MEMBRE = 1024 * 1024;

/**
 * The full report as it is written: lines in, a gzip file out (`fin()`), made of gzip members of
 * about 1 MB of CSV each (RFC 1952 allows several; gunzip reads them as one text). Memory: the
 * compressed report and one member's text, whatever the file's size.
 */
export class RapportCsv {
  private texte = ENTETE_RAPPORT_CSV;
  private readonly membres: Buffer[] = [];

  ecrire(l: LigneRapportLheo): void {
    this.texte += ligneRapportCsv(l);
    if (this.texte.length >= MEMBRE) this.vider();
  }

  /** The gzip-compressed CSV (UTF-8 with BOM). */
  fin(): Buffer {
    this.vider();
    return Buffer.concat(this.membres);
  }

  private vider(): void {
    if (!this.texte) return;
    this.membres.push(gzipSync(this.texte));
    this.texte = '';
  }
}

/**
 * What an import did (or would do, dry run): exact counts, and bounded lists — the first
 * MAX_REJETS refusals, the first LISTE_MAX formations created and modified (with their fields) —
 * whatever the file's size; the full report goes line by line to `onLigne`.
 */
export interface LheoImportReport {
  formations: { creees: number; mises_a_jour: number; inchangees: number; rejetees: number };
  /** The first MAX_REJETS refusals, in file order. */
  rejets: LheoRejet[];
  /** All refusals (a formation may have several): `rejets_total - rejets.length` are not listed. */
  rejets_total: number;
  /** The first LISTE_MAX formations created (`formations.creees` in all). */
  creees: FormationCreee[];
  /** The first LISTE_MAX formations modified, with the fields that change (`formations.mises_a_jour` in all). */
  modifiees: FormationModifiee[];
  /**
   * Formations counted unchanged whose open revision stays pending as it was: their record is
   * their published version (what Offre's export writes) or their revision (docs/formats.md).
   */
  revisions_gardees: number;
  /**
   * The first LISTE_MAX warnings of the formations accepted, in file order: what is applied but
   * worth a look (LHEO_SESSION_EN_DOUBLE, two identical sessions of one formation). Absent from
   * the reports stored before them.
   */
  avertissements: LheoRejet[];
  /** All warnings: `avertissements_total - avertissements.length` are not listed. */
  avertissements_total: number;
  /**
   * The preview only (dry run): formations updated that would go from the Catalogue général to Non
   * réglementaire (a blocking rule would fail; a published one once its revision is validated).
   */
  non_diffusables?: number;
  /** The preview only (dry run): formations created that would be Non réglementaire (a blocking rule would fail). */
  creees_non_diffusables?: number;
  /**
   * The preview only (dry run): each blocking rule introduced or cleared, counted over every
   * formation created or updated, listed or not (the lists stop at LISTE_MAX).
   */
  regles_par_code?: CompteRegle[];
}
