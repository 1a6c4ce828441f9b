import { sql } from 'kysely';
import type { OrganismeLigne, PlanEcriture } from '../domain/formation.ecriture.ts';
import {
  type Column,
  col,
  formationCols,
  formationInsertCols,
  insertContactsBulk,
  insertEvenementsBulk,
  insertHistoriqueBulk,
  jsonColumns,
  sessionCols,
  typed,
  unnestInsert,
} from './bulk.repository.ts';
import type { Executor } from './executor.ts';
import { requeteEtats } from './feed.repository.ts';
import { COLONNES_SESSION_SAISIES, type FormationRow } from './formation.repository.ts';
import type { HistoriqueEntry } from './historique.repository.ts';
import type { DB } from './schema.ts';

// The bulk write path of the imports (issue 13): the write plans of a chunk of formations
// (domain/formation.ecriture.ts) written with one set-based statement per table — arrays bound as
// one parameter each (unnest), so a chunk of any size is ~15 statements, never near PostgreSQL's
// bind-parameter limit. Same rows as the one-by-one path (services/formation.write.ts).

async function unnestUpdate(trx: Executor, table: keyof DB, key: Column, columns: readonly Column[]) {
  if (key.values.length === 0) return;
  const { from } = jsonColumns([key, ...columns]);
  const sets = sql.join(columns.map((c) => sql`${sql.ref(c.name)} = ${typed(c)}`));
  await sql`update ${sql.table(table)} as u set ${sets} from ${from} where ${sql.ref(`u.${key.name}`)} = ${typed(key)}`.execute(
    trx,
  );
}

/**
 * The formations of (owner SIREN, external key) pairs, locked for the transaction (one statement
 * for a chunk; what `findFormationIdByCle` then `lockWritable` do for one).
 */
export async function lockFormationsParCle(
  trx: Executor,
  cles: readonly { siren: string; cle: string }[],
): Promise<FormationRow[]> {
  if (cles.length === 0) return [];
  const { rows } = await sql<FormationRow>`select f.* from formation f
    join unnest(${cles.map((c) => c.siren)}::text[], ${cles.map((c) => c.cle)}::text[]) as k(siren, cle)
      on f.siren_proprietaire = k.siren and f.cle_externe = k.cle
    for update of f`.execute(trx);
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** Formations named by their id (a workbook row's reference), locked; `lockWritable`'s read for a chunk. */
export async function lockFormationsParId(trx: Executor, ids: readonly string[]): Promise<FormationRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<FormationRow>`select f.* from formation f
    where f.id = any(${[...new Set(ids)]}::text[]) for update of f`.execute(trx);
  return rows;
}

/** Formations without external key named by their id (Offre's own export), locked; `findFormationIdSansCle` for a chunk. */
export async function lockFormationsSansCle(
  trx: Executor,
  ids: readonly { siren: string; id: string }[],
): Promise<FormationRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<FormationRow>`select f.* from formation f
    join unnest(${ids.map((c) => c.siren)}::text[], ${ids.map((c) => c.id)}::text[]) as k(siren, id)
      on f.id = k.id and f.siren_proprietaire = k.siren and f.cle_externe is null
    for update of f`.execute(trx);
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

const SESSION_MAJ = [...COLONNES_SESSION_SAISIES, 'updated_at'] as const;

/**
 * Writes the plans of one chunk (distinct formations, in the order they were planned) and
 * `organismes`, the states of the establishments they upsert (computed by `appliquerOrganismes`),
 * one statement per generation (distinct SIRETs each), with the chunk's history entries in their
 * order (`historique`: the plans' own, with whatever the caller interleaves, e.g. archivings).
 * The feed events follow with `appendChangesBulk`.
 */
export async function writePlansBulk(
  trx: Executor,
  plans: readonly PlanEcriture[],
  organismes: readonly (readonly OrganismeLigne[])[],
  now: Date,
  historique: readonly HistoriqueEntry[] = plans.map((p) => p.historique),
): Promise<void> {
  const at = now.toISOString();
  for (const g of organismes) await upsertOrganismesBulk(trx, g, at);
  if (plans.length) await writeFormationsBulk(trx, plans, at);
  await insertHistoriqueBulk(trx, historique);
}

/**
 * Archives formations as `applyStatut` does (statut `archivee`, `version` the new one, stamped
 * `updated_at`/`updated_by`), one statement for a chunk; their history entries and feed events
 * are the caller's (writePlansBulk, appendChangesBulk).
 */
export async function archiverBulk(
  trx: Executor,
  formations: readonly { id: string; version: number }[],
  who: string,
  now: Date,
): Promise<void> {
  await unnestUpdate(
    trx,
    'formation',
    col('id', 'text', formations, (f) => f.id),
    [
      col('statut', 'text', formations, () => 'archivee'),
      col('statut_avant_suppression', 'text', formations, () => null),
      col('version', 'int', formations, (f) => f.version),
      col('updated_at', 'timestamptz', formations, () => now.toISOString()),
      col('updated_by', 'text', formations, () => who),
    ],
  );
}

/** Which of `ids` have an open revision (en attente de validation or à corriger): findOpenRevision for a chunk. */
export async function formationsAvecRevisionOuverte(
  trx: Executor,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ formation_id: string }>`select distinct formation_id from formation_revision
    where formation_id = any(${[...new Set(ids)]}::text[]) and statut in ('en_attente_validation', 'a_corriger')`.execute(
    trx,
  );
  return new Set(rows.map((r) => r.formation_id));
}

/** Establishments in their final state (distinct SIRETs): created, or overwritten when they change. */
async function upsertOrganismesBulk(trx: Executor, organismes: readonly OrganismeLigne[], at: string) {
  await unnestInsert(
    trx,
    'organisme',
    [
      col('siret', 'text', organismes, (o) => o.siret),
      col('siren', 'text', organismes, (o) => o.siren),
      col('uai', 'text', organismes, (o) => o.uai),
      col('raison_sociale', 'text', organismes, (o) => o.raison_sociale),
      col('nda', 'text', organismes, (o) => o.nda),
      col('created_at', 'timestamptz', organismes, () => at),
      col('updated_at', 'timestamptz', organismes, () => at),
    ],
    // An establishment left as it was is not rewritten: its update would re-index the search
    // words of every formation naming it (migration 0300), thousands for a national network.
    sql`on conflict (siret) do update set uai = excluded.uai, raison_sociale = excluded.raison_sociale,
      nda = excluded.nda, updated_at = excluded.updated_at
      where (organisme.uai, organisme.raison_sociale, organisme.nda)
        is distinct from (excluded.uai, excluded.raison_sociale, excluded.nda)`,
  );
}

async function writeFormationsBulk(trx: Executor, plans: readonly PlanEcriture[], at: string) {
  const creees = plans.filter((p) => p.creation);
  await unnestInsert(trx, 'formation', formationInsertCols(creees));
  const majs = plans.filter((p) => !p.creation);
  await unnestUpdate(
    trx,
    'formation',
    col('id', 'text', majs, (p) => p.id),
    [...formationCols(majs.map((p) => p.colonnes)), col('version', 'int', majs, (p) => p.version)],
  );

  const avecContacts = plans.filter((p) => p.contacts);
  const majContacts = avecContacts.filter((p) => !p.creation).map((p) => p.id);
  if (majContacts.length)
    await sql`delete from contact where formation_id = any(${majContacts}::text[])`.execute(trx);

  const sessions = plans.flatMap((p) => p.sessions);
  await unnestInsert(
    trx,
    'session',
    sessionCols(sessions),
    sql`on conflict (id) do update set ${sql.join(SESSION_MAJ.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))}`,
  );
  const details = plans.flatMap((p) => p.details);
  const detailIds = details.map((d) => d.session_id);
  if (detailIds.length) {
    await sql`delete from contact where session_id = any(${detailIds}::text[])`.execute(trx);
    await sql`delete from session_evenement where session_id = any(${detailIds}::text[])`.execute(trx);
  }
  await insertContactsBulk(trx, [
    ...avecContacts.flatMap((p) => p.contacts!.map((c) => ({ ...c, formation_id: p.id }))),
    ...details.flatMap((d) => (d.contact ? [{ ...d.contact, type: 'autre', session_id: d.session_id }] : [])),
  ]);
  const evenements = details.flatMap((d) => d.evenements.map((e) => ({ ...e, session_id: d.session_id })));
  await insertEvenementsBulk(trx, evenements);
  const supprimees = plans.flatMap((p) => p.sessionsSupprimees);
  if (supprimees.length) await sql`delete from session where id = any(${supprimees}::text[])`.execute(trx);
  const diffusees = plans.filter((p) => p.diffuser).map((p) => p.id);
  if (diffusees.length)
    await sql`update session set diffusee_at = ${at}::timestamptz
      where formation_id = any(${diffusees}::text[]) and diffusee_at is null and archivee = false`.execute(
      trx,
    );
}

/** A feed event of a chunk; `archive`: its formation is archived, out of the diffusion whatever its row says yet. */
export type EvenementBulk =
  | PlanEcriture['feed']
  | { readonly type: 'formation'; readonly entite_id: string; readonly action: 'archive' };

/**
 * Appends the chunk's change-feed events, numbered in order under the `feed_counter` row lock
 * (held until commit: commit order is seq order, see appendChanges), each with whether its
 * formation is in the diffusion now (never for an `archive` event). Call it after the chunk's
 * writes, before `archiverBulk`: an update event of a formation archived after it says whether
 * the formation was in the diffusion before its archiving, as the one-by-one path does.
 */
export async function appendChangesBulk(
  trx: Executor,
  events: readonly EvenementBulk[],
  now: Date,
): Promise<void> {
  if (events.length === 0) return;
  const { rows } = await sql<{
    seq: number;
  }>`update feed_counter set seq = seq + ${events.length} where id = 1 returning seq`.execute(trx);
  const first = Number(rows[0]!.seq) - events.length + 1;
  const ids = [...new Set(events.map((e) => e.entite_id))];
  await sql`insert into change_event (seq, type, entite_id, action, at, diffusee, publique)
    select t.seq, t.type, t.entite_id, t.action, ${now.toISOString()}::timestamptz,
      coalesce(t.action <> 'archive' and f.diffusee, false), coalesce(t.action <> 'archive' and f.publique, false)
    from unnest(${events.map((_, i) => first + i)}::bigint[], ${events.map((e) => e.type)}::text[],
      ${events.map((e) => e.entite_id)}::text[], ${events.map((e) => e.action)}::text[]) as t(seq, type, entite_id, action)
    left join ${requeteEtats(trx, ids)} f on f.id = t.entite_id`.execute(trx);
}
