import { nombre } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import type { Remarque } from './classeur.reader.ts';

// The per-row report of a workbook import (docs/contrat.md, `offre import classeur --json`).

export type Verdict = 'nouvelle' | 'modifiee' | 'fermee' | 'inchangee' | 'erreur';

export interface LigneRapport {
  readonly ligne: number;
  readonly reference: string | null;
  /** The formation's title (the row's, else the stored one): tells rows apart. Absent from older reports. */
  readonly intitule?: string | null;
  readonly verdict: Verdict;
  /**
   * The row's change (modifiee, fermee) goes into a revision of a published formation, to be
   * validated by a gestionnaire; the diffused version stays until then. Absent from older reports.
   */
  readonly a_valider?: boolean;
  readonly champs: readonly string[];
  /**
   * On a `nouvelle` row after the first of its new formation (same organismes, certification and
   * title): the first row's number. This row adds a session to the formation that row creates.
   */
  readonly premiere_ligne?: number;
  readonly erreurs: readonly Remarque[];
  readonly avertissements: readonly Remarque[];
}

export interface RapportClasseur {
  readonly totaux: Record<Verdict, number>;
  readonly lignes: readonly LigneRapport[];
  /** SHA-256 of the file, and when the same file was last applied (ISO), if ever. */
  readonly fichier?: { readonly empreinte: string; readonly deja_importe_le: string | null };
}

export function rapportDe(lignes: readonly LigneRapport[]): RapportClasseur {
  const totaux: Record<Verdict, number> = { nouvelle: 0, modifiee: 0, fermee: 0, inchangee: 0, erreur: 0 };
  for (const l of lignes) totaux[l.verdict]++;
  return { totaux, lignes: [...lignes].sort((a, b) => a.ligne - b.ligne) };
}

/** Plain-French summary for the CLI and the Imports pages. */
export function resumeRapport(r: RapportClasseur): string {
  const t = r.totaux;
  const aValider = r.lignes.filter((l) => l.a_valider).length;
  const validation = aValider ? ` ; ${aValider} à valider par un gestionnaire` : '';
  // New rows of one new formation (premiere_ligne) are its sessions: said when they are not one each.
  const formations = r.lignes.filter(
    (l) => l.verdict === 'nouvelle' && l.premiere_ligne === undefined,
  ).length;
  const nouvelles =
    formations < t.nouvelle
      ? ` (${pluriel(formations, 'nouvelle formation', 'nouvelles formations')}, ${pluriel(t.nouvelle, 'session', 'sessions')})`
      : '';
  return `${pluriel(t.nouvelle, 'nouvelle', 'nouvelles')}${nouvelles}, ${pluriel(t.modifiee, 'modifiée', 'modifiées')}, ${pluriel(t.fermee, 'fermée', 'fermées')}, ${pluriel(t.inchangee, 'inchangée', 'inchangées')}, ${nombre(t.erreur)} en erreur${validation}`;
}

const RESULTATS: Readonly<Record<Verdict, string>> = {
  nouvelle: 'Nouvelle',
  modifiee: 'Modifiée',
  fermee: 'Fermée',
  inchangee: 'Inchangée',
  erreur: 'Erreur',
};

/** A row's result as people read it: its verdict, or the change that awaits validation (a_valider). */
export function resultatLigne(l: Pick<LigneRapport, 'verdict' | 'a_valider' | 'premiere_ligne'>): string {
  if (l.verdict === 'nouvelle' && l.premiere_ligne !== undefined)
    return `Nouvelle session (formation de la ligne ${l.premiere_ligne})`;
  if (l.a_valider) return l.verdict === 'fermee' ? 'Fermeture à valider' : 'Modification à valider';
  return RESULTATS[l.verdict];
}
