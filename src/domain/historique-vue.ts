import {
  CHAMPS_SESSION_PROFESSIONNELS,
  formationVue,
  sessionPublique,
  type Vue,
} from './champs-professionnels.ts';
import type { Change } from './diff.ts';
import { equalJson } from './diff.ts';
import type { Formation, Session } from './formation.schema.ts';

// A formation's history as a reader of view `vue` may receive it (docs/api.md « Historique »): a
// reader never receives through the history a value it cannot read in the offer's current view
// for its role (champs-professionnels.ts formationVue, the one rule of the public and partner
// documents). For `public` and `partenaire`: no professional-only field of a session (bilans), no
// session the view does not show now (closed for the public, withheld for both); a session no
// longer in the offer is judged on its last known state in the history. `professionnel`: all.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CHAMP_SESSION = /^sessions\[([^\]]+)\](?:\.([^.[]+))?/;

/** The sessions of a value that is a list of sessions, else null. */
const sessionsDe = (v: unknown): Obj[] | null =>
  Array.isArray(v) && v.every((s) => isObj(s) && typeof s.id === 'string') ? (v as Obj[]) : null;

/**
 * The ids of the sessions view `vue` does not show, from the offer now (`f`) and, for a session
 * no longer in it, its last state the changes (oldest first) recorded.
 */
export function sessionsCachees(f: Formation, vue: Vue, diffs: readonly (readonly Change[])[]): Set<string> {
  if (vue === 'professionnel') return new Set();
  const dernier = new Map<string, Obj>();
  const noter = (s: Obj) => dernier.set(s.id as string, { ...(dernier.get(s.id as string) ?? {}), ...s });
  for (const d of diffs)
    for (const c of d) {
      if (c.champ === 'sessions' || c.champ === '.') {
        const v = c.champ === '.' && isObj(c.apres) ? c.apres.sessions : c.apres;
        for (const s of sessionsDe(v) ?? []) noter(s);
        continue;
      }
      const m = CHAMP_SESSION.exec(c.champ);
      if (!m) continue;
      if (!m[2] && isObj(c.apres)) noter({ ...c.apres, id: m[1] });
      else if (m[2]) noter({ id: m[1], [m[2]]: c.apres });
    }
  for (const s of f.sessions) dernier.set(s.id, s as unknown as Obj);
  const toutes = [...dernier.values()] as unknown as Session[];
  const vues = new Set(formationVue({ ...f, sessions: toutes }, vue).sessions.map((s) => s.id));
  return new Set(toutes.map((s) => s.id).filter((id) => !vues.has(id)));
}

/** What `vue` may read of a session list or a session: the hidden ones left out, professional fields too. */
function sessionsLues(v: unknown, cachees: ReadonlySet<string>): unknown {
  const liste = sessionsDe(v);
  if (!liste) return v;
  return liste.filter((s) => !cachees.has(s.id as string)).map(sansChampsProfessionnels);
}

const sansChampsProfessionnels = (s: unknown): unknown =>
  isObj(s) ? sessionPublique(s as unknown as Session) : s;

/**
 * The changes of one history entry as view `vue` may read them (`cachees`: sessionsCachees): a
 * change of a hidden session or of a professional-only field is left out, a list of sessions loses
 * its hidden ones and their professional fields; a change that no longer changes anything is left out.
 */
export function changesVue<C extends Change>(
  changes: readonly C[],
  vue: Vue,
  cachees: ReadonlySet<string>,
): C[] {
  if (vue === 'professionnel') return [...changes];
  const out: C[] = [];
  for (const c of changes) {
    const m = CHAMP_SESSION.exec(c.champ);
    if (m) {
      if (cachees.has(m[1]!)) continue;
      if (m[2] && (CHAMPS_SESSION_PROFESSIONNELS as readonly string[]).includes(m[2])) continue;
      out.push(
        m[2]
          ? c
          : { ...c, avant: sansChampsProfessionnels(c.avant), apres: sansChampsProfessionnels(c.apres) },
      );
      continue;
    }
    const lu = (v: unknown) =>
      c.champ === 'sessions'
        ? sessionsLues(v, cachees)
        : c.champ === '.' && isObj(v) && Array.isArray(v.sessions)
          ? { ...v, sessions: sessionsLues(v.sessions, cachees) }
          : v;
    const change = { ...c, avant: lu(c.avant), apres: lu(c.apres) };
    const vide = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
    if (
      c.champ === 'sessions' &&
      (equalJson(change.avant, change.apres) || (vide(change.avant) && vide(change.apres)))
    )
      continue;
    out.push(change);
  }
  return out;
}
