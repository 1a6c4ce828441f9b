import { jourIsoLong } from './dates.ts';
import { diff } from './diff.ts';
import { capitale } from './elision.ts';

// The sessions as people name them, by their dates (« session du 1er septembre 2026 au 30 juin
// 2028 »), not by their reference: the one naming of the history, the gestionnaire's review and
// the import reports (the pages' wording of the changes: http/web/espace/historique.ts).

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The changes with a whole sessions list written at once (a creation: `sessions` nothing → the
 * list, as an API write, a workbook or an LHEO import stores it) opened session by session
 * (`sessions[id]` nothing → a session), as a later write's diff names them: the history then
 * says « Session du … ajoutée », never the list's raw content.
 */
export function sessionsUneAUne<C extends { champ: string; avant: unknown; apres: unknown }>(
  changes: readonly C[],
): C[] {
  return changes.flatMap((c) => {
    if (c.champ !== 'sessions') return [c];
    const liste = (v: unknown) => (v === null || v === undefined ? [] : v);
    const avant = liste(c.avant);
    const apres = liste(c.apres);
    if (!Array.isArray(avant) || !Array.isArray(apres)) return [c];
    if (![...avant, ...apres].every((x) => isObject(x) && typeof x.id === 'string')) return [c];
    return diff(avant, apres, 'sessions').map((d) => ({ ...c, ...d }));
  });
}

/** The sessions a history names, by id: « session du 1er septembre 2026 au 30 juin 2028 » (see `nomsSessions`). */
export type NomsSessions = ReadonlyMap<string, string>;

export interface DatesSession {
  readonly id?: string | null;
  readonly debut?: string | null;
  readonly fin?: string | null;
  /** The reference the organisme's file gives it (LHEO, workbook): preferred to the id to tell two apart. */
  readonly cle_externe?: string | null;
}

/** The session's dates alone, « du 1er septembre 2026 au 30 juin 2028 » (a missing one « ? »); null when it has neither. */
export function periodeSession(s: DatesSession): string | null {
  if (!s.debut && !s.fin) return null;
  const jour = (d: string | null | undefined) => (d ? jourIsoLong(d) : '?');
  return `du ${jour(s.debut)} au ${jour(s.fin)}`;
}

/** « session du 1er septembre 2026 au 30 juin 2028 »; null when it has neither date. */
export function nomSession(s: DatesSession): string | null {
  const periode = periodeSession(s);
  return periode && `session ${periode}`;
}

/**
 * The names of the sessions a history or a review shows, by id: from `sessions` (the offer as
 * stored) first, then from the whole sessions the changes add or remove (a session gone from the
 * offer). Two sessions with the same dates are told apart by their reference (the file's, else
 * the id: a preview's ids are minted afresh at each run); a session without
 * dates keeps its id (`libelleDuChamp`).
 */
export function nomsSessions(
  sessions: readonly DatesSession[],
  changes: readonly { champ: string; avant: unknown; apres: unknown }[] = [],
): NomsSessions {
  const dates = datesConnues(sessions);
  for (const c of sessionsUneAUne(changes)) {
    const id = /^sessions\[([^\]]+)\]$/.exec(c.champ)?.[1];
    const v = isObject(c.apres) ? c.apres : isObject(c.avant) ? c.avant : null;
    if (id && v && !dates.has(id)) dates.set(id, v as DatesSession);
  }
  return nommer(dates);
}

const datesConnues = (sessions: readonly DatesSession[]) =>
  new Map(sessions.filter((s) => !!s.id).map((s) => [s.id!, s] as const));

/** The names of `dates`, two sessions with the same dates told apart by their reference (the file's, else the id). */
function nommer(dates: ReadonlyMap<string, DatesSession>): NomsSessions {
  const noms = [...dates].map(([id, s]) => [id, nomSession(s), s.cle_externe || id] as const);
  const compte = new Map<string, number>();
  for (const [, n] of noms) if (n) compte.set(n, (compte.get(n) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [id, n, ref] of noms) if (n) out.set(id, compte.get(n)! > 1 ? `${n} (référence ${ref})` : n);
  return out;
}

/**
 * The names of the sessions for each of `entrees` (oldest first), as of that entry: a session
 * added, re-dated or removed reads by the dates it has once the entry is applied (a removed one
 * by the dates it had when removed), not by the dates it was first written with nor by today's.
 * A session no entry has named yet reads as `nomsSessions` names it.
 */
export function nomsAuFil(
  sessions: readonly DatesSession[],
  entrees: readonly { diff: readonly { champ: string; avant: unknown; apres: unknown }[] }[],
): NomsSessions[] {
  const tous = entrees.flatMap((e) => e.diff);
  const defaut = datesConnues(sessions);
  for (const [id, s] of dates(tous, new Map())) if (!defaut.has(id)) defaut.set(id, s);
  const etat = new Map<string, DatesSession>();
  return entrees.map((e) => {
    dates(e.diff, etat);
    return nommer(new Map([...defaut, ...etat]));
  });
}

/** `etat` (session id → its dates) with the changes applied, in their order; returned. */
function dates(
  changes: readonly { champ: string; avant: unknown; apres: unknown }[],
  etat: Map<string, DatesSession>,
): Map<string, DatesSession> {
  for (const c of sessionsUneAUne(changes)) {
    const entiere = /^sessions\[([^\]]+)\]$/.exec(c.champ)?.[1];
    const v = isObject(c.apres) ? c.apres : isObject(c.avant) ? c.avant : null;
    if (entiere && v)
      etat.set(entiere, { debut: (v.debut as string) ?? null, fin: (v.fin as string) ?? null });
    const date = /^sessions\[([^\]]+)\]\.(debut|fin)$/.exec(c.champ);
    if (date) {
      const avant = etat.get(date[1]!) ?? {};
      etat.set(date[1]!, { ...avant, [date[2]!]: typeof c.apres === 'string' ? c.apres : null });
    }
  }
  return etat;
}

/**
 * A session taken out of the offer, put back or added, as a sentence: `sessions[id].archivee` false
 * → true (a diffused session is kept, archived) « Session du 1er septembre 2027 au 30 juin 2028
 * retirée », back « … remise en ligne »; `sessions[id]` a session → nothing (one never diffused is
 * dropped) « … retirée », nothing → a session « … ajoutée »; null for any other change. `noms`
 * names the session by its dates (`nomsSessions`), else « session sans dates » (never its id). With `retour` (the
 * change takes back what an open revision proposed: Change.retour), the session never left nor
 * joined the diffused version: « Retrait de la session du … annulé », « Ajout … annulé ».
 */
export function phraseSessionSimple(
  champ: string,
  avant: unknown,
  apres: unknown,
  noms: NomsSessions,
  retour = false,
): string | null {
  const m = /^sessions\[([^\]]+)\](\.archivee)?$/.exec(champ);
  if (!m) return null;
  const nomme = noms.get(m[1]!) ?? 'session sans dates';
  if (retour) return phraseRetour(m[2] ? 'archivee' : 'session', avant, apres, nomme);
  const nom = capitale(nomme);
  if (m[2])
    return (avant === true) === (apres === true)
      ? null
      : `${nom} ${apres === true ? 'retirée' : 'remise en ligne'}`;
  if (isObject(avant) && !isObject(apres)) return `${nom} retirée`;
  if (!isObject(avant) && isObject(apres)) return `${nom} ajoutée`;
  return null;
}

/**
 * A revision's proposal on a session taken back (`quoi`: its `archivee` flag, or the whole
 * session): its retirement « Retrait de la session du … annulé », its putting back « Remise en
 * ligne de la session du … annulée », its addition « Ajout de la session du … annulé ».
 */
function phraseRetour(
  quoi: 'archivee' | 'session',
  avant: unknown,
  apres: unknown,
  nom: string,
): string | null {
  if (quoi === 'archivee') {
    if ((avant === true) === (apres === true)) return null;
    return avant === true ? `Retrait de la ${nom} annulé` : `Remise en ligne de la ${nom} annulée`;
  }
  if (isObject(avant) === isObject(apres)) return null;
  return isObject(apres) ? `Retrait de la ${nom} annulé` : `Ajout de la ${nom} annulé`;
}
