import type { SessionInput } from '../../domain/formation.schema.ts';
import { sessionEnDouble } from '../../domain/session-saisie.ts';
import { clesEnDouble } from '../../domain/sessions-cles.ts';
import { nomSession } from '../../domain/sessions-noms.ts';
import type { LheoRejet } from './lheo.rejet.ts';

// Two identical sessions of one formation in an LHEO file (same days, same place): the check of
// the session form (domain/session-saisie.ts sessionEnDouble), reported as a warning naming both
// sessions. Nothing is refused: two groups may really start the same day at one place.

export const CODE_SESSION_EN_DOUBLE = 'LHEO_SESSION_EN_DOUBLE';
/** Two sessions of one formation with the same numero: the formation is rejected (an error). */
export const CODE_NUMERO_EN_DOUBLE = 'LHEO_SESSION_NUMERO_EN_DOUBLE';

/** Where a session of the record comes from: its `<session>` element. */
export interface OrigineSession {
  /** XPath of the element: `/lheo/offres/formation[3]/action[1]/session[2]`. */
  readonly chemin: string;
  readonly ligne: number;
  /** « session 2 de l’action 1 ». */
  readonly nom: string;
}

const dates = (s: SessionInput) => nomSession(s) ?? 'session sans dates';

/**
 * One warning per session identical to an earlier one of the same formation (`origines[i]`: where
 * `sessions[i]` was read), on the later one's element.
 */
export function sessionsEnDouble(
  sessions: readonly SessionInput[],
  origines: readonly OrigineSession[],
  formation: { readonly index: number; readonly ligne: number; readonly numero: string | null },
): LheoRejet[] {
  const avertissements: LheoRejet[] = [];
  sessions.forEach((s, i) => {
    const double = sessionEnDouble(s, sessions.slice(0, i));
    if (!double) return;
    const a = origines[sessions.indexOf(double)]!;
    const b = origines[i]!;
    avertissements.push({
      chemin: b.chemin,
      code: CODE_SESSION_EN_DOUBLE,
      message: `Formation n° ${formation.index} (ligne ${formation.ligne}) : la ${b.nom} (ligne ${b.ligne}, ${dates(s)}) est identique à la ${a.nom} (ligne ${a.ligne}, ${dates(double)}) : mêmes dates, même lieu. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, retirez-en une du fichier.`,
      ligne: b.ligne,
      numero: formation.numero,
    });
  });
  return avertissements;
}

/**
 * One error per session whose numero (its key, `cle_externe`) an earlier session of the same
 * formation has (`origines[i]`: where `sessions[i]` was read), on the later one's element: each
 * session of a formation has its own numero, the store keeps one session per formation and key.
 * Other formations of the file may use the same numeros.
 */
export function numerosEnDouble(
  sessions: readonly { readonly cle_externe?: string | null }[],
  origines: readonly OrigineSession[],
  formation: { readonly index: number; readonly ligne: number; readonly numero: string | null },
): LheoRejet[] {
  return clesEnDouble(sessions.map((s) => s.cle_externe)).map((d) => {
    const a = origines[d.premier]!;
    const b = origines[d.second]!;
    return {
      chemin: b.chemin,
      code: CODE_NUMERO_EN_DOUBLE,
      message: `Formation n° ${formation.index} (ligne ${formation.ligne}) : la ${b.nom} (ligne ${b.ligne}) porte le même numéro « ${d.cle} » que la ${a.nom} (ligne ${a.ligne}) : chaque session d’une formation a son propre numéro.`,
      ligne: b.ligne,
      numero: formation.numero,
    };
  });
}
