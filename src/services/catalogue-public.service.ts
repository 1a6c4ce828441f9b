import type { Executor } from '../db/executor.ts';
import type { Acteur } from '../domain/acteur.ts';
import { pageCursor } from '../domain/cursor.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { getFormation, listFormations } from './formation.service.ts';

// What the public pages show: diffused formations (the anonymous view) that montreeAuPublic keeps.

const ANONYME: Acteur = { kind: 'anonyme' };

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
      if (!montreeAuPublic(f)) continue;
      formations.push(f);
      if (formations.length === taille) {
        const more = i < page.data.length - 1 || page.next_cursor !== null;
        return { formations, suivante: more ? pageCursor.encode(f.id) : null };
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
  return f && montreeAuPublic(f) ? f : null;
}
