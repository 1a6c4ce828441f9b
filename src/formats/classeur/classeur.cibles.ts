import type { CommuneCandidate } from '../../domain/commune.ts';
import type { FormationInput, SessionInput, Statut } from '../../domain/formation.schema.ts';
import type { RevisionOuverte } from '../../domain/revision.ts';
import type { CleColonne } from './classeur.columns.ts';
import type { LieuFormation, Valeurs } from './classeur.rows.ts';

// What the analysis of a returned workbook works on and hands to the plan: the stored formation as
// the workbook sees it, and the valid rows grouped by the formation they write
// (classeur.analyzer.ts decides them, classeur.plan.ts turns them into writes).

/** A stored formation as the workbook compares it. */
export interface FormationVue {
  readonly id: string;
  readonly statut: Statut;
  readonly siren: string;
  /** The owner's current version (a pending revision when there is one). */
  readonly input: FormationInput;
  /** Sessions already diffused: their dates are frozen. */
  readonly diffusees: ReadonlySet<string>;
  /** Changes will wait for a gestionnaire's validation. */
  readonly enRevision: boolean;
  /**
   * The organisme's open revision of this published formation, if any. A validateur's rows that
   * change something are refused (REVISION_EN_ATTENTE, domain/revision.ts); the organisme's go
   * into it (`enRevision`); for both, a closing that archives the formation abandons it
   * (classeur.plan.ts planMaj), and the report names it.
   */
  readonly revisionOuverte?: RevisionOuverte | null;
  /** With `revisionOuverte`: the diffused version (what a closing that archives it writes over). */
  readonly publiee?: FormationInput;
  /**
   * The owner's pending revision when this actor may not read it (`input` is then the diffused
   * version: import-classeur.apercu.ts commeLaVoit). A workbook exported while it was pending
   * carries its versions: it only tells a cell untouched since that export from a real change in
   * Offre, and is never echoed.
   */
  readonly revisionCachee?: FormationInput;
}

/** A row found valid, with what it asks for. */
export interface LigneValide {
  readonly ligne: number;
  readonly valeurs: Valeurs;
  readonly fermer: boolean;
  /** The place it stands for (null: a place the formation does not have yet). */
  readonly lieu: LieuFormation | null;
  /** Formation-wide columns this row changes. */
  readonly changements: readonly CleColonne[];
  /**
   * A place the formation does not have yet (or a place changed): its commune in the communes
   * reference, as the session form finds it (INSEE code, coordinates); absent when not looked up.
   */
  readonly commune?: CommuneCandidate | null;
  /**
   * A row copied from another (its session's reference with it) to add a session: the session it
   * was copied from, whose contact and entry mode the added session takes (the workbook has no
   * column for either; classeur.plan.ts sessionAjoutee).
   */
  readonly copiee?: SessionInput | null;
}

export interface Cible {
  readonly formationId: string | null; // null: to create
  readonly cleExterne: string | null;
  readonly lignes: LigneValide[];
}
