import { messageSessionPassee, sessionPassee } from '../../domain/session-passee.ts';
import { sessionEnDouble } from '../../domain/session-saisie.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import { enteteFin } from './classeur.columns.ts';
import { sessionAjoutee } from './classeur.plan.ts';
import { avertirLigne, type LigneRapport } from './classeur.report.ts';

// A row that adds a session already over (a typo of the year in « Date de fin », typically): the
// session form's check (domain/session-passee.ts), said as a warning on the row. Nothing is
// refused: an offer keeps finished sessions. A row whose session is already stored (same days, same
// place: an unchanged workbook sent again) says nothing of it here.

export const CODE_SESSION_PASSEE = 'CLASSEUR_SESSION_PASSEE';

/**
 * Adds CLASSEUR_SESSION_PASSEE, on the « Date de fin <annee> » column, to each valid row whose new
 * session ends before `aujourdhui` (AAAA-MM-JJ, the Paris day). Mutates `lignes`.
 */
export function signalerSessionsPassees(
  lignes: LigneRapport[],
  cibles: ReadonlyMap<string, Cible>,
  formations: ReadonlyMap<string, FormationVue>,
  aujourdhui: string,
  annee: number,
): void {
  for (const cible of cibles.values()) {
    const stockees = (cible.formationId && formations.get(cible.formationId)?.input.sessions) || [];
    for (const l of cible.lignes) {
      const s = sessionAjoutee(l);
      const passee = s && !sessionEnDouble(s, stockees) && sessionPassee(s, aujourdhui);
      if (!passee) continue;
      const colonne = enteteFin(annee);
      avertirLigne(lignes, l.ligne, {
        colonne,
        code: CODE_SESSION_PASSEE,
        message: `${messageSessionPassee(passee, aujourdhui, `Ligne ${l.ligne}, colonne « ${colonne} »`)} Corrigez les dates si c’est le cas ; une session terminée est gardée telle quelle.`,
      });
    }
  }
}
