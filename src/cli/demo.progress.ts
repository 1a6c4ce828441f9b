import type { AppContext } from '../context.ts';
import type { DemoSummary } from '../services/demo.service.ts';
import { type ProgressOptions, progressParEtape } from './progress.ts';

/** The demo's steps as its progress bars name them (demo.service.ts `onProgress`). */
export const ETAPES_DEMO = {
  chargement: 'Chargement des formations',
  controle: 'Contrôle de conformité',
} as const;

/**
 * The demo loaded with its progress on the terminal, one bar per step (`offre demo`, `offre serve
 * --demo-if-empty`), stopped on a failure too (terminal restored, as avecProgression does).
 */
export async function chargerDemo(
  ctx: AppContext,
  demande: { readonly formations: number; readonly seed: number; readonly chunk?: number },
  opts: ProgressOptions = {},
): Promise<DemoSummary> {
  const { loadDemo } = await import('../services/demo.service.ts');
  const barres = progressParEtape(ETAPES_DEMO, opts);
  try {
    return await loadDemo(ctx, {
      ...demande,
      onProgress: (etape, done, total) => barres.tick(etape, done, total),
    });
  } finally {
    barres.done();
  }
}
