import type { SessionInput } from '../../domain/formation.schema.ts';
import { sessionEnDouble } from '../../domain/session-saisie.ts';
import { nomSession } from '../../domain/sessions-noms.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import { sessionAjoutee } from './classeur.plan.ts';
import type { LigneRapport } from './classeur.report.ts';

// Two identical sessions of one formation (same days, same place) from a workbook: the check of
// the session form (domain/session-saisie.ts sessionEnDouble), said as a warning on the row that
// adds the second one. Nothing is refused: two groups may really start the same day at one place.

export const CODE_SESSION_EN_DOUBLE = 'CLASSEUR_SESSION_EN_DOUBLE';

/** A session the formation has or will have, with the row that adds it (null: already stored). */
type SessionVue = SessionInput & { readonly ligneClasseur: number | null };

/**
 * Adds CLASSEUR_SESSION_EN_DOUBLE to each valid row whose new session has the days and place of
 * one of its formation's: a stored one, or one an earlier row adds. Mutates `lignes`.
 */
export function signalerSessionsEnDouble(
  lignes: LigneRapport[],
  cibles: ReadonlyMap<string, Cible>,
  formations: ReadonlyMap<string, FormationVue>,
  apercu: boolean,
): void {
  let index: Map<number, number> | undefined;
  for (const cible of cibles.values()) {
    const vue = cible.formationId ? formations.get(cible.formationId) : undefined;
    const sessions: SessionVue[] = (vue?.input.sessions ?? []).map((s) => ({ ...s, ligneClasseur: null }));
    for (const l of cible.lignes) {
      const s = sessionAjoutee(l);
      if (!s) continue;
      const double = sessionEnDouble(s, sessions);
      sessions.push({ ...s, ligneClasseur: l.ligne });
      if (!double) continue;
      index ??= new Map(lignes.map((x, i) => [x.ligne, i]));
      const i = index.get(l.ligne)!;
      const ligne = lignes[i]!;
      lignes[i] = {
        ...ligne,
        avertissements: [
          ...ligne.avertissements,
          {
            colonne: '',
            code: CODE_SESSION_EN_DOUBLE,
            message: message(l.ligne, s, double, apercu, vue ? null : cible.lignes[0]!.ligne),
          },
        ],
      };
    }
  }
}

const nom = (s: SessionInput) => nomSession(s) ?? 'session sans dates';

/** `premiere`: the first row of the new formation the rows create (null: an existing formation). */
function message(
  n: number,
  s: SessionInput,
  double: SessionVue,
  apercu: boolean,
  premiere: number | null,
): string {
  const autre =
    double.ligneClasseur !== null
      ? `la ${nom(double)} de la ligne ${double.ligneClasseur}`
      : `sa ${nom(double)} déjà enregistrée${double.id ? ` (référence ${double.id})` : ''}`;
  const formation =
    premiere === null
      ? `la formation ${apercu ? 'aura' : 'a'}`
      : `cette ligne et la ligne ${premiere} font une seule nouvelle formation, qui ${apercu ? 'aura' : 'a'}`;
  return `Ligne ${n} : ${formation} deux sessions identiques (mêmes dates, même lieu) : la ${nom(s)} de cette ligne et ${autre}. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, supprimez l’une des deux.`;
}
