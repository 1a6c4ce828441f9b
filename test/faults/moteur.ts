import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { sourceHash } from '../../bin/build-stamp.js';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { INDEX_DIFFERES } from '../../src/db/premier-chargement.ts';
import type { DB } from '../../src/db/schema.ts';
import { seedDataDir } from '../helpers/db.ts';

// Where a fault-injection run keeps its databases: a PostgreSQL database per state (cloned from
// a template: CREATE DATABASE … TEMPLATE), or a PGlite folder per state (copied). Both engines
// answer the same three needs: make a state, copy it, run `offre` on it in a child process.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The code every `offre` of a run must be: the sources when the run started. A checkout changed
 * midway (a `git merge` in the worktree running the suite) makes the next children run other code
 * — new migrations included — than the uninterrupted run they are compared with: every kill point
 * after the new migrations' commit then reads as an in-between state and a different result.
 * Such a run is void, and says so instead of reporting product failures.
 */
const SOURCES = sourceHash(ROOT);
function memesSources(quand: string): void {
  if (sourceHash(ROOT) !== SOURCES)
    throw new Error(
      `Les sources d’Offre (src/, package.json, tsconfig.json) ont changé pendant la série de pannes (${quand}) : les commandes ne sont plus le code comparé à l’exécution sans panne. Série invalide : relancez-la sur un arbre qui ne change pas.`,
    );
}

export interface Etat {
  /** Environment that points `offre` at this state. */
  readonly env: Record<string, string>;
  /** Opens it in this process (the PGlite folder lock applies: the child must be gone). */
  open(): Promise<Database>;
  /** A new state holding a copy of this one. */
  copy(nom: string): Promise<Etat>;
  drop(): Promise<void>;
}

export interface Moteur {
  readonly engine: 'postgres' | 'pglite';
  /** A new empty state (PostgreSQL: not migrated; PGlite: migrated from the template, nothing else). */
  vide(nom: string): Promise<Etat>;
  close(): Promise<void>;
}

export async function moteurPostgres(url: string, prefix: string): Promise<Moteur> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const base = new URL(url);
  const urlDe = (db: string) => {
    const u = new URL(base);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const noms = new Set<string>();
  const etat = (db: string): Etat => ({
    env: { DATABASE_URL: urlDe(db) },
    open: () => openDatabase({ url: urlDe(db), poolSize: 2 }),
    copy: async (nom) => {
      const cible = `${prefix}_${nom}`.toLowerCase();
      await admin.query(`drop database if exists "${cible}"`);
      await admin.query(`create database "${cible}" template "${db}"`);
      noms.add(cible);
      return etat(cible);
    },
    drop: async () => {
      await admin.query(`drop database if exists "${db}"`);
      noms.delete(db);
    },
  });
  return {
    engine: 'postgres',
    vide: async (nom) => {
      const db = `${prefix}_${nom}`.toLowerCase();
      await admin.query(`drop database if exists "${db}"`);
      await admin.query(`create database "${db}"`);
      noms.add(db);
      return etat(db);
    },
    close: async () => {
      for (const db of noms) await admin.query(`drop database if exists "${db}"`);
      await admin.end();
    },
  };
}

export async function moteurPglite(): Promise<Moteur> {
  const racine = mkdtempSync(join(tmpdir(), 'offre-pannes-'));
  const etat = (dir: string): Etat => ({
    env: { DATABASE_URL: '', OFFRE_DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    copy: async (nom) => {
      const cible = join(racine, nom);
      rmSync(cible, { recursive: true, force: true });
      cpSync(dir, cible, { recursive: true });
      return etat(cible);
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  });
  return {
    engine: 'pglite',
    // Already migrated, from the template (seedDataDir: ~2 s of CPU instead of an initdb); the
    // migrations that prepareModeles then applies find nothing to do, as on PostgreSQL's side.
    vide: async (nom) => etat(await seedDataDir(join(racine, nom))),
    close: async () => rmSync(racine, { recursive: true, force: true }),
  };
}

export interface Execution {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Statements the database answered (OFFRE_FAULT_COUNT_FILE), when the process ended by itself. */
  readonly instructions: number | null;
}

/** Runs `offre <args>` (bin/offre.js, as in production) in a child process on `etat`. */
export async function offre(
  etat: Etat,
  args: readonly string[],
  faute: { apres?: number } = {},
): Promise<Execution> {
  memesSources(`avant « offre ${args.join(' ')} »`);
  const compteur = join(mkdtempSync(join(tmpdir(), 'offre-compte-')), 'n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...etat.env,
    OFFRE_FAULT_COUNT_FILE: compteur,
    OFFRE_FAULT_AFTER_N_STATEMENTS: faute.apres ? String(faute.apres) : '',
  };
  const child = spawn(process.execPath, ['bin/offre.js', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  );
  let instructions: number | null = null;
  try {
    instructions = Number(readFileSync(compteur, 'utf8'));
  } catch {
    instructions = null;
  }
  rmSync(join(compteur, '..'), { recursive: true, force: true });
  memesSources(`pendant « offre ${args.join(' ')} »`);
  return { code, signal, stdout, stderr, instructions };
}

// ---- The canonical content of a database --------------------------------------------------------

/**
 * Bookkeeping tables that are not the product's data; `donnees_version` counts the transactions that
 * wrote public data (migration 0910), which differ between two correct ways of doing the same work,
 * as sequence values do.
 */
const HORS_COMPARAISON = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'secret_serveur',
  'donnees_version',
  'donnees_version_marque',
]);
/**
 * Columns that differ between two correct runs of the same command, left out of the comparison:
 * every time stamp (columns of a timestamp type), the durations, and the values of sequences,
 * which PostgreSQL never hands out twice — a transaction killed after taking a value skips it
 * (ref_run.id and the run_id that points to it, historique.id, contact.id…).
 */
const COLONNES_VOLATILES = new Set([
  'duree_ms',
  'run_id',
  'regle_id',
  'controle_formation.empreinte',
  // The search token dictionary's ids (migration 0710) come from a sequence, which a killed
  // transaction advances for good (PostgreSQL never hands a sequence value back): a new token
  // gets another id after a crash. The tokens are compared by their text instead (PAR_JETON).
  'recherche_jeton.id',
]);
/** Columns holding token ids of recherche_jeton: compared as the sorted token texts they stand for. */
const PAR_JETON = new Set(['formation_recherche.jetons', 'formation_recherche.jetons_tous']);
/** Identifiers made by newId (src/domain/ids.ts): a prefix, time, randomness. */
const ID = /^[a-z]{2,6}_[0-9a-hjkmnp-tv-z]{22}$/;
const HORODATAGE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * The sessions of a formation are numbered in the order of their identifiers, whose last part is
 * random: two sessions created in the same millisecond come in either order, in two correct runs
 * alike. Their number in a conformity message (and the fingerprint of the checked content) is
 * therefore left out.
 */
const RANG_SESSION = [/sessions\[\d+\]/g, /\b([Ll]a session) \d+\b/g] as const;

function neutre(v: unknown): unknown {
  if (typeof v === 'string') {
    if (ID.test(v)) return '<id>';
    // A JSON document stored as text (formation_document): compared by its values, volatile ones out.
    if (v.startsWith('{')) {
      try {
        return JSON.stringify(neutre(JSON.parse(v)));
      } catch {
        // not JSON: compared as text below
      }
    }
    if (HORODATAGE.test(v)) return '<horodatage>';
    return v
      .replace(/\b[a-z]{2,6}_[0-9a-hjkmnp-tv-z]{22}\b/g, '<id>')
      .replace(RANG_SESSION[0], 'sessions[n]')
      .replace(RANG_SESSION[1], '$1 n');
  }
  if (Array.isArray(v)) return v.map(neutre);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !COLONNES_VOLATILES.has(k) && !/_at$|^at$/.test(k))
        .map(([k, x]) => [k, neutre(x)]),
    );
  return v;
}

export type Contenu = Record<string, string[]>;

/**
 * The whole database as comparable text: per table, its rows as JSON (volatile columns out,
 * generated identifiers and time stamps in JSON values replaced by a placeholder), sorted.
 */
export async function contenu(db: Kysely<DB>): Promise<Contenu> {
  const { rows: cols } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    d: string | null;
    identite: string;
  }>`
    select c.table_name, c.column_name, c.data_type, c.column_default as d, c.is_identity as identite
    from information_schema.columns c join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const c of cols) {
    if (HORS_COMPARAISON.has(c.table_name)) continue;
    const volatile =
      c.data_type.startsWith('timestamp') ||
      COLONNES_VOLATILES.has(c.column_name) ||
      COLONNES_VOLATILES.has(`${c.table_name}.${c.column_name}`) ||
      c.d?.startsWith('nextval(') ||
      c.identite === 'YES';
    const l = tables.get(c.table_name) ?? [];
    if (!volatile) l.push(c.column_name);
    tables.set(c.table_name, l);
  }
  const out: Contenu = {};
  for (const [table, colonnes] of tables) {
    const valeur = (c: string) =>
      PAR_JETON.has(`${table}.${c}`)
        ? sql`(select array_agg(k.jeton order by k.jeton) from recherche_jeton k where k.id = any(t.${sql.ref(c)}))`
        : sql`t.${sql.ref(c)}`;
    const { rows } = await sql<{ j: Record<string, unknown> }>`select json_build_object(${sql.join(
      colonnes.flatMap((c) => [sql.lit(c), valeur(c)]),
    )}) as j from ${sql.table(table)} t`.execute(db);
    out[table] = rows.map((r) => JSON.stringify(neutre(r.j))).sort();
  }
  return out;
}

/** Where two contents differ, table by table (a few rows each): empty when they are equal. */
export function differences(a: Contenu, b: Contenu, max = 3): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[t] ?? [];
    const y = b[t] ?? [];
    if (x.length === y.length && x.every((r, i) => r === y[i])) continue;
    const sy = new Set(y);
    const sx = new Set(x);
    const seulA = x.filter((r) => !sy.has(r)).slice(0, max);
    const seulB = y.filter((r) => !sx.has(r)).slice(0, max);
    out.push(
      `${t}: ${x.length} / ${y.length} lignes; seulement d’un côté: ${[...seulA, '|', ...seulB].join('\n  ')}`,
    );
  }
  return out;
}

export const egal = (a: Contenu, b: Contenu) => differences(a, b, 0).length === 0;

// ---- What must hold after any crash ---------------------------------------------------------------

/**
 * The invariants of a database whatever happened to it: every formation is whole (its creation
 * in the history, its entry in the change feed, its row in the search index), no history or change
 * event points to a formation that is not there, the change feed has no gap, every reference
 * import run recorded is finished, and the indexes a first load drops for its duration are there. Returns what is broken (empty: sound).
 */
export async function invariants(db: Kysely<DB>): Promise<string[]> {
  const q = async (titre: string, requete: ReturnType<typeof sql<{ n: number }>>) => {
    const { rows } = await requete.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    return n > 0 ? [`${titre} : ${n}`] : [];
  };
  return [
    ...(await q(
      'formations sans leur création dans l’historique',
      sql`select count(*) as n from formation f where not exists (
        select 1 from historique h where h.formation_id = f.id and h.action = 'create')`,
    )),
    ...(await q(
      'formations absentes du flux de changements',
      sql`select count(*) as n from formation f where not exists (
        select 1 from change_event e where e.type = 'formation' and e.entite_id = f.id)`,
    )),
    ...(await q(
      'formations absentes de l’index de recherche',
      sql`select count(*) as n from formation f where not exists (
        select 1 from formation_recherche r where r.formation_id = f.id)`,
    )),
    ...(await q(
      'historique pointant vers une formation absente',
      sql`select count(*) as n from historique h where h.formation_id is not null
        and not exists (select 1 from formation f where f.id = h.formation_id)`,
    )),
    ...(await q(
      'événements de formation sans leur formation (hors suppression)',
      sql`select count(*) as n from change_event e where e.type = 'formation' and e.action <> 'delete'
        and not exists (select 1 from formation f where f.id = e.entite_id)`,
    )),
    ...(await q(
      'trous dans la numérotation du flux de changements',
      sql`select (coalesce(max(seq), 0) - count(*)) as n from change_event`,
    )),
    ...(await q(
      'compteur du flux différent du dernier numéro',
      sql`select count(*) as n from feed_counter c where c.seq <> (select coalesce(max(seq), 0) from change_event)`,
    )),
    ...(await q(
      'sessions sans formation',
      sql`select count(*) as n from session s where not exists (select 1 from formation f where f.id = s.formation_id)`,
    )),
    ...(await q(
      // A first load drops them in its transaction and builds them again before its commit.
      'index du premier chargement absents',
      sql`select count(*) as n from unnest(${[...INDEX_DIFFERES]}::text[]) as i(nom)
        where not exists (select 1 from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
          where c.relname = i.nom and c.relkind = 'i' and ns.nspname = current_schema())`,
    )),
    ...(await q(
      'imports de référentiel commencés et jamais terminés',
      sql`select count(*) as n from ref_run where finished_at is null`,
    )),
  ];
}
