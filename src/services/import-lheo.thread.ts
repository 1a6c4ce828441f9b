import { AsyncResource } from 'node:async_hooks';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Acteur } from '../domain/acteur.ts';
import type { CodeErreur } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import type { ByteSource } from '../formats/lheo/lheo.stream.ts';
import { startWorker } from '../worker-thread.ts';
import type { LheoImportOptions, LheoImportReport } from './import-lheo.service.ts';

// An LHEO import run in a worker thread on the embedded database's folder (issue 15, defect 7):
// reading, parsing, checking and writing use a core of their own while this thread serves the
// pages from the read copy (db/long-write.ts, detachedLongWrite). This side streams the source to
// the worker, relays its progress, and hands back its report or its error as importLheo would.
//
// Messages, this thread → the worker: `debut` (once), then the source's chunks (`morceau`, at most
// FENETRE not yet read by the worker) and `fin`, or `panne-source` when reading it failed here.
// The worker → this thread: `lu` for each chunk taken, `progres`, and last one of `rapport`,
// `erreur` (an OffreError), `source` (the source failed), `panne` (anything else) — sent once the
// worker has closed the folder.

/** The first message to the worker: what importLheo received, minus the functions. */
export interface DebutImport {
  readonly type: 'debut';
  readonly dataDir: string;
  readonly acteur: Acteur;
  readonly opts: Omit<LheoImportOptions, 'onProgress'>;
  /** ctx.now() − Date.now() at the start, in ms: the worker's clock keeps the caller's offset. */
  readonly decalageMs: number;
  readonly config?: Config;
}
export type VersFil =
  | DebutImport
  | { readonly type: 'morceau'; readonly octets: Uint8Array | string }
  | { readonly type: 'fin' }
  | { readonly type: 'panne-source' };
export type DuFil =
  | { readonly type: 'lu' }
  | { readonly type: 'progres'; readonly n: number }
  | { readonly type: 'rapport'; readonly rapport: LheoImportReport }
  | {
      readonly type: 'erreur';
      readonly code: CodeErreur;
      readonly message: string;
      readonly details: Record<string, unknown>;
      readonly status: number;
    }
  | { readonly type: 'source' }
  | { readonly type: 'panne'; readonly message: string; readonly code?: string };

/** Chunks (64 KB from a file) sent ahead of the worker's reading. */
const FENETRE = 16;

const interrompu = (cause: string) =>
  new OffreError(
    'ERREUR_INTERNE',
    `L’import LHEO s’est arrêté de façon inattendue (${cause}) : vérifiez l’offre avant de le relancer.`,
  );

/**
 * Runs importLheo on `dataDir`'s database in a worker thread; to be called through
 * detachedLongWrite, which has closed this thread's instance of that folder. Resolves with the
 * report, rejects with the same OffreError (code, message, details, status) or the source's own
 * error, once the worker has ended: the folder is free again when it settles.
 */
export function importLheoInWorker(
  dataDir: string,
  ctx: AppContext,
  acteur: Acteur,
  source: ByteSource,
  opts: LheoImportOptions,
): Promise<LheoImportReport> {
  const { onProgress, ...reste } = opts;
  // The caller's async context (a command hosted by `offre serve` draws on its caller's terminal).
  const progres = onProgress ? AsyncResource.bind(onProgress) : undefined;
  const worker = startWorker(new URL('./import-lheo.worker.ts', import.meta.url));
  const envoyer = (m: VersFil) => {
    if (m.type !== 'morceau' || typeof m.octets === 'string') return worker.postMessage(m);
    // A chunk may be a view on a larger buffer (an HTTP body): only its bytes cross, moved.
    const octets = new Uint8Array(m.octets);
    worker.postMessage({ type: 'morceau', octets }, [octets.buffer]);
  };
  return new Promise((resolve, reject) => {
    let issue: { ok: LheoImportReport } | { ko: unknown } | null = null;
    let erreurSource: unknown = null;
    let termine = false;
    let enVol = 0;
    let reprendre: (() => void) | null = null;
    const relancer = () => {
      const r = reprendre;
      reprendre = null;
      r?.();
    };
    worker.on('message', (m: DuFil) => {
      if (m.type === 'lu') {
        enVol--;
        relancer();
        return;
      }
      if (m.type === 'progres') {
        progres?.(m.n);
        return;
      }
      if (m.type === 'rapport') issue = { ok: m.rapport };
      else if (m.type === 'erreur') issue = { ko: new OffreError(m.code, m.message, m.details, m.status) };
      else if (m.type === 'source') issue = { ko: erreurSource ?? interrompu('lecture du fichier') };
      else issue = { ko: Object.assign(new Error(m.message), m.code ? { code: m.code } : {}) };
      // The worker closed the folder before its last message.
      void worker.terminate();
    });
    worker.on('error', (e) => {
      issue ??= { ko: interrompu(e.message) };
    });
    worker.on('exit', (code) => {
      termine = true;
      relancer();
      issue ??= { ko: interrompu(`fil d’import terminé, code ${code}`) };
      if ('ok' in issue) resolve(issue.ok);
      else reject(issue.ko);
    });
    const debut: DebutImport = {
      type: 'debut',
      dataDir,
      acteur,
      opts: reste,
      decalageMs: ctx.now().getTime() - Date.now(),
      ...(ctx.config ? { config: ctx.config } : {}),
    };
    try {
      envoyer(debut);
    } catch (e) {
      // Settings that cannot cross to the worker: it never starts the import.
      issue = { ko: e };
      void worker.terminate();
      return;
    }
    void (async () => {
      try {
        for await (const octets of source) {
          if (termine || issue) return; // leaving the loop closes the source (an HTTP body, a file)
          envoyer({ type: 'morceau', octets });
          if (++enVol >= FENETRE) await new Promise<void>((r) => (reprendre = r));
        }
        if (!termine) envoyer({ type: 'fin' });
      } catch (e) {
        erreurSource = e;
        if (!termine) envoyer({ type: 'panne-source' });
      }
    })();
  });
}
