import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import { type LheoRejet, readLheo } from '../formats/lheo/lheo.reader.ts';
import type { ByteSource } from '../formats/lheo/lheo.stream.ts';
import { saveFormationTx } from './formation.service.ts';

// LHEO import: one transaction per file, one savepoint per formation (a rejected record leaves no
// trace, the valid ones are applied), batches with a yield to the event loop in between so that a
// national file never freezes the server. A dry run is the same work, rolled back.

export interface LheoImportReport {
  formations: { creees: number; mises_a_jour: number; inchangees: number; rejetees: number };
  rejets: LheoRejet[];
}

export interface LheoImportOptions {
  readonly fichier?: string;
  readonly dryRun?: boolean;
  readonly onProgress?: (formations: number) => void;
}

const BATCH = 200;

class DryRun extends Error {
  constructor(readonly report: LheoImportReport) {
    super('dry run');
  }
}

// Ownership and responsable errors point at the responsable, whose SIREN owns the offer.
const cheminDe = (chemin: string, e: OffreError) =>
  e.code === 'ACCES_REFUSE' || String(e.details.champ ?? '').startsWith('responsable')
    ? `${chemin}/organisme-formation-responsable`
    : chemin;

export async function importLheo(
  ctx: AppContext,
  acteur: Acteur,
  source: ByteSource,
  opts: LheoImportOptions = {},
): Promise<LheoImportReport> {
  const report: LheoImportReport = {
    formations: { creees: 0, mises_a_jour: 0, inchangees: 0, rejetees: 0 },
    rejets: [],
  };
  const f = report.formations;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const seen = new Set<string>();
      let n = 0;
      for await (const rec of readLheo(source, opts.fichier)) {
        if (++n % BATCH === 0) {
          opts.onProgress?.(n);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (!rec.input) {
          f.rejetees++;
          report.rejets.push(...rec.erreurs);
          continue;
        }
        // Two records with one key would overwrite each other on every import: never idempotent.
        const key = `${rec.input.responsable?.siret?.slice(0, 9) ?? ''}|${rec.input.cle_externe}`;
        if (seen.has(key)) {
          f.rejetees++;
          report.rejets.push({
            chemin: `${rec.chemin}/@numero`,
            code: 'LHEO_NUMERO_DOUBLON',
            message: `Formation n° ${rec.index} (ligne ${rec.ligne}) : le numéro « ${rec.input.cle_externe} » figure déjà plus haut dans le fichier pour le même organisme.`,
          });
          continue;
        }
        seen.add(key);
        await sql`savepoint lheo_formation`.execute(trx);
        try {
          const r = await saveFormationTx(trx, acteur, rec.input, { now: ctx.now() });
          await sql`release savepoint lheo_formation`.execute(trx);
          if (r.created) f.creees++;
          else if (r.changed) f.mises_a_jour++;
          else f.inchangees++;
        } catch (e) {
          await sql`rollback to savepoint lheo_formation`.execute(trx);
          if (!(e instanceof OffreError)) throw e;
          f.rejetees++;
          report.rejets.push({
            chemin: cheminDe(rec.chemin, e),
            code: e.code,
            message: `Formation n° ${rec.index} (ligne ${rec.ligne}) : ${e.message}`,
          });
        }
      }
      opts.onProgress?.(n);
      if (opts.dryRun) throw new DryRun(report);
      return report;
    });
  } catch (e) {
    if (e instanceof DryRun) return e.report;
    throw e;
  }
}

/** What an import would do, without changing anything (the page's preview step). */
export function previewLheo(
  ctx: AppContext,
  acteur: Acteur,
  source: ByteSource,
  opts: Omit<LheoImportOptions, 'dryRun'> = {},
) {
  return importLheo(ctx, acteur, source, { ...opts, dryRun: true });
}
