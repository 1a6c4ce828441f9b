import type { AppContext } from '../context.ts';
import type { Acteur } from '../domain/acteur.ts';
import { sessionIntrouvable } from '../domain/errors.ts';
import { snapshotToInput } from '../domain/formation.snapshot.ts';
import { rowModifiable, saisieDe, sessionsRetirees } from './espace.service.ts';
import { garderVersion } from './espace-version.ts';
import { lockWritable, writeFormation } from './formation.service.ts';

// The organisme takes its open revision back (docs/espace.md): the published version written
// again, through the one path that abandons a revision (formation.service.ts proposeRevision,
// history `revision_abandonnee`), as the form saved with every field back to its published value.
// Or it takes back one session its revision retires (« Remettre la session »), by the same path.

/**
 * Abandons the open revision (pending or returned) of the published offer `id`: the diffused
 * version stays as it is. False when there was no open revision (nothing written: a second click,
 * a revision validated meanwhile). `version`: the one the page showed (espace-version.ts): an
 * offer changed since is refused (409 FORMATION_MODIFIEE, who changed it and when), so that a
 * change of the revision made meanwhile is never thrown away unseen. 404 outside the actor's
 * perimeter, FORMATION_ARCHIVEE for an archived offer.
 */
export function abandonRevision(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  version: string,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    await rowModifiable(trx, acteur, id);
    // Locked before it is read: nothing slips between the version's check and the write.
    const { snap, open } = await saisieDe(trx, await lockWritable(trx, acteur, id));
    if (!open) return false;
    await garderVersion(trx, acteur, id, version, 'abandon');
    const { result } = await writeFormation(trx, acteur, snapshotToInput(snap), { id, now: ctx.now() });
    return !!result.revisionAbandonnee;
  });
}

/** What « Remettre la session » did (see `restoreSession`). */
export type SessionRemise = 'remise' | 'revision_abandonnee' | 'sans_revision';

/**
 * « Remettre la session »: puts the published session `sessionId`, which the open revision of the
 * published offer `id` retires, back into the revision as it is published — a revision edit like
 * any other (history `revision`, the revision sent again for validation); `revision_abandonnee`
 * when the revision then is the published version again. `sans_revision`: no open revision, or
 * the session is already in it (nothing written). 404 for a session the published version does
 * not have, or outside the actor's perimeter; FORMATION_ARCHIVEE for an archived offer.
 */
export function restoreSession(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  sessionId: string,
): Promise<SessionRemise> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await rowModifiable(trx, acteur, id);
    const { snap, open, saisie } = await saisieDe(trx, row);
    const publiee = snapshotToInput(snap);
    if (!publiee.sessions.some((s) => s.id === sessionId)) throw sessionIntrouvable();
    const session = sessionsRetirees(publiee, saisie).find((s) => s.id === sessionId);
    if (!open || !session) return 'sans_revision';
    const { result } = await writeFormation(
      trx,
      acteur,
      { ...saisie, sessions: [...saisie.sessions, session] },
      { id, now: ctx.now() },
    );
    return result.revisionAbandonnee ? 'revision_abandonnee' : 'remise';
  });
}
