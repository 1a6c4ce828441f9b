import { type Kysely, sql } from 'kysely';

// Archiving a formation closes its sessions' recruitment at every door (services/workflow.service.ts
// transitionTx, fermerSessions; domain/workflow.ts sessionsFermees), but databases from before that
// change still hold archived formations whose live sessions are « ouvert » or « suspendu ». This
// closes them as the archive transition would have, in one statement per formation set:
//
// - every live session (`not archivee`) not closed: `etat_recrutement = 'ferme'`, `updated_at`;
//   sessions archived by absence keep their state, as sessionsFermees leaves them;
// - the formation: `version + 1`, `updated_at`, `updated_by`, as the transition's session write;
// - one history entry per formation, action `update`, whose diff names each session's
//   `sessions[<id>].etat_recrutement` change (avant → « ferme ») in the snapshot's session order
//   (début, nulls last, then id), author `systeme:migration` (shown « système (migration) »);
// - one change-feed `update` event per formation, numbered from feed_counter like appendChanges,
//   with its diffusion state (never diffused: archived);
// - conformity: with every live session closed, SESSION_RECRUTEMENT (« une session terminée est
//   encore ouverte », the only rule that reads the recruitment of an archived offer; SESSION_CAMPAGNE
//   is not applicable to it) can no longer fail: its stored failures go, and the formation's failure
//   digest (controle_formation) with them, so that its next computation writes its failures again.
//
// A deleted formation that was archived (`statut_avant_suppression = 'archivee'`) is closed too:
// under the new code it was archived, hence closed, before being deleted; and restoring it would
// otherwise archive it again through a session write that a deleted formation refuses.
//
// What differs from the transition, and why: the conformity is not run (its rules are TypeScript);
// only the failures the closing makes untrue are removed, the rest is what the transition's
// computation would find again (no other rule reads the recruitment of an archived formation; the
// catalogue, platform states and régions do not depend on it). The API documents, the search index
// and the public-data version follow by their triggers (0750, 0300, 0910), as for any write.
// The author is the migration, not a user.

const CIBLES = sql`(f.statut = 'archivee' or (f.statut = 'supprimee' and f.statut_avant_suppression = 'archivee'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    with ouvertes as (
      select s.id, s.formation_id, s.etat_recrutement, s.debut
      from session s join formation f on f.id = s.formation_id
      where ${CIBLES} and not s.archivee and s.etat_recrutement <> 'ferme'
    ),
    cibles as (
      select o.formation_id as id, row_number() over (order by o.formation_id) as n,
        jsonb_agg(jsonb_build_object(
          'champ', 'sessions[' || o.id || '].etat_recrutement', 'avant', o.etat_recrutement, 'apres', 'ferme'
        ) order by o.debut nulls last, o.id) as diff
      from ouvertes o group by o.formation_id
    ),
    sessions_fermees as (
      update session s set etat_recrutement = 'ferme', updated_at = now()
      from ouvertes o where s.id = o.id
    ),
    formations_ecrites as (
      update formation f set version = f.version + 1, updated_at = now(), updated_by = 'systeme:migration'
      from cibles c where f.id = c.id
      returning f.id, (f.statut = 'publiee' and f.catalogue is not distinct from 'general') as diffusee
    ),
    entrees as (
      insert into historique (formation_id, entite, entite_id, action, acteur, at, diff)
      select c.id, 'formation', c.id, 'update', 'systeme:migration', now(), c.diff from cibles c order by c.n
    ),
    echecs as (
      delete from controle_echec e using cibles c
      where e.formation_id = c.id and e.code = 'SESSION_RECRUTEMENT'
      returning e.formation_id
    ),
    empreintes as (
      delete from controle_formation x where x.formation_id in (select formation_id from echecs)
    ),
    compteur as (
      update feed_counter set seq = seq + (select count(*) from cibles)
      where id = 1 and exists (select 1 from cibles)
      returning seq
    )
    insert into change_event (seq, type, entite_id, action, at, diffusee)
    select k.seq - (select count(*) from cibles) + c.n, 'formation', c.id, 'update', now(), f.diffusee
    from cibles c join formations_ecrites f on f.id = c.id cross join compteur k
  `.execute(db);
}

/** Nothing to undo: the sessions stay closed (an archived offer's state under the current code). */
export async function down(): Promise<void> {}
