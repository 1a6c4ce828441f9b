import type { AppContext } from '../context.ts';
import {
  analyzeStore,
  countFormations,
  countWithCatalogue,
  deferSearchIndex,
  indexMissingSearch,
  indexSearch,
  insertFormationsBulk,
  insertOrganismesBulk,
  insertReferenceRows,
  insertRefRun,
  listFormationIds,
  setCatalogueWhereNull,
} from '../db/bulk.repository.ts';
import { ensureCampagneCourante } from '../db/campagne.repository.ts';
import { refreshFormationRegions } from '../db/conformite.repository.ts';
import type { Executor } from '../db/executor.ts';
import { recordDiffusion } from '../db/feed.repository.ts';
import { toBulkChunk } from '../demo/bulk-rows.ts';
import { type DemoPlan, generateFormation, planOf } from '../demo/formations.ts';
import { generateOrganismes, organismeCount } from '../demo/organismes.ts';
import { demoReferentiels } from '../demo/referentiels.ts';
import type { DemoFormation } from '../demo/types.ts';
import { OffreError } from '../domain/errors.ts';
import { pluriel } from '../domain/pluriel.ts';
import { recomputeAll } from './conformite.service.ts';

export const DEMO_ACTEUR = 'systeme:demo';

export interface DemoOptions {
  readonly formations: number;
  readonly seed: number;
  /** Formations per transaction (PGlite blocks the event loop during each one). */
  readonly chunk?: number;
  readonly onProgress?: (etape: 'chargement' | 'controle', done: number, total: number) => void;
}

export interface DemoSummary {
  readonly formations: number;
  readonly sessions: number;
  readonly organismes: number;
  readonly parStatut: Readonly<Record<string, number>>;
  /** Formations generated with a deliberate defect. */
  readonly avecDefaut: number;
  /** Whether catalogue/certifiee were set by the demo because no conformity engine computed them. */
  readonly catalogueParDefaut: boolean;
  readonly chargementMs: number;
  readonly controleMs: number;
  /** Formations already there from an interrupted load of the same demo, kept (0: a new load). */
  readonly reprise: number;
}

/** Every row of the demo, in chunks: the loader and the benchmark's COPY baseline share it. */
export function* demoChunks(plan: DemoPlan, total: number, chunk: number): Generator<DemoFormation[]> {
  for (let i = 0; i < total; i += chunk) {
    const n = Math.min(chunk, total - i);
    yield Array.from({ length: n }, (_, k) => generateFormation(plan, i + k));
  }
}

export async function demoPlan(ctx: AppContext, formations: number, seed: number): Promise<DemoPlan> {
  const campagne = await ensureCampagneCourante(ctx.db, ctx.now());
  return planOf(seed, campagne.annee, generateOrganismes(seed, organismeCount(formations)));
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Loads a deterministic demo offer into an empty database: reference facts and organismes with the
 * first chunk of formations, then the other chunks (one transaction each), then the conformity
 * computation. A load that was interrupted (a crash, a kill) is resumed by the same command: when
 * the database holds exactly the first chunks of this very demo (same seed), they are kept and the
 * load goes on from there. Any other content is refused (DEMO_BASE_NON_VIDE).
 */
export async function loadDemo(ctx: AppContext, opts: DemoOptions): Promise<DemoSummary> {
  if (!Number.isInteger(opts.formations) || opts.formations < 1 || opts.formations > 1_000_000)
    throw new OffreError('DEMO_TAILLE', 'Le nombre de formations doit être un entier entre 1 et 1 000 000.', {
      champ: 'formations',
    });
  const taille = opts.chunk ?? 1000;
  const started = Date.now();
  const now = ctx.now();
  const plan = await demoPlan(ctx, opts.formations, opts.seed);
  const deja = await demoDejaCharge(ctx, plan, opts.formations, taille);

  const ids: string[] = [];
  const nonReglementaire: string[] = [];
  const nonCertifiee: string[] = [];
  const parStatut: Record<string, number> = {};
  let sessions = 0;
  let avecDefaut = 0;
  for (const formations of demoChunks(plan, opts.formations, taille)) {
    const chunk = toBulkChunk(formations, DEMO_ACTEUR);
    if (ids.length >= deja) {
      const premier = ids.length === 0;
      await ctx.db.transaction().execute(async (trx) => {
        // Indexed once at the end of the chunk, not by each insert statement: a load killed
        // between chunks leaves no formation out of the search (test/faults, scenario demo). The
        // conformity computation's update below indexes them again with their catalogue.
        await deferSearchIndex(trx);
        // The reference facts and organismes come with the first formations: a demo is either
        // absent or has them.
        if (premier) await insertDemoSocle(trx, plan, opts.seed, now);
        await insertFormationsBulk(trx, chunk, now);
        await indexSearch(
          trx,
          formations.map((f) => f.id),
        );
      });
    }
    for (const f of formations) {
      ids.push(f.id);
      parStatut[f.statut] = (parStatut[f.statut] ?? 0) + 1;
      if (f.defaut) avecDefaut++;
      if (f.bloquant) nonReglementaire.push(f.id);
      if (f.defaut === 'sans_qualiopi') nonCertifiee.push(f.id);
    }
    sessions += chunk.sessions.length;
    opts.onProgress?.('chargement', ids.length, opts.formations);
    await tick();
  }
  const chargementMs = Date.now() - started;

  await recomputeAll(ctx, (done, total) => opts.onProgress?.('controle', done, total));
  // Only while no conformity engine computes anything: the offer would otherwise stay invisible.
  const catalogueParDefaut = (await countWithCatalogue(ctx.db, ids)) === 0;
  if (catalogueParDefaut)
    await ctx.db.transaction().execute(async (trx) => {
      await setCatalogueWhereNull(trx, ids, nonReglementaire, nonCertifiee);
      await refreshFormationRegions(trx, ids);
    });
  // The create events say whether their formation is diffused, as a single write's do (its
  // conformity is computed in its transaction; here, just above).
  await recordDiffusion(ctx.db, ids);
  await indexMissingSearch(ctx.db);
  await analyzeStore(ctx.db);

  return {
    formations: ids.length,
    sessions,
    organismes: plan.organismes.length,
    parStatut,
    avecDefaut,
    catalogueParDefaut,
    chargementMs,
    controleMs: Date.now() - started - chargementMs,
    reprise: deja,
  };
}

async function insertDemoSocle(trx: Executor, plan: DemoPlan, seed: number, now: Date) {
  for (const { kind, table, rows } of demoReferentiels(seed, plan.organismes)) {
    const runId = await insertRefRun(trx, {
      kind,
      fichier: `démonstration (graine ${seed})`,
      hash: `demo-${seed}-${kind}-${table}`,
      lignes: rows.length,
      at: now,
    });
    await insertReferenceRows(trx, table, rows, runId);
  }
  await insertOrganismesBulk(
    trx,
    plan.organismes,
    plan.organismes.flatMap((o) => o.contacts.map((c) => ({ ...c, organisme_siret: o.siret }))),
    now,
  );
}

/**
 * How many formations of this demo an interrupted load left (0 in an empty database): the
 * database must hold exactly the first whole chunks of the same demo (all of them: the check was
 * interrupted, it runs again). Throws DEMO_BASE_NON_VIDE
 * for any other content.
 */
async function demoDejaCharge(
  ctx: AppContext,
  plan: DemoPlan,
  total: number,
  taille: number,
): Promise<number> {
  const existing = await countFormations(ctx.db);
  if (existing === 0) return 0;
  const refus = new OffreError(
    'DEMO_BASE_NON_VIDE',
    `La base contient déjà ${pluriel(existing, 'formation', 'formations')} : la démonstration se charge dans une base vide (choisissez un autre OFFRE_DATA_DIR ou une autre base).`,
  );
  if (existing > total || (existing % taille !== 0 && existing !== total)) throw refus;
  const presentes = await listFormationIds(ctx.db);
  const attendues = Array.from({ length: existing }, (_, i) => generateFormation(plan, i).id).sort();
  if (presentes.length !== attendues.length || presentes.some((id, i) => id !== attendues[i])) throw refus;
  return existing;
}

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  return (await countFormations(ctx.db)) === 0;
}
