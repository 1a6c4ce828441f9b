import { acceImporter } from './acce.importer.ts';
import { bcnImporter } from './bcn.importer.ts';
import { communesImporter } from './communes.importer.ts';
import { kitImporter } from './kit.importer.ts';
import { lpofImporter } from './lpof.importer.ts';
import { marchesImporter } from './marches.importer.ts';
import { rncpImporter } from './rncp.importer.ts';
import { sireneImporter } from './sirene.importer.ts';
import type { Forme } from './sniff.ts';
import type { Importer, Jeu, Kind } from './types.ts';

/** Every importer, by kind. */
export const IMPORTERS: Readonly<Record<Kind, Importer>> = {
  rncp: rncpImporter,
  bcn: bcnImporter,
  kit: kitImporter,
  lpof: lpofImporter,
  sirene: sireneImporter,
  acce: acceImporter,
  communes: communesImporter,
  marches: marchesImporter,
};

/** What a file looks like among all kinds (to name it when it is given under the wrong kind). */
export function ressemblance(forme: Forme): { kind: Kind; jeu: Jeu } | null {
  for (const imp of Object.values(IMPORTERS)) {
    const jeu = imp.reconnaitre(forme);
    if (jeu) return { kind: imp.kind, jeu };
  }
  return null;
}
