import type { Executor } from '../../db/executor.ts';
import type { Acteur } from '../../domain/acteur.ts';
import type { Formation, Session } from '../../domain/formation.schema.ts';
import { encodeCursor, getFormation, listFormations } from '../../services/formation.service.ts';

// What the public pages show: diffused formations (the service's anonymous view) minus those
// whose recruitment is closed everywhere — a closed session is no longer shown to the public
// (it is still exported to partners).

const ANONYME: Acteur = { kind: 'anonyme' };

export const sessionsPubliques = (f: Formation): Session[] =>
  f.sessions.filter((s) => s.etat_recrutement !== 'ferme');

export interface PagePublique {
  readonly formations: Formation[];
  readonly suivante: string | null;
}

/** One page of `taille` publicly shown formations; `curseur` is the API's opaque cursor. */
export async function pagePublique(
  db: Executor,
  q: string | undefined,
  curseur: string | undefined,
  taille: number,
): Promise<PagePublique> {
  const formations: Formation[] = [];
  let cursor = curseur;
  // A few rounds at most: pages full of closed offers are rare, and a short page is harmless.
  for (let round = 0; round < 5; round++) {
    const page = await listFormations(db, ANONYME, q ? { q } : {}, { cursor, limit: taille });
    for (const [i, f] of page.data.entries()) {
      if (sessionsPubliques(f).length === 0) continue;
      formations.push(f);
      if (formations.length === taille) {
        const more = i < page.data.length - 1 || page.next_cursor !== null;
        return { formations, suivante: more ? encodeCursor(f.id) : null };
      }
    }
    if (!page.next_cursor) return { formations, suivante: null };
    cursor = page.next_cursor;
  }
  return { formations, suivante: cursor ?? null };
}

/** A formation as the public sees it, or null (not diffused, or recruitment closed everywhere). */
export async function formationPublique(db: Executor, id: string): Promise<Formation | null> {
  const f = await getFormation(db, ANONYME, id);
  return f && sessionsPubliques(f).length > 0 ? f : null;
}
