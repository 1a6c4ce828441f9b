import { auteur } from './acteur.ts';
import { dateHeureLongue } from './dates.ts';
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
