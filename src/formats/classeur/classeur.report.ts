import type { Remarque } from './classeur.reader.ts';

// The per-row report of a workbook import (docs/contrat.md, `offre import classeur --json`).

export type Verdict = 'nouvelle' | 'modifiee' | 'fermee' | 'inchangee' | 'erreur';

export interface LigneRapport {
  readonly ligne: number;
  readonly reference: string | null;
  readonly verdict: Verdict;
  readonly champs: readonly string[];
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

/** Plain-French summary for the CLI and the upload page. */
export function resumeRapport(r: RapportClasseur): string {
  const t = r.totaux;
  return `${t.nouvelle} nouvelle(s), ${t.modifiee} modifiée(s), ${t.fermee} fermée(s), ${t.inchangee} inchangée(s), ${t.erreur} en erreur`;
}
