import { auteur } from './acteur.ts';
import { dateHeureLongue } from './dates.ts';
import { diff } from './diff.ts';
import { OffreError } from './errors.ts';

// The rule that keeps a pending revision from silently undoing a validateur's direct write: while
// a published offer has an open revision (proposed by its organisme, not yet validated), the
// revision carries the organisme's whole version of the offer; validating it later would put back
// every value it holds. So a validateur (gestionnaire, administrateur, the command line) may not
// change that offer directly until the revision is decided (services/formation.service.ts
// writeFormation; the workbook's analysis says it row by row, formats/classeur/classeur.analyzer.ts).

/** An open revision (formation_revision), as the refusal names it. */
export interface RevisionOuverte {
  readonly statut: string;
  /** acteurLabel of who proposed it (`utilisateur:<email>`, `cle:<name>`…). */
  readonly created_by: string;
  /** When it was proposed (last changed). */
  readonly created_at: Date | string;
}

const nomDe = (f: { readonly id: string; readonly intitule: string | null }) =>
  f.intitule ? `${f.id} « ${f.intitule} »` : f.id;

/** « une révision en attente de validation, proposée par … le … » (or returned for correction). */
function revisionDe(r: RevisionOuverte): string {
  const etat =
    r.statut === 'a_corriger'
      ? 'une révision retournée à l’organisme pour correction (toujours ouverte)'
      : 'une révision en attente de validation';
  return `${etat}, proposée par ${auteur(r.created_by, new Map())} le ${dateHeureLongue(r.created_at)}`;
}

/**
 * The French sentence of an archiving that abandons open revision `r` of formation `f` (a
 * workbook's yellow rows closing every place of it): what is archived is the diffused version.
 * `apercu`: said before anything is applied (a preview), in the future; else in the past.
 */
export function messageRevisionAbandonnee(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
  apercu = false,
): string {
  return apercu
    ? `la formation ${nomDe(f)} a ${revisionDe(r)} : cette révision sera abandonnée, ` +
        'la formation sera archivée telle qu’elle est diffusée (ses valeurs ne seront pas appliquées).'
    : `la formation ${nomDe(f)} avait ${revisionDe(r)} : cette révision a été abandonnée, ` +
        'la formation a été archivée telle qu’elle était diffusée (ses valeurs n’ont pas été appliquées).';
}

/**
 * The French sentence of the recruitment rule abandoning open revision `r` of formation `f`
 * (domain/recrutement-direct.ts effetRecrutement): a workbook's yellow rows closing diffused
 * sessions whose recruitment state was all the revision proposed. `apercu`: future tense.
 */
export function messageRevisionSansObjet(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
  apercu = false,
): string {
  return apercu
    ? `la formation ${nomDe(f)} a ${revisionDe(r)} : elle ne propose rien d’autre que l’état du recrutement ` +
        'de sessions fermées par la ligne jaune, cette révision sera donc abandonnée (il ne restera rien à valider).'
    : `la formation ${nomDe(f)} avait ${revisionDe(r)} : elle ne proposait rien d’autre que l’état du recrutement ` +
        'de sessions fermées par la ligne jaune, cette révision a donc été abandonnée (il ne reste rien à valider).';
}

/**
 * Does the organisme's write `saisie` of a published formation bring its open revision back to the
 * diffused version `diffusee` (nothing left to validate)? Then the revision is abandoned
 * (services/formation.service.ts proposeRevision), and a workbook's report says so
 * (formats/classeur/classeur.recrutement.ts annoncerEcrituresImmediates): one decision, read on the
 * snapshots by the store, on the inputs by the report.
 */
export function revisionRamenee(diffusee: unknown, saisie: unknown): boolean {
  return diff(diffusee, saisie).length === 0;
}

/**
 * The French sentence of a workbook bringing open revision `r` of formation `f` back to its
 * diffused version (revisionRamenee: a yellow row closing sessions the revision had reopened, a red
 * cell restoring the diffused value…): the revision is abandoned. `apercu`: future tense.
 */
export function messageRevisionRamenee(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
  apercu = false,
): string {
  return apercu
    ? `la formation ${nomDe(f)} a ${revisionDe(r)} : le classeur ramène la formation à sa version diffusée, ` +
        'cette révision sera donc abandonnée (il ne restera rien à valider ; la version diffusée reste en ligne).'
    : `la formation ${nomDe(f)} avait ${revisionDe(r)} : le classeur a ramené la formation à sa version diffusée, ` +
        'cette révision a donc été abandonnée (il ne reste rien à valider ; la version diffusée reste en ligne).';
}

/**
 * The French sentence of the refusal of a validateur's yellow row (a workbook's closing of diffused
 * sessions, not archiving) on formation `f` whose organisme's revision `r` is open: the recruitment
 * rule is the organisme's (domain/recrutement-direct.ts), a validateur's write stays direct and
 * refused while a revision is open (REVISION_EN_ATTENTE, docs/gestion.md): why, and what to do.
 */
export function messageFermetureEnAttente(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
): string {
  return (
    `La formation ${nomDe(f)} a ${revisionDe(r)} : la ligne jaune fermerait le recrutement de sessions de ` +
    'l’offre diffusée, mais valider plus tard cette révision rouvrirait ce recrutement (elle garde l’état qu’elle propose). ' +
    'L’organisme peut fermer ce recrutement lui-même, depuis la page de la formation ou son classeur : cela s’applique ' +
    'tout de suite, sans validation, et sa révision le reprend. ' +
    `Sinon, validez d’abord la révision sur /gestion/formations/${f.id} (une révision retournée reste ouverte : ` +
    'la fermeture resterait refusée), puis réimportez. Rien n’a été enregistré pour cette formation.'
  );
}

/**
 * The French sentence of the refusal, for formation `f` (its id and stored title) and its open
 * revision; `intituleSaisi`, the title a file's row gives it, is said beside when it differs.
 */
export function messageRevisionEnAttente(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
  intituleSaisi?: string | null,
): string {
  // Named as Offre knows it; a workbook row's other title is said as the row's, not as its name.
  const saisi =
    intituleSaisi && intituleSaisi !== f.intitule ? ` (intitulé « ${intituleSaisi} » dans le fichier)` : '';
  return (
    `La formation ${nomDe(f)}${saisi} a ${revisionDe(r)} : ` +
    'la valider plus tard remettrait ses valeurs et effacerait votre modification. ' +
    `Décidez d’abord la révision sur /gestion/formations/${f.id} : valider ou retourner (une révision retournée reste ouverte jusqu’à sa correction et sa validation), puis réimportez ou modifiez. ` +
    'Rien n’a été enregistré pour cette formation.'
  );
}

/**
 * REVISION_EN_ATTENTE (409): a validateur's direct write of published formation `f` refused
 * because of its open revision `r`. Details: `formation`, `revision_par`, `revision_le` (ISO).
 */
export function revisionEnAttente(
  f: { readonly id: string; readonly intitule: string | null },
  r: RevisionOuverte,
): OffreError {
  return new OffreError(
    'REVISION_EN_ATTENTE',
    messageRevisionEnAttente(f, r),
    {
      formation: f.id,
      revision_par: r.created_by,
      revision_le: new Date(r.created_at).toISOString(),
    },
    409,
  );
}
