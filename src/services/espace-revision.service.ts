import type { AppContext } from '../context.ts';
import type { Acteur } from '../domain/acteur.ts';
import { snapshotToInput } from '../domain/formation.snapshot.ts';
import { rowModifiable, saisieDe } from './espace.service.ts';
import { writeFormation } from './formation.service.ts';

// The organisme takes its open revision back (docs/espace.md): the published version written
// again, through the one path that abandons a revision (formation.service.ts proposeRevision,
// history `revision_abandonnee`), as the form saved with every field back to its published value.

/**
 * Abandons the open revision (pending or returned) of the published offer `id`: the diffused
 * version stays as it is. False when there was no open revision (nothing written). 404 outside
 * the actor's perimeter, FORMATION_ARCHIVEE for an archived offer.
 */
export function abandonRevision(ctx: AppContext, acteur: Acteur, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await rowModifiable(trx, acteur, id);
    const { snap, open } = await saisieDe(trx, row);
    if (!open) return false;
    const { result } = await writeFormation(trx, acteur, snapshotToInput(snap), { id, now: ctx.now() });
    return !!result.revisionAbandonnee;
  });
}
