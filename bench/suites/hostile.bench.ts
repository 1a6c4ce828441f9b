import { readCouleursTheme, readPaletteIndexee } from '../../src/formats/classeur/theme.reader.ts';
import { readLheo } from '../../src/formats/lheo/lheo.reader.ts';
import type { BenchFigure, BenchSuite } from '../types.ts';

// Hostile inputs of issue 15, defect 4: the time to read (or refuse) them must grow linearly with
// their size. Each input is read at size n and 2n; the figure is the ratio of the two times
// (about 2 when linear; a quadratic reader gives about 4). No database: parsing only.

const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

const theme = (n: number) => `<a:theme ${A}><a:themeElements>${'<a:clrScheme name="x">'.repeat(n)}`;
const styles = (n: number) => `<styleSheet><colors>${'<indexedColors>'.repeat(n)}`;
const lheo = (interieur: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation numero="F1">${interieur}</formation></offres></lheo>`;

async function parseLheo(xml: string): Promise<void> {
  try {
    for await (const _ of readLheo([xml], 'bench.xml'));
  } catch {
    // refused: what is measured is how long the refusal takes
  }
}

/** Best of 3 runs, in ms. */
async function mesurer(fn: () => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function lineaire(nom: string, n: number, faire: (n: number) => () => unknown): Promise<BenchFigure[]> {
  const t1 = await mesurer(faire(n));
  const t2 = await mesurer(faire(2 * n));
  const ratio = Math.round((t2 / Math.max(t1, 0.01)) * 100) / 100;
  return [
    { name: `${nom} (n = ${n.toLocaleString('fr-FR')})`, value: Math.round(t1), unit: 'ms' },
    { name: `${nom} (2n)`, value: Math.round(t2), unit: 'ms', target: '≤ 2 000 ms', ok: t2 <= 2000 },
    {
      name: `${nom} : temps 2n / temps n`,
      value: ratio,
      unit: 'ratio',
      target: '≤ 3 (linéaire)',
      ok: ratio <= 3,
    },
  ];
}

export const hostileSuite: BenchSuite = {
  name: 'entrées hostiles',
  async run() {
    return [
      ...(await lineaire('thème : schémas de couleurs non fermés', 150_000, (n) => {
        const xml = theme(n);
        return () => readCouleursTheme(xml);
      })),
      ...(await lineaire('styles : indexedColors non fermés', 150_000, (n) => {
        const xml = styles(n);
        return () => readPaletteIndexee(xml);
      })),
      ...(await lineaire('LHEO : éléments inconnus frères dans une formation', 40_000, (n) => {
        const xml = lheo('<x>a</x>'.repeat(n));
        return () => parseLheo(xml);
      })),
      ...(await lineaire('LHEO : éléments imbriqués (refusés)', 50_000, (n) => {
        const xml = lheo(`${'<x>'.repeat(n)}${'</x>'.repeat(n)}`);
        return () => parseLheo(xml);
      })),
    ];
  },
};
