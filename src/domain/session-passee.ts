import { jourIso, jourIsoLong } from './dates.ts';

// A new session whose dates are already over (a typo of the year, typically: 2025 for 2026). Not a
// rule failure: an offer keeps its finished sessions for memory, and no conformity rule fails on
// one (docs/regles.md: SESSION_RECRUTEMENT only warns when an ended session is still « ouvert »).
// So every entry channel warns, at once, on a session it adds (never on one already stored: an
// unchanged file sent again says nothing), and proposes the same days the first year they are not
// over. The session form asks a confirmation before storing it; the workbook row warns.

/** A new session ended before today, and the same days shifted by `annees` whole years. */
export interface SessionPassee {
  readonly debut: string | null;
  readonly fin: string;
  readonly annees: number;
  readonly proposition: { readonly debut: string | null; readonly fin: string };
}

/** `iso` (AAAA-MM-JJ) `n` years later; 29 February becomes 28 February. */
const decale = (iso: string, n: number) =>
  `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`.replace(/-02-29$/, '-02-28');

/**
 * The session `s` (days AAAA-MM-JJ) when its end is a real day before `aujourdhui` (the Paris
 * day): the days and the first shift of whole years (1 or more) whose end is today or later.
 * Null otherwise (no end, not a calendar day, today or later).
 */
export function sessionPassee(
  s: { readonly debut?: string | null; readonly fin?: string | null },
  aujourdhui: string,
): SessionPassee | null {
  const fin = s.fin && jourIso(s.fin) === s.fin ? s.fin : null;
  if (!fin || fin >= aujourdhui) return null;
  const debut = s.debut && jourIso(s.debut) === s.debut ? s.debut : null;
  let annees = 1;
  while (decale(fin, annees) < aujourdhui) annees++;
  return {
    debut,
    fin,
    annees,
    proposition: { debut: debut && decale(debut, annees), fin: decale(fin, annees) },
  };
}

/**
 * « Date de fin : le … est déjà passé (…) : … Les mêmes dates l’année suivante : du … au …. »;
 * `champ` names where (the form's label, or a workbook's « Ligne 12, colonne « Date de fin 2027 » »).
 */
export function messageSessionPassee(p: SessionPassee, aujourdhui: string, champ = 'Date de fin'): string {
  const quand = p.annees === 1 ? 'l’année suivante' : `${p.annees} ans plus tard`;
  const dates = p.proposition.debut
    ? `du ${jourIsoLong(p.proposition.debut)} au ${jourIsoLong(p.proposition.fin)}`
    : `fin le ${jourIsoLong(p.proposition.fin)}`;
  return (
    `${champ} : le ${jourIsoLong(p.fin)} est déjà passé (nous sommes le ${jourIsoLong(aujourdhui)}) : ` +
    `cette nouvelle session serait terminée dès son enregistrement. Une erreur d’année ? Les mêmes dates ${quand} : ${dates}.`
  );
}
