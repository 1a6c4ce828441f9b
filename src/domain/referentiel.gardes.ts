import { OffreError } from './errors.ts';
import { nombre } from './nombres.ts';

// The guards of a reference-file import (docs/referentiels.md « Garde-fous »): what refuses a file
// outright (empty, every row rejected) and what holds it until `--force` or the page's checkbox (a
// suspicious drop in rows, a massive removal, an impact on the offers). Plain numbers in, a
// verdict out: the import service reads the counts, runs and diffs, and applies the verdict.

/** A guard that holds the import (refused without `force`; in a preview, listed). */
export interface Alerte {
  readonly code: 'REFERENTIEL_BAISSE_SUSPECTE' | 'REFERENTIEL_IMPACT_SUSPECT' | 'REFERENTIEL_PERTE_SUSPECTE';
  readonly message: string;
}

/** Default share of the offers (all, or one région's) an import may move to Non réglementaire (or strip of "Certifiée") without --force; see OFFRE_REFERENTIEL_IMPACT_PCT. */
export const PART_IMPACT_MAX = 0.1;

/** Below this many facts in a table, a removal is not judged (a demonstration or a first small load). */
const RETRAIT_MIN_EXISTANTS = 50;

/**
 * Per kind of file, the share of the last import's rows under which a new file is held (fewer
 * rows read): what a year's real change cannot explain, from how stable each source is.
 * - communes: the COG loses a few hundred communes a year (communes nouvelles) out of ~35,000, La
 *   Poste's codes barely move: 90 % (the 2024 file, 36,208 rows, over the built-in list's 37,585
 *   lines is 96 %; a `head -n 20000` cut, 55 %, is held);
 * - bcn, acce: closed diplomas and UAI stay in the tables (with their closing date): 90 %;
 * - rncp, kit: fiches leave the export when inactive for long, links follow: 80 %;
 * - lpof: declarations lapse by thousands a year (caducité): 70 %;
 * - sirene (`--only-known` varies with the offer), marches (a financeur's list turns over): 50 %.
 */
export const SEUILS_BAISSE: Readonly<Record<string, number>> = {
  communes: 0.9,
  bcn: 0.9,
  acce: 0.9,
  rncp: 0.8,
  kit: 0.8,
  lpof: 0.7,
  sirene: 0.5,
  marches: 0.5,
};

/**
 * Refuses an empty file (REFERENTIEL_VIDE) or one whose rows are all rejected
 * (REFERENTIEL_TOUT_REJETE, naming the first rejection); returns the alert of a suspiciously
 * small one: fewer rows than `seuil` (SEUILS_BAISSE of its kind, half by default) of the rows read
 * by the last import of the same dataset (`precedent`; half when it read fewer than 50 rows).
 */
export function garde(
  c: {
    readonly lues: number;
    readonly rejetees: number;
    readonly rejets: readonly { ligne: number | null; colonne: string | null; message: string }[];
  },
  precedent: { readonly lignes_lues: number; readonly fichier: string } | null,
  fichier: string,
  seuil = 0.5,
): Alerte | null {
  if (c.lues === 0)
    throw new OffreError('REFERENTIEL_VIDE', `Le fichier ${fichier} ne contient aucune ligne de données.`, {
      fichier,
    });
  if (c.rejetees === c.lues) {
    const r = c.rejets[0]!;
    throw new OffreError(
      'REFERENTIEL_TOUT_REJETE',
      `Toutes les lignes du fichier ${fichier} sont rejetées ; première : ligne ${r.ligne}, colonne ${r.colonne ?? '?'} : ${r.message}.`,
      { fichier, ligne: r.ligne, colonne: r.colonne },
    );
  }
  // A small last import (a first load, a demonstration) is judged by the half rule only.
  if (precedent && precedent.lignes_lues < RETRAIT_MIN_EXISTANTS) seuil = 0.5;
  if (precedent && c.lues < precedent.lignes_lues * seuil) {
    const part = Math.floor((100 * c.lues) / precedent.lignes_lues);
    return {
      code: 'REFERENTIEL_BAISSE_SUSPECTE',
      message:
        seuil === 0.5
          ? `Le fichier ${fichier} contient ${nombre(c.lues)} lignes contre ${nombre(precedent.lignes_lues)} au dernier import (${precedent.fichier}) : moins de la moitié.`
          : `Le fichier ${fichier} contient ${nombre(c.lues)} lignes contre ${nombre(precedent.lignes_lues)} au dernier import (${precedent.fichier}) : ${part} %, alors que ce fichier en garde d’une année sur l’autre au moins ${Math.round(seuil * 100)} %. Fichier coupé (copie, export ou téléchargement partiels) ?`,
    };
  }
  return null;
}

/**
 * The alert of a file that would remove more than half of the facts it replaces in one table
 * (an extract given for the whole file: 3 UAI replacing 59), whatever the runs before it — the
 * demonstration's runs included, which the row-count check of `garde` does not compare with.
 * `diff`: per table, the facts the file adds and removes; `existants`: per table, the facts stored.
 */
export function retraitMassif(
  diff: Readonly<Record<string, { readonly ajouts: number; readonly retraits: number } | undefined>>,
  existants: Readonly<Record<string, number | undefined>>,
  fichier: string,
): Alerte | null {
  for (const [t, d] of Object.entries(diff)) {
    const n = existants[t] ?? 0;
    if (!d || n < RETRAIT_MIN_EXISTANTS || d.retraits <= n / 2) continue;
    return {
      code: 'REFERENTIEL_BAISSE_SUSPECTE',
      message: `L’import de ${fichier} retirerait ${nombre(d.retraits)} des ${nombre(n)} lignes de « ${t} » (${Math.round((100 * d.retraits) / n)} %) et n’en ajouterait que ${nombre(d.ajouts)} : un extrait plutôt que le fichier complet ?`,
    };
  }
  return null;
}

/** A loss of key data is judged from this many facts losing it (the real communes file has 4 rows without coordinates)… */
const PERTE_MIN = 20;
/** …and above this share of the stored facts that have it. */
const PERTE_PART = 0.01;

/**
 * The alert of a file that would empty a key column (a commune's coordinates) of many facts that
 * have it stored: at least 20 and more than 1 % of them (a file whose coordinate columns are blank,
 * a re-export that dropped them). `pertes`: per table, the facts losing it, out of `avec` stored
 * with it, with up to 5 examples (key and name). Null when no table loses that much.
 */
export function perteMassive(
  pertes: Readonly<
    Record<
      string,
      | {
          readonly libelle: string;
          readonly nombre: number;
          readonly avec: number;
          readonly exemples: readonly Record<string, unknown>[];
        }
      | undefined
    >
  >,
  fichier: string,
): Alerte | null {
  for (const [t, p] of Object.entries(pertes)) {
    if (!p || p.nombre < PERTE_MIN || p.nombre <= p.avec * PERTE_PART) continue;
    const exemples = p.exemples.map((e) => Object.values(e).join(' ')).join(', ');
    return {
      code: 'REFERENTIEL_PERTE_SUSPECTE',
      message: `L’import de ${fichier} ôterait leurs ${p.libelle} à ${nombre(p.nombre)} des ${nombre(p.avec)} lignes de « ${t} » qui en ont (${Math.max(1, Math.round((100 * p.nombre) / p.avec))} %), par exemple ${exemples}${p.nombre > p.exemples.length ? ` … et ${nombre(p.nombre - p.exemples.length)} autres` : ''} : le fichier ne les donne pas.`,
    };
  }
  return null;
}

/** What to do about each held reason, in the refusal (the CLI's words: the page has its checkbox). */
const SUITE: Readonly<Record<Alerte['code'], string>> = {
  REFERENTIEL_IMPACT_SUSPECT: ' : vérifiez le fichier, ou relancez avec --force si ce changement est voulu.',
  REFERENTIEL_BAISSE_SUSPECTE: ' ; relancez avec --force si ce retrait est voulu.',
  REFERENTIEL_PERTE_SUSPECTE: ' ; vérifiez le fichier, ou relancez avec --force si cette perte est voulue.',
};

/** The guards that can hold a file (the codes of its alerts). */
export const GARDES = Object.keys(SUITE) as readonly Alerte['code'][];

/**
 * The refusal of a held file, naming every reason (impact on the offers, a suspicious drop or
 * removal), in one French message. Its code is the first reason's (scripts keep theirs); all the
 * codes are in `details.codes`, the reasons' sentences in `details.raisons`.
 */
export function refusPrudent(alertes: readonly Alerte[], fichier: string): OffreError {
  const codes = [...new Set(alertes.map((a) => a.code))];
  const [premiere] = alertes;
  const message =
    alertes.length === 1
      ? `${premiere!.message} Import refusé par prudence, rien n’a été enregistré${SUITE[premiere!.code]}`
      : `Import refusé par prudence pour ${alertes.length} raisons, rien n’a été enregistré. ${alertes.map((a, i) => `${i + 1}) ${a.message}`).join(' ')} Vérifiez le fichier, ou relancez avec --force si ces changements sont voulus.`;
  // `raisons`: the reasons alone, for a channel that has its own way to override (the page's checkbox).
  return new OffreError(codes[0]!, message, { fichier, codes, raisons: alertes.map((a) => a.message) });
}
