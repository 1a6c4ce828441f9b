import type { BenchSuite } from '../types.ts';
import { chargeSuite } from './charge.bench.ts';
import { classeurSuite } from './classeur.bench.ts';
import { classeurNouvellesSuite } from './classeur-nouvelles.bench.ts';
import { cliSuite } from './cli.bench.ts';
import { conformiteSuite } from './conformite.bench.ts';
import { echelleSuite } from './echelle.bench.ts';
import { gestionSuite } from './gestion.bench.ts';
import { hostileSuite } from './hostile.bench.ts';
import { lheoSuite } from './lheo.bench.ts';
import { quotasSuite } from './quotas.bench.ts';
import { rechercheSuite } from './recherche.bench.ts';
import { referentielsSuite } from './referentiels.bench.ts';
import { storeSuite } from './store.bench.ts';
import { xlsxSuite } from './xlsx.bench.ts';

/** Every benchmark suite, in run order. Each work area appends its own. */
export const suites: BenchSuite[] = [
  storeSuite,
  conformiteSuite,
  lheoSuite,
  referentielsSuite,
  classeurSuite,
  classeurNouvellesSuite,
  cliSuite,
  gestionSuite,
  rechercheSuite,
  hostileSuite,
  xlsxSuite,
  quotasSuite,
  chargeSuite,
  echelleSuite,
];
