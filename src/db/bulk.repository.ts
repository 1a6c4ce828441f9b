import { type RawBuilder, sql } from 'kysely';
import type { PlanEcriture, SessionLigne } from '../domain/formation.ecriture.ts';
import type { Executor } from './executor.ts';
import { type HistoriqueEntry, origineDe } from './historique.repository.ts';
import type { DB } from './schema.ts';

// Bulk writes for large loads (demo, imports, benchmarks): one INSERT … SELECT per table and
// chunk, the chunk's columns bound as ONE JSON parameter (an array of column arrays) that the
// server expands (`jsonb_array_elements_text`, zipped by ROWS FROM as unnest zips arrays) — one
// bind parameter whatever the row count, so never near PostgreSQL's 65,535-parameter limit, and
// one statement instead of thousands of round trips. (Text arrays cost ≈ 1.5 times the CPU: `pg`
// builds each array literal by concatenation, escaping every element with two regular
// expressions, where JSON.stringify is one native pass — docs/mesures.md, « Import LHEO ».)

export interface Column {
  readonly name: string;
  /**
   * SQL type of the value (its JSON text cast to it). `jsonb`: the value is a JSON value that
   * travels as itself inside a `json` parameter (`jsonColumns`), wrapped in a one-element array (`[v]`; null: SQL
   * null), instead of a JSON text serialized, then escaped again as a string of the parameter and
   * parsed twice by the server (`jsonValue`). `json`: the same, the value stored as its text (a
   * `json` column: checked, not built).
   */
  readonly type: 'text' | 'int' | 'float8' | 'bool' | 'date' | 'timestamptz' | 'bigint' | 'jsonb' | 'json';
  /** Cast of the value written (array columns travel as text literals, e.g. `{1,2}`). */
  readonly cast?: 'int[]' | 'text[]';
  /** One per row: string, number, boolean or null (JSON-serializable as is). */
  readonly values: readonly unknown[];
}

/**
 * `from` items yielding the rows of `columns` as `t(name, …)`, each column typed (its `type`,
 * then its `cast`) by `typed(c)`. The values travel as one jsonb parameter; the `jsonb` columns'
 * values, in a second parameter of type `json`, each value then made jsonb alone. In the jsonb
 * parameter, a nested value (a history entry's diff, ≈ 3.7 Ko) was built as jsonb once for the
 * whole parameter, then taken apart and rebuilt by `->` and `jsonb_array_elements`: ≈ 4 times the
 * server CPU of reading it as `json` (text checked, not built) and making each value jsonb once
 * (docs/mesures.md « Import LHEO : index des sessions sans lecteur, l’historique sans jsonb
 * imbriqué »). Same values stored.
 */
export function jsonColumns(columns: readonly Column[]) {
  const names = sql.join(columns.map((c) => sql.ref(c.name)));
  const simples = columns.filter((c) => !imbriquee(c));
  const imbriquees = columns.filter(imbriquee);
  const elements = sql.join(
    columns.map((c) =>
      imbriquee(c)
        ? sql`json_array_elements(p.d->${sql.lit(imbriquees.indexOf(c))})`
        : sql`jsonb_array_elements_text(p.j->${sql.lit(simples.indexOf(c))})`,
    ),
  );
  const d = imbriquees.length ? sql`, ${JSON.stringify(imbriquees.map((c) => c.values))}::json as d` : sql``;
  const from = sql`(select ${JSON.stringify(simples.map((c) => c.values))}::jsonb as j${d}) as p,
    rows from (${elements}) as t(${names})`;
  return { names, from };
}

/** Whether column `c` travels as a JSON value in `jsonColumns`'s `json` parameter. */
const imbriquee = (c: Column) => c.type === 'jsonb' || c.type === 'json';

/** The value of column `c` of `jsonColumns`'s `t`, typed. */
export const typed = (c: Column) =>
  c.type === 'jsonb'
    ? sql`(${sql.ref(`t.${c.name}`)}->0)::jsonb`
    : c.type === 'json'
      ? sql`${sql.ref(`t.${c.name}`)}->0`
      : sql`${sql.ref(`t.${c.name}`)}::${sql.raw(c.type)}${c.cast ? sql`::${sql.raw(c.cast)}` : sql``}`;

/**
 * A `jsonb` column's value: what `JSON.stringify(v)::jsonb` stores (undefined: SQL null, as
 * `JSON.stringify(undefined)` is).
 */
export const jsonValue = (v: unknown) => (v === undefined ? null : [v]);

export async function unnestInsert<R = unknown>(
  trx: Executor,
  table: keyof DB,
  columns: readonly Column[],
  suffix?: RawBuilder<unknown>,
): Promise<R[]> {
  if (columns[0]!.values.length === 0) return [];
  const { names, from } = jsonColumns(columns);
  const selected = sql.join(columns.map(typed));
  const { rows } =
    await sql<R>`insert into ${sql.table(table)} (${names}) select ${selected} from ${from} ${suffix ?? sql``}`.execute(
      trx,
    );
  return rows;
}

export const col = <T>(
  name: string,
  type: Column['type'],
  rows: readonly T[],
  get: (r: T, i: number) => unknown,
  cast?: Column['cast'],
): Column => ({
  name,
  type,
  cast,
  values: rows.map(get),
});
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const pgArray = (xs: readonly (string | number)[]) =>
  `{${xs.map((x) => (typeof x === 'number' ? x : `"${x.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

export interface BulkOrganisme {
  siret: string;
  siren: string;
  raison_sociale: string | null;
  nda: string | null;
  uai: string | null;
  adresse: string | null;
  code_postal: string | null;
  commune: string | null;
  code_insee: string | null;
  lat: number | null;
  lon: number | null;
}

export interface BulkContact {
  formation_id?: string | null;
  session_id?: string | null;
  organisme_siret?: string | null;
  type: string;
  nom: string | null;
  telephone: string | null;
  courriel: string | null;
}

/** Organismes (existing SIRETs are kept as they are) and their own contacts. */
export async function insertOrganismesBulk(
  trx: Executor,
  rows: readonly BulkOrganisme[],
  contacts: readonly BulkContact[],
  at: Date,
): Promise<void> {
  const inserted = await unnestInsert<{ siret: string }>(
    trx,
    'organisme',
    [
      col('siret', 'text', rows, (r) => r.siret),
      col('siren', 'text', rows, (r) => r.siren),
      col('raison_sociale', 'text', rows, (r) => r.raison_sociale),
      col('nda', 'text', rows, (r) => r.nda),
      col('uai', 'text', rows, (r) => r.uai),
      col('adresse', 'text', rows, (r) => r.adresse),
      col('code_postal', 'text', rows, (r) => r.code_postal),
      col('commune', 'text', rows, (r) => r.commune),
      col('code_insee', 'text', rows, (r) => r.code_insee),
      col('lat', 'float8', rows, (r) => r.lat),
      col('lon', 'float8', rows, (r) => r.lon),
      col('created_at', 'timestamptz', rows, () => at.toISOString()),
      col('updated_at', 'timestamptz', rows, () => at.toISOString()),
    ],
    sql`on conflict (siret) do nothing returning siret`,
  );
  // Contacts only for the organismes this call created: an existing one keeps its own.
  const fresh = new Set(inserted.map((r) => r.siret));
  await insertContactsBulk(
    trx,
    contacts.filter((c) => c.organisme_siret && fresh.has(c.organisme_siret)),
  );
}

export async function insertContactsBulk(trx: Executor, rows: readonly BulkContact[]): Promise<void> {
  await unnestInsert(trx, 'contact', [
    col('formation_id', 'text', rows, (r) => r.formation_id ?? null),
    col('session_id', 'text', rows, (r) => r.session_id ?? null),
    col('organisme_siret', 'text', rows, (r) => r.organisme_siret ?? null),
    col('type', 'text', rows, (r) => r.type),
    col('nom', 'text', rows, (r) => r.nom),
    col('telephone', 'text', rows, (r) => r.telephone),
    col('courriel', 'text', rows, (r) => r.courriel),
  ]);
}

/** A new formation of a bulk load: its columns as the write model maps them (formation.lignes.ts). */
export interface BulkFormation {
  id: string;
  colonnes: PlanEcriture['colonnes'];
  creation: NonNullable<PlanEcriture['creation']>;
  /** Only a bulk load sets it at creation (the demo's corrections asked by a gestionnaire). */
  commentaire_gestionnaire?: string | null;
}

/** A new session of a bulk load: `sessionRow`'s row, diffused since `diffusee_at` (null: not diffused). */
export type BulkSession = SessionLigne & { diffusee_at: Date | null };

/**
 * The formation table's written columns (`formationColumns` plus owner, status and update stamps),
 * one array each: the one list of the import's bulk writer and of the bulk loads.
 */
export const formationCols = (p: readonly PlanEcriture['colonnes'][]) => [
  col('cle_externe', 'text', p, (x) => x.cle_externe),
  col('siren_proprietaire', 'text', p, (x) => x.siren_proprietaire),
  col('intitule', 'text', p, (x) => x.intitule),
  col('objectif', 'text', p, (x) => x.objectif),
  col('contenu', 'text', p, (x) => x.contenu),
  col('url', 'text', p, (x) => x.url),
  col('code_rncp', 'text', p, (x) => x.code_rncp),
  col('code_cfd', 'text', p, (x) => x.code_cfd),
  col('code_certifinfo', 'text', p, (x) => x.code_certifinfo),
  col('responsable_siret', 'text', p, (x) => x.responsable_siret),
  col('formateur_siret', 'text', p, (x) => x.formateur_siret),
  col('mandataire_siret', 'text', p, (x) => x.mandataire_siret),
  col('responsable_uai', 'text', p, (x) => x.responsable_uai),
  col('formateur_uai', 'text', p, (x) => x.formateur_uai),
  col('mandataire_uai', 'text', p, (x) => x.mandataire_uai),
  col('formation_continue', 'bool', p, (x) => x.formation_continue),
  col('contrat_professionnalisation', 'bool', p, (x) => x.contrat_professionnalisation),
  col('contrat_apprentissage', 'bool', p, (x) => x.contrat_apprentissage),
  col('annees_apprentissage', 'text', p, (x) => pgArray(x.annees_apprentissage), 'int[]'),
  col('duree_annees', 'int', p, (x) => x.duree_annees),
  col('financeurs', 'text', p, (x) => pgArray(x.financeurs), 'text[]'),
  col('statut', 'text', p, (x) => x.statut),
  col('updated_at', 'timestamptz', p, (x) => iso(x.updated_at)),
  col('updated_by', 'text', p, (x) => x.updated_by),
];

/** The columns of new formations: id, `formationCols`, creation and validation stamps. */
export const formationInsertCols = (
  f: readonly { id: string; colonnes: PlanEcriture['colonnes']; creation: PlanEcriture['creation'] }[],
) => [
  col('id', 'text', f, (p) => p.id),
  ...formationCols(f.map((p) => p.colonnes)),
  col('created_at', 'timestamptz', f, (p) => iso(p.creation!.created_at)),
  col('created_by', 'text', f, (p) => p.creation!.created_by),
  col('validee_at', 'timestamptz', f, (p) => iso(p.creation!.validee_at)),
  col('validee_par', 'text', f, (p) => p.creation!.validee_par ?? null),
];

/** The session table's columns of `sessionRow`'s rows, one array each (the one list of both bulk writers). */
export const sessionCols = (s: readonly SessionLigne[]) => [
  col('id', 'text', s, (r) => r.id),
  col('formation_id', 'text', s, (r) => r.formation_id),
  col('cle_externe', 'text', s, (r) => r.cle_externe),
  col('debut', 'date', s, (r) => r.debut),
  col('fin', 'date', s, (r) => r.fin),
  col('etat_recrutement', 'text', s, (r) => r.etat_recrutement),
  col('capacite', 'int', s, (r) => r.capacite),
  col('entree_sortie', 'text', s, (r) => r.entree_sortie),
  col('adresse', 'text', s, (r) => r.adresse),
  col('code_postal', 'text', s, (r) => r.code_postal),
  col('commune', 'text', s, (r) => r.commune),
  col('cedex', 'text', s, (r) => r.cedex),
  col('code_insee', 'text', s, (r) => r.code_insee),
  col('code_departement', 'text', s, (r) => r.code_departement),
  col('code_region', 'text', s, (r) => r.code_region),
  col('uai_lieu', 'text', s, (r) => r.uai_lieu),
  col('lat', 'float8', s, (r) => r.lat),
  col('lon', 'float8', s, (r) => r.lon),
  col('financeur', 'text', s, (r) => r.financeur),
  col('numero_marche', 'text', s, (r) => r.numero_marche),
  col('date_notification_marche', 'date', s, (r) => r.date_notification_marche),
  col('archivee', 'bool', s, (r) => r.archivee),
  col('created_at', 'timestamptz', s, (r) => iso(r.created_at)),
  col('updated_at', 'timestamptz', s, (r) => iso(r.updated_at)),
];

export interface BulkEvenement {
  session_id: string;
  type: string;
  date: string | null;
  lieu: string | null;
  libelle: string | null;
}

/** Session events (reunions d'information, bilans), one statement. */
export async function insertEvenementsBulk(trx: Executor, rows: readonly BulkEvenement[]): Promise<void> {
  await unnestInsert(trx, 'session_evenement', [
    col('session_id', 'text', rows, (r) => r.session_id),
    col('type', 'text', rows, (r) => r.type),
    col('date', 'date', rows, (r) => r.date),
    col('lieu', 'text', rows, (r) => r.lieu),
    col('libelle', 'text', rows, (r) => r.libelle),
  ]);
}

/** History entries, one statement. */
export async function insertHistoriqueBulk(trx: Executor, rows: readonly HistoriqueEntry[]): Promise<void> {
  // The import the transaction applies, as appendHistorique writes it (historique.repository.ts).
  const origine = origineDe(trx);
  await unnestInsert(trx, 'historique', [
    col('formation_id', 'text', rows, (r) => r.formation_id),
    col('entite', 'text', rows, (r) => r.entite),
    col('entite_id', 'text', rows, (r) => r.entite_id),
    col('action', 'text', rows, (r) => r.action),
    col('acteur', 'text', rows, (r) => r.acteur),
    col('at', 'timestamptz', rows, (r) => iso(r.at)),
    // A json column (migration 1270): the entry's text, checked, not built as jsonb.
    col('diff', 'json', rows, (r) => jsonValue(r.diff)),
    col('origine', 'text', rows, () => origine),
  ]);
}

export interface BulkChunk {
  formations: readonly BulkFormation[];
  sessions: readonly BulkSession[];
  contacts: readonly BulkContact[];
  evenements: readonly BulkEvenement[];
  historique: readonly HistoriqueEntry[];
}

/**
 * Writes one chunk of new formations with their sessions, contacts, events, one history entry
 * each and one `create` change-feed event each, its diffusion state left unknown (null) until the
 * caller computes the conformity and records it (`recordDiffusion`). Call it inside the caller's
 * transaction.
 */
export async function insertFormationsBulk(trx: Executor, chunk: BulkChunk, at: Date): Promise<void> {
  const f = chunk.formations;
  await unnestInsert(trx, 'formation', [
    ...formationInsertCols(f),
    col('commentaire_gestionnaire', 'text', f, (r) => r.commentaire_gestionnaire ?? null),
  ]);
  const s = chunk.sessions;
  await unnestInsert(trx, 'session', [
    ...sessionCols(s),
    col('diffusee_at', 'timestamptz', s, (r) => iso(r.diffusee_at)),
  ]);
  await insertContactsBulk(trx, chunk.contacts);
  await insertEvenementsBulk(trx, chunk.evenements);
  await insertHistoriqueBulk(trx, chunk.historique);
  // Last, as every feed writer does: the counter's row lock is held only until this commit.
  if (f.length === 0) return;
  const { rows } = await sql<{
    seq: number;
  }>`update feed_counter set seq = seq + ${f.length} where id = 1 returning seq`.execute(trx);
  const first = Number(rows[0]!.seq) - f.length + 1;
  await unnestInsert(trx, 'change_event', [
    col('seq', 'bigint', f, (_r, i) => first + i),
    col('type', 'text', f, () => 'formation'),
    col('entite_id', 'text', f, (r) => r.id),
    col('action', 'text', f, () => 'create'),
    col('at', 'timestamptz', f, () => at.toISOString()),
  ]);
}

/** Reference rows of one table (a demo or a test fixture), kept as they are when already present. */
export async function insertReferenceRows(
  trx: Executor,
  table: string,
  rows: readonly Record<string, unknown>[],
  runId: number,
): Promise<void> {
  const perRow = Object.keys(rows[0] ?? {}).length + 1;
  const size = Math.floor(60_000 / perRow);
  for (let i = 0; i < rows.length; i += size) {
    await trx
      .insertInto(table as keyof DB)
      .values(rows.slice(i, i + size).map((r) => ({ ...r, run_id: runId })) as never)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function insertRefRun(
  trx: Executor,
  run: { kind: string; fichier: string; hash: string; lignes: number; at: Date },
): Promise<number> {
  const r = await trx
    .insertInto('ref_run')
    .values({
      kind: run.kind,
      fichier: run.fichier,
      hash: run.hash,
      date_fichier: run.at,
      lignes_lues: run.lignes,
      lignes_gardees: run.lignes,
      started_at: run.at,
      finished_at: run.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function countFormations(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('formation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every formation id, sorted (the demo checks what an interrupted load left). */
export async function listFormationIds(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('formation').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Formations among `ids` whose conformity was computed (catalogue set). */
export async function countWithCatalogue(db: Executor, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from formation where id = any(${ids}::text[]) and catalogue is not null`.execute(
    db,
  );
  return Number(r.rows[0]!.n);
}

/** Sets catalogue and the "Certifiée" tag of formations whose conformity nobody computed. */
export async function setCatalogueWhereNull(
  trx: Executor,
  ids: readonly string[],
  nonReglementaire: readonly string[],
  nonCertifiee: readonly string[],
): Promise<void> {
  await sql`update formation
    set catalogue = case when id = any(${nonReglementaire}::text[]) then 'non_reglementaire' else 'general' end,
        certifiee = not (id = any(${nonCertifiee}::text[]))
    where id = any(${ids}::text[]) and catalogue is null`.execute(trx);
}

/** Fresh planner statistics after a bulk load (autovacuum would get there, later). */
export async function analyzeStore(db: Executor): Promise<void> {
  await sql`analyze formation, session, contact, session_evenement, historique, change_event, organisme, controle_echec, formation_region`.execute(
    db,
  );
}

/**
 * Defers the search index of the formations and sessions this transaction writes: the caller
 * indexes them afterwards (indexSearch, indexMissingSearch, or a later update of each one).
 * `on` (migration 0760): nothing is indexed meanwhile; `mots` (0880): the words of the formations
 * written still join the « Vouliez-vous dire » list as they are written (the names they had then).
 */
export async function deferSearchIndex(trx: Executor, mode: 'on' | 'mots' = 'on'): Promise<void> {
  await sql`select set_config('offre.recherche_differee', ${mode}, true)`.execute(trx);
}

/**
 * Indexes `ids` for the search now, in the caller's transaction: the end of a deferred chunk (one
 * pass for its formations and sessions instead of one per insert statement), so that what it
 * commits is never missing from the index, even if the load is killed before its end. `mots`
 * false: not their words, which a transaction in mode `mots` took as it wrote them (migration 1010).
 */
export async function indexSearch(trx: Executor, ids: readonly string[], mots = true): Promise<void> {
  if (ids.length === 0) return;
  await sql`select recherche_indexer(${[...ids]}::text[], ${mots})`.execute(trx);
}

/** Indexes for the search the formations that have no search row yet (after a deferred load). */
export async function indexMissingSearch(db: Executor): Promise<void> {
  await sql`select recherche_indexer(array(
    select f.id from formation f
    where not exists (select 1 from formation_recherche r where r.formation_id = f.id)))`.execute(db);
}
