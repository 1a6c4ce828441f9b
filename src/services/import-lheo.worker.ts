import { parentPort } from 'node:worker_threads';
import { openPgliteInWorker } from '../db/database.ts';
import { OffreError } from '../domain/errors.ts';
import { importLheo } from './import-lheo.service.ts';
import type { DebutImport, DuFil, VersFil } from './import-lheo.thread.ts';

// The worker thread of ./import-lheo.thread.ts: one LHEO import on the embedded database's folder,
// with the service as it runs everywhere else (on this thread's own instance, a long write there is
// a plain transaction). The folder is closed before the last message.

const port = parentPort!;
const envoyer = (m: DuFil) => port.postMessage(m);

/** The source failed on the caller's side: the caller rethrows its own error. */
class PanneSource extends Error {}

/** The chunks the caller sends, as the byte source importLheo reads. */
function sourceDuFil(): AsyncIterable<Uint8Array | string> {
  const file: (Uint8Array | string | null | PanneSource)[] = [];
  let reveil: (() => void) | null = null;
  port.on('message', (m: VersFil) => {
    if (m.type === 'morceau') file.push(m.octets);
    else if (m.type === 'fin') file.push(null);
    else if (m.type === 'panne-source') file.push(new PanneSource());
    else return;
    const r = reveil;
    reveil = null;
    r?.();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (file.length === 0) await new Promise<void>((r) => (reveil = r));
        const m = file.shift()!;
        if (m === null) return;
        if (m instanceof PanneSource) throw m;
        envoyer({ type: 'lu' });
        yield m;
      }
    },
  };
}

async function importer(m: DebutImport): Promise<DuFil> {
  const source = sourceDuFil();
  let database: Awaited<ReturnType<typeof openPgliteInWorker>> | undefined;
  try {
    database = await openPgliteInWorker(m.dataDir);
    const ctx = {
      db: database.db,
      engine: database.engine,
      now: () => new Date(Date.now() + m.decalageMs),
      ...(m.config ? { config: m.config } : {}),
    };
    const rapport = await importLheo(ctx, m.acteur, source, {
      ...m.opts,
      onProgress: (n) => envoyer({ type: 'progres', n }),
    });
    return { type: 'rapport', rapport };
  } catch (e) {
    if (e instanceof PanneSource) return { type: 'source' };
    if (e instanceof OffreError)
      return {
        type: 'erreur',
        code: e.code,
        message: e.message,
        details: { ...e.details },
        status: e.status,
      };
    const code = (e as { code?: unknown })?.code;
    return {
      type: 'panne',
      message: e instanceof Error ? e.message : String(e),
      ...(typeof code === 'string' ? { code } : {}),
    };
  } finally {
    await database?.close();
  }
}

port.once('message', (m: VersFil) => {
  if (m.type !== 'debut') return;
  void importer(m).then(envoyer, (e: unknown) =>
    envoyer({ type: 'panne', message: e instanceof Error ? e.message : String(e) }),
  );
});
