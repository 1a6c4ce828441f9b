import { sql } from 'kysely';
import type { Renommages } from '../domain/renommages.ts';
import type { FactTable } from '../referentiels/types.ts';
import type { Executor } from './executor.ts';

// Writing reference runs and facts. A run stages its facts in temporary tables (dropped at
// commit), diffs them against the current facts of its scope, computes the formations they
// affect, then applies only what changed — all in the caller's transaction.

interface TableDef {
  readonly cles: readonly string[];
  readonly colonnes: readonly string[];
  /** Column holding the dataset when several datasets share the table. */
  readonly portee?: string;
  /**
   * Column identifying what the name column names, whatever the other keys (a commune by its INSEE
   * code, whatever its postal codes): its renamings are named by it (DiffTable `renommages`).
   */
  readonly renommes?: string;
  /**
   * A column whose loss (stored non-null, the file's null) is judged by the guard
   * REFERENTIEL_PERTE_SUSPECTE, with its French name (communes' and UAI's coordinates).
   */
  readonly essentielle?: { readonly colonne: string; readonly libelle: string };
  /** Text columns people read (labels, names): one holding U+FFFD never replaces a clean stored one. */
  readonly textes?: readonly string[];
}

/** The stored columns of a commune (table `commune`, from the official communes files). */
const COMMUNE_COLONNES = [
  'code_insee',
  'code_postal',
  'nom',
  'code_departement',
  'code_region',
  'lat',
  'lon',
  'population',
] as const;

export const FACT_TABLES: Readonly<Record<FactTable, TableDef>> = {
  certification: {
    cles: ['type', 'code'],
    colonnes: [
      'type',
      'code',
      'intitule',
      'niveau',
      'type_diplome',
      'type_enregistrement',
      'actif',
      'date_debut',
      'date_fin',
      'ouvert_apprentissage',
      'successeurs',
      'predecesseurs',
      'certifinfo',
      'nsf',
      'rome',
      'rome_libelles',
      'formacodes',
      'jeu',
    ],
    portee: 'jeu',
    textes: ['intitule', 'type_diplome'],
  },
  certification_lien: { cles: ['cfd', 'rncp'], colonnes: ['cfd', 'rncp'] },
  certification_habilitation: {
    cles: ['code', 'siret', 'role'],
    colonnes: ['code', 'siret', 'role', 'habilitation', 'nom', 'actif', 'date_debut', 'date_fin'],
    textes: ['nom'],
  },
  diplome_mef: { cles: ['mef'], colonnes: ['mef', 'cfd', 'duree', 'annee'] },
  etablissement: {
    cles: ['siret'],
    colonnes: ['siret', 'siren', 'etat', 'denomination', 'code_commune', 'code_postal'],
    textes: ['denomination'],
  },
  organisme_declare: {
    cles: ['nda'],
    colonnes: [
      'nda',
      'siren',
      'siret',
      'denomination',
      'qualiopi_actions_formation',
      'qualiopi_bilans',
      'qualiopi_vae',
      'qualiopi_apprentissage',
    ],
    textes: ['denomination'],
  },
  uai: {
    cles: ['uai'],
    colonnes: ['uai', 'siret', 'denomination', 'code_commune', 'code_postal', 'ouvert', 'lat', 'lon'],
    essentielle: { colonne: 'lat', libelle: 'coordonnées' },
    textes: ['denomination'],
  },
  commune: {
    cles: ['code_insee', 'code_postal'],
    colonnes: COMMUNE_COLONNES,
    renommes: 'code_insee',
    essentielle: { colonne: 'lat', libelle: 'coordonnées' },
    textes: ['nom'],
  },
  commune_ancienne: {
    cles: ['code_insee', 'nom'],
    colonnes: ['code_insee', 'nom', 'code_insee_ancien', 'statut'],
  },
  marche: {
    cles: ['financeur', 'numero'],
    colonnes: ['financeur', 'numero', 'organisme', 'intitule', 'date_debut', 'date_fin', 'date_notification'],
    portee: 'financeur',
    textes: ['intitule'],
  },
  bcn_nomenclature: {
    cles: ['tableau', 'code'],
    colonnes: [
      'tableau',
      'code',
      'libelle_court',
      'libelle_long',
      'niveau',
      'date_ouverture',
      'date_fermeture',
    ],
    portee: 'tableau',
    textes: ['libelle_court', 'libelle_long'],
  },
};

const id = (s: string) => sql.id(s);
const ids = (cols: readonly string[], alias?: string) =>
  sql.join(cols.map((c) => (alias ? sql.ref(`${alias}.${c}`) : sql.id(c))));
const stg = (t: FactTable) => sql.id(`stg_${t}`);
const chg = (t: FactTable) => sql.id(`chg_${t}`);
const keyEq = (def: TableDef, a: string, b: string) =>
  sql.join(
    def.cles.map((k) => sql`${sql.ref(`${a}.${k}`)} = ${sql.ref(`${b}.${k}`)}`),
    sql` and `,
  );

// ---- runs ---------------------------------------------------------------------------------

export interface RunRow {
  id: number;
  kind: string;
  jeu: string;
  format: string | null;
  fichier: string;
  hash: string;
  date_fichier: Date | null;
  lignes_lues: number;
  lignes_gardees: number;
  lignes_rejetees: number;
  duree_ms: number | null;
  force: boolean;
  diff: unknown;
  impact: unknown;
  rejets: unknown;
  started_at: Date;
  finished_at: Date | null;
}

/** The last completed run of a dataset. */
export async function dernierRun(trx: Executor, kind: string, jeu: string): Promise<RunRow | null> {
  const row = await trx
    .selectFrom('ref_run')
    .selectAll()
    .where('kind', '=', kind)
    .where('jeu', '=', jeu)
    .where('finished_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row as RunRow | undefined) ?? null;
}

export async function createRun(
  trx: Executor,
  r: {
    kind: string;
    jeu: string;
    format: string;
    fichier: string;
    hash: string;
    date_fichier: Date | null;
    force: boolean;
  },
): Promise<number> {
  const row = await trx.insertInto('ref_run').values(r).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(
  trx: Executor,
  id: number,
  r: {
    lignes_lues: number;
    lignes_gardees: number;
    lignes_rejetees: number;
    duree_ms: number;
    diff: unknown;
    impact: unknown;
    rejets: unknown;
  },
): Promise<void> {
  await trx
    .updateTable('ref_run')
    .set({
      ...r,
      diff: JSON.stringify(r.diff),
      impact: JSON.stringify(r.impact),
      rejets: JSON.stringify(r.rejets),
      finished_at: sql<Date>`clock_timestamp()`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The latest run of every dataset, newest first: the runs in force. A demonstration's run (hash
 * `demo-<graine>-<kind>-<table>`, no dataset name) is superseded by a later real run of its kind
 * when its table is replaced whole by such a run (no `portee`): it is then not listed beside it as
 * a second file in force (it stays in ref_run, the history). A demo run of a table replaced one
 * dataset at a time (`certification` of the RNCP and the BCN) stays listed: a real file of another
 * dataset leaves its facts in force.
 */
export async function derniersRuns(db: Executor): Promise<RunRow[]> {
  // Every finished run (one per import: a small table), newest first.
  const runs = (
    await sql<RunRow>`select * from ref_run where finished_at is not null order by id desc`.execute(db)
  ).rows;
  const remplace = (r: RunRow) => {
    const demo = /^demo-\d+-[a-z]+-(\w+)$/.exec(r.hash);
    const def = demo ? (FACT_TABLES[demo[1] as FactTable] as TableDef | undefined) : undefined;
    return (
      def !== undefined &&
      !def.portee &&
      runs.some((n) => n.kind === r.kind && n.id > r.id && !n.hash.startsWith('demo-'))
    );
  };
  const vus = new Set<string>();
  return runs.filter((r) => {
    const cle = `${r.kind}\u0000${r.jeu}`;
    if (remplace(r) || vus.has(cle)) return false;
    vus.add(cle);
    return true;
  });
}

export async function countFaits(db: Executor): Promise<Record<FactTable, number>> {
  const out = {} as Record<FactTable, number>;
  for (const t of Object.keys(FACT_TABLES) as FactTable[]) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${id(t)}`.execute(db);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

/** SIRETs and SIRENs Offre knows (for `--only-known`). */
export async function organismesConnus(db: Executor): Promise<{ sirets: Set<string>; sirens: Set<string> }> {
  const rows = await db.selectFrom('organisme').select(['siret', 'siren']).execute();
  return { sirets: new Set(rows.map((r) => r.siret)), sirens: new Set(rows.map((r) => r.siren)) };
}

/** True when the commune table's only source is the demonstration (`offre demo`: hash `demo-…`). */
export async function communesDeDemoSeulement(db: Executor): Promise<boolean> {
  const runs = await db.selectFrom('ref_run').select('hash').where('kind', '=', 'communes').execute();
  return runs.length > 0 && runs.every((r) => r.hash.startsWith('demo-'));
}

/** Every commune row as stored (the demonstration's few, kept when the built-in list is added). */
export function toutesCommunes(db: Executor) {
  return db.selectFrom('commune').select(COMMUNE_COLONNES).execute();
}

/**
 * Per INSEE code, the stored coordinates of a commune (one of its postal codes' when several):
 * what a commune absent from a new file keeps (communes.importer.ts `complementCog`).
 */
export async function coordonneesCommunes(db: Executor): Promise<Map<string, { lat: number; lon: number }>> {
  const r = await sql<{ code_insee: string; lat: number; lon: number }>`
    select distinct on (code_insee) code_insee, lat, lon from commune
    where lat is not null and lon is not null order by code_insee, code_postal`.execute(db);
  return new Map(r.rows.map((c) => [c.code_insee, { lat: Number(c.lat), lon: Number(c.lon) }]));
}

export async function communesVides(db: Executor): Promise<boolean> {
  const r = await db.selectFrom('commune').select('code_insee').limit(1).executeTakeFirst();
  return !r;
}

// ---- staging and diff ---------------------------------------------------------------------

export async function createStaging(trx: Executor, t: FactTable): Promise<void> {
  const def = FACT_TABLES[t];
  await sql`create temp table ${stg(t)} (like ${id(t)} including defaults) on commit drop`.execute(trx);
  await sql`alter table ${stg(t)} add primary key (${ids(def.cles)})`.execute(trx);
}

/**
 * Inserts a chunk of facts (already de-duplicated by key: the last one wins in the file order).
 * The chunk travels as ONE JSON parameter: binding thousands of parameters costs more than the rows.
 */
export async function insertStaging(
  trx: Executor,
  t: FactTable,
  rows: readonly Record<string, unknown>[],
  runId: number,
) {
  if (rows.length === 0) return;
  const def = FACT_TABLES[t];
  const cols = [...def.colonnes, 'run_id'];
  const json = JSON.stringify(rows.map((r) => ({ ...r, run_id: runId })));
  const updates = sql.join(
    def.colonnes.filter((c) => !def.cles.includes(c)).map((c) => sql`${id(c)} = excluded.${id(c)}`),
  );
  const conflict = def.colonnes.length > def.cles.length ? sql`do update set ${updates}` : sql`do nothing`;
  await sql`insert into ${stg(t)} (${ids(cols)})
    select ${ids(cols)} from json_populate_recordset(null::${stg(t)}, ${json}::json)
    on conflict (${ids(def.cles)}) ${conflict}`.execute(trx);
}

const REMPLACEMENT = '\uFFFD';

/**
 * Keeps the stored text of a fact where the staged one holds U+FFFD (a file decoded with the wrong
 * encoding: « DIPL\uFFFDME ») and the stored one does not: a broken label never replaces a good
 * one (the rest of the fact is the file's). Returns how many facts kept a stored text.
 */
export async function garderTextesSains(trx: Executor, t: FactTable): Promise<number> {
  const def = FACT_TABLES[t];
  let n = 0;
  for (const c of def.textes ?? []) {
    const r = await sql`update ${stg(t)} s set ${id(c)} = t.${id(c)} from ${id(t)} t
      where ${keyEq(def, 't', 's')} and strpos(s.${id(c)}, ${REMPLACEMENT}) > 0
        and t.${id(c)} is not null and strpos(t.${id(c)}, ${REMPLACEMENT}) = 0 returning 1`.execute(trx);
    n += r.rows.length;
  }
  return n;
}

/**
 * Drops from the staged facts those whose key a dataset this one only completes already holds
 * (BCN V after N): they stay that dataset's, unchanged. Returns how many were dropped.
 */
export async function laisserAuxJeux(trx: Executor, t: FactTable, jeux: readonly string[]): Promise<number> {
  const def = FACT_TABLES[t];
  if (!def.portee || jeux.length === 0) return 0;
  const r = await sql`delete from ${stg(t)} s using ${id(t)} t
    where ${keyEq(def, 't', 's')} and ${sql.ref(`t.${def.portee}`)} in (${sql.join([...jeux])}) returning 1`.execute(
    trx,
  );
  return r.rows.length;
}

/** How many distinct facts the file gave for table `t` (staged, by key). */
export async function compterStaging(trx: Executor, t: FactTable): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${stg(t)}`.execute(trx);
  return r.rows[0]?.n ?? 0;
}

/** The column that names a fact, the first a table has (its removals are shown with it). */
const LIBELLES = ['nom', 'intitule', 'denomination', 'libelle_long'] as const;

export interface DiffTable {
  ajouts: number;
  modifications: number;
  retraits: number;
  /** Up to 5 of each, by key: keys; modifications with `champs`; removals with their name column. */
  exemples: { ajouts: unknown[]; modifications: unknown[]; retraits: unknown[] };
  /**
   * Tables with `renommes` (communes): how many things changed name, and up to 5, by their
   * identifying column, old name → new (older reports have none).
   */
  renommages?: Renommages;
  /**
   * Tables with an `essentielle` column: the stored facts that have it and the file would leave
   * without it (`nombre`, up to 5 `exemples` by key with their name), out of `avec` stored facts
   * that have it (older reports have none).
   */
  pertes?: Pertes;
}

export interface Pertes {
  readonly libelle: string;
  readonly nombre: number;
  readonly avec: number;
  readonly exemples: readonly Record<string, unknown>[];
}

/** The stored facts whose essential column the staged facts empty (chg_<t> filled). */
async function pertes(
  trx: Executor,
  t: FactTable,
  jeu: string,
  libelle: string | undefined,
): Promise<Pertes> {
  const def = FACT_TABLES[t];
  const { colonne, libelle: quoi } = def.essentielle!;
  const scope = def.portee ? sql`${sql.ref(def.portee)} = ${jeu}` : sql`true`;
  const perdues = sql`from ${chg(t)} m join ${chg(t)} a on a.change = 'avant' and ${keyEq(def, 'a', 'm')}
    where m.change = 'modif' and ${sql.ref(`a.${colonne}`)} is not null and ${sql.ref(`m.${colonne}`)} is null`;
  const cols = libelle ? [...def.cles, libelle] : def.cles;
  const [compte, avec, exemples] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n ${perdues}`.execute(trx),
    sql<{
      n: number;
    }>`select count(*)::int as n from ${id(t)} where ${scope} and ${id(colonne)} is not null`.execute(trx),
    sql<
      Record<string, unknown>
    >`select ${ids(cols, 'a')} ${perdues} order by ${ids(def.cles, 'a')} limit 5`.execute(trx),
  ]);
  return {
    libelle: quoi,
    nombre: compte.rows[0]?.n ?? 0,
    avec: avec.rows[0]?.n ?? 0,
    exemples: exemples.rows,
  };
}

/** The things of table `t` whose name the staged facts change (chg_<t> filled), once each, by their identifying column. */
async function renommages(trx: Executor, t: FactTable, libelle: string): Promise<DiffTable['renommages']> {
  const def = FACT_TABLES[t];
  const par = def.renommes!;
  const changes = sql`from ${chg(t)} m join ${chg(t)} a on a.change = 'avant' and ${keyEq(def, 'a', 'm')}
    where m.change = 'modif' and ${sql.ref(`a.${libelle}`)} is distinct from ${sql.ref(`m.${libelle}`)}`;
  const [compte, exemples] = await Promise.all([
    sql<{ n: number }>`select count(distinct ${sql.ref(`m.${par}`)})::int as n ${changes}`.execute(trx),
    sql<{ code_insee: string; avant: string; apres: string }>`
      select distinct on (${sql.ref(`m.${par}`)}) ${sql.ref(`m.${par}`)} as ${id(par)},
        ${sql.ref(`a.${libelle}`)} as avant, ${sql.ref(`m.${libelle}`)} as apres
      ${changes} order by ${sql.ref(`m.${par}`)}, 2, 3 limit 5`.execute(trx),
  ]);
  return { nombre: compte.rows[0]?.n ?? 0, exemples: exemples.rows };
}

/**
 * Fills chg_<table> with what the staged facts change in the scope: 'ajout' and 'modif' (new
 * values), 'avant' (old values of modified facts) and 'retrait'. Returns counts and samples.
 */
export async function computeDiff(trx: Executor, t: FactTable, jeu: string): Promise<DiffTable> {
  const def = FACT_TABLES[t];
  const compared = def.colonnes.filter((c) => !def.cles.includes(c));
  const distinct = compared.length
    ? sql`(${ids(compared, 't')}) is distinct from (${ids(compared, 's')})`
    : sql`false`;
  const scope = def.portee ? sql`${sql.ref(`t.${def.portee}`)} = ${jeu}` : sql`true`;
  const all = [...def.colonnes, 'run_id'];
  await sql`create temp table ${chg(t)} (change text not null, like ${id(t)}) on commit drop`.execute(trx);
  await sql`insert into ${chg(t)} (change, ${ids(all)})
    select 'ajout', ${ids(all, 's')} from ${stg(t)} s where not exists (select 1 from ${id(t)} t where ${keyEq(def, 't', 's')})`.execute(
    trx,
  );
  await sql`insert into ${chg(t)} (change, ${ids(all)})
    select 'modif', ${ids(all, 's')} from ${stg(t)} s join ${id(t)} t on ${keyEq(def, 't', 's')} where ${distinct}`.execute(
    trx,
  );
  await sql`insert into ${chg(t)} (change, ${ids(all)})
    select 'avant', ${ids(all, 't')} from ${id(t)} t join ${stg(t)} s on ${keyEq(def, 't', 's')} where ${distinct}`.execute(
    trx,
  );
  await sql`insert into ${chg(t)} (change, ${ids(all)})
    select 'retrait', ${ids(all, 't')} from ${id(t)} t where ${scope}
      and not exists (select 1 from ${stg(t)} s where ${keyEq(def, 't', 's')})`.execute(trx);
  const counts = await sql<{
    change: string;
    n: number;
  }>`select change, count(*)::int as n from ${chg(t)} group by change`.execute(trx);
  const n = (c: string) => counts.rows.find((r) => r.change === c)?.n ?? 0;
  const cle = (r: Record<string, unknown>) => Object.fromEntries(def.cles.map((k) => [k, r[k]]));
  // A removed fact is gone from the database once applied: its name goes with its key, so that
  // the summary says which (« 93066 93380 Saint-Denis »), not only how many.
  const libelle = LIBELLES.find((c) => def.colonnes.includes(c) && !def.cles.includes(c));
  const nomme = (r: Record<string, unknown>) => (libelle ? { ...cle(r), [libelle]: r[libelle] } : cle(r));
  const sample = async (c: string) =>
    (
      await sql<
        Record<string, unknown>
      >`select * from ${chg(t)} where change = ${c} order by ${ids(def.cles)} limit 5`.execute(trx)
    ).rows;
  const avant = await sample('avant');
  const modifs = (await sample('modif')).map((apres) => {
    const old = avant.find((a) => def.cles.every((k) => String(a[k]) === String(apres[k])));
    const champs: Record<string, { avant: unknown; apres: unknown }> = {};
    for (const c of compared)
      if (JSON.stringify(old?.[c]) !== JSON.stringify(apres[c]))
        champs[c] = { avant: old?.[c] ?? null, apres: apres[c] };
    return { ...cle(apres), champs };
  });
  return {
    ajouts: n('ajout'),
    modifications: n('modif'),
    retraits: n('retrait'),
    exemples: {
      ajouts: (await sample('ajout')).map(cle),
      modifications: modifs,
      retraits: (await sample('retrait')).map(nomme),
    },
    ...(def.renommes && libelle && n('modif') ? { renommages: await renommages(trx, t, libelle) } : {}),
    ...(def.essentielle && n('modif') ? { pertes: await pertes(trx, t, jeu, libelle) } : {}),
  };
}

/** How many facts of table `t` a run of dataset `jeu` replaces (its scope), before the diff is applied. */
export async function compterPortee(trx: Executor, t: FactTable, jeu: string): Promise<number> {
  const def = FACT_TABLES[t];
  const scope = def.portee ? sql`${sql.ref(def.portee)} = ${jeu}` : sql`true`;
  const r = await sql<{ n: number }>`select count(*)::int as n from ${id(t)} where ${scope}`.execute(trx);
  return r.rows[0]?.n ?? 0;
}

/** Applies the diff: removed and old versions out, new and modified facts in (unchanged facts keep their run). */
export async function applyDiff(trx: Executor, t: FactTable): Promise<void> {
  const def = FACT_TABLES[t];
  const all = [...def.colonnes, 'run_id'];
  await sql`delete from ${id(t)} t using ${chg(t)} c where c.change in ('avant', 'retrait') and ${keyEq(def, 't', 'c')}`.execute(
    trx,
  );
  await sql`insert into ${id(t)} (${ids(all)}) select ${ids(all)} from ${chg(t)} where change in ('ajout', 'modif')`.execute(
    trx,
  );
  // The planner's statistics of the table as it now is: a new database's reference tables had
  // none (PGlite has no autovacuum, the CI server runs without it, and it waits for a threshold
  // anyway), and the plans made blind read every commune for each conformity round of an import.
  // SKIP_LOCKED: never waits for another ANALYZE of the table; it keeps the statistics it has.
  await sql`analyze (skip_locked) ${id(t)}`.execute(trx);
}

// ---- targeted invalidation ----------------------------------------------------------------

// Formation codes as organisations type them, normalised like the reference keys.
const RNCP_F = sql`case when f.code_rncp ~ '^[0-9]+$' then 'RNCP' || f.code_rncp else upper(replace(f.code_rncp, ' ', '')) end`;
const CFD_F = sql`case when f.code_cfd ~ '^[0-9]{7}$' then '0' || f.code_cfd else upper(trim(f.code_cfd)) end`;

/** Which formations depend on a changed fact of this table (old and new values alike). */
function impactQueries(t: FactTable) {
  const c = chg(t);
  switch (t) {
    case 'certification':
      return [
        sql`select f.id from formation f join ${c} c on c.code = ${RNCP_F}`,
        sql`select f.id from formation f join ${c} c on c.code = ${CFD_F}`,
      ];
    case 'certification_lien':
      return [
        sql`select f.id from formation f join ${c} c on c.rncp = ${RNCP_F}`,
        sql`select f.id from formation f join ${c} c on c.cfd = ${CFD_F}`,
      ];
    case 'certification_habilitation':
      return [sql`select f.id from formation f join ${c} c on c.code = ${RNCP_F}`];
    case 'diplome_mef':
      return [sql`select f.id from formation f join ${c} c on c.cfd = ${CFD_F}`];
    case 'etablissement':
      return [
        sql`select f.id from formation f join ${c} c on c.siret = f.responsable_siret`,
        sql`select f.id from formation f join ${c} c on c.siret = f.formateur_siret`,
      ];
    case 'organisme_declare':
      return [
        sql`select f.id from formation f join ${c} c on c.siret = f.responsable_siret`,
        sql`select f.id from formation f join ${c} c on c.siret = f.formateur_siret`,
        sql`select f.id from formation f join ${c} c on c.siren = left(f.responsable_siret, 9)`,
        sql`select f.id from formation f join ${c} c on c.siren = left(f.formateur_siret, 9)`,
      ];
    case 'uai':
      return [
        sql`select f.id from formation f join ${c} c on c.uai in (f.responsable_uai, f.formateur_uai)`,
        sql`select f.id from formation f join ${c} c on c.siret in (f.responsable_siret, f.formateur_siret)`,
        sql`select s.formation_id as id from session s join ${c} c on c.uai = s.uai_lieu`,
      ];
    case 'commune':
      return [
        sql`select s.formation_id as id from session s join ${c} c on c.code_postal = s.code_postal`,
        sql`select s.formation_id as id from session s join ${c} c on c.code_insee = s.code_insee`,
      ];
    case 'commune_ancienne':
      return [
        sql`select s.formation_id as id from session s join ${c} c on c.code_insee = s.code_insee`,
        sql`select s.formation_id as id from session s join ${c} c on c.code_insee_ancien = s.code_insee`,
        sql`select s.formation_id as id from session s join commune m on m.code_postal = s.code_postal join ${c} c on c.code_insee = m.code_insee`,
      ];
    case 'marche':
      return [
        sql`select s.formation_id as id from session s join ${c} c on c.financeur = s.financeur and c.numero = regexp_replace(upper(s.numero_marche), '\\s', '', 'g')`,
      ];
    case 'bcn_nomenclature':
      return [];
  }
}

/** The ids of the formations affected by the changes of these tables, sorted. */
export async function formationsImpactees(trx: Executor, tables: readonly FactTable[]): Promise<string[]> {
  const queries = tables.flatMap(impactQueries);
  if (queries.length === 0) return [];
  const r = await sql<{
    id: string;
  }>`select distinct id from (${sql.join(queries, sql` union `)}) x order by id`.execute(trx);
  return r.rows.map((x) => x.id);
}

/** One reference import at a time per database schema (PostgreSQL; PGlite is serialised anyway). */
export async function verrouImport(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(7328293, hashtext(current_schema()))`.execute(trx);
}

// ---- impact guard ---------------------------------------------------------------------------

export interface EtatCatalogue {
  readonly catalogue: string | null;
  readonly certifiee: boolean | null;
}

/** Catalogue and "Certifiée" tag of these formations, by id. */
export async function etatsCatalogue(
  trx: Executor,
  ids: readonly string[],
): Promise<Map<string, EtatCatalogue>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('formation')
    .select(['id', 'catalogue', 'certifiee'])
    .where('id', '=', sql<string>`any(cast(${[...ids]} as text[]))`)
    .execute();
  return new Map(rows.map((r) => [r.id, { catalogue: r.catalogue, certifiee: r.certifiee }]));
}

/** Formations whose catalogue has been computed (the base of the impact share). */
export async function countFormationsCataloguees(trx: Executor): Promise<number> {
  const r = await trx
    .selectFrom('formation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('catalogue', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
