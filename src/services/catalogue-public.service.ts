import type { Executor } from '../db/executor.ts';
import type { Acteur } from '../domain/acteur.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { getFormation } from './formation.service.ts';

// What the public pages show: diffused formations (the anonymous view) that montreeAuPublic keeps;
// the search itself is recherche.service.ts.

const ANONYME: Acteur = { kind: 'anonyme' };

/** A formation as the public sees it, or null (not diffused, or recruitment closed everywhere). */
export async function formationPublique(db: Executor, id: string): Promise<Formation | null> {
  const f = await getFormation(db, ANONYME, id);
  return f && montreeAuPublic(f) ? f : null;
}
