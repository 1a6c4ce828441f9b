import { createRequire } from 'node:module';

// The communes of the INSEE COG as published by @etalab/decoupage-administratif (the built-in
// list): read by the communes importer, the demonstration and migration 0850.

export interface CommuneDecoupage {
  code: string;
  nom: string;
  type: string;
  chefLieu?: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
  /** Codes of the communes merged into this one (communes nouvelles). */
  anciensCodes?: string[];
  /** Inhabitants (INSEE legal population); absent for delegated and associated communes. */
  population?: number;
}

const require = createRequire(import.meta.url);

/** The package's version and its communes (loaded on first call, then cached by require). */
export const decoupage = () => ({
  version: (require('@etalab/decoupage-administratif/package.json') as { version: string }).version,
  communes: () => require('@etalab/decoupage-administratif/data/communes.json') as CommuneDecoupage[],
});

/** Current communes and municipal arrondissements (not delegated nor associated communes). */
export const ACTUELLES: ReadonlySet<string> = new Set(['commune-actuelle', 'arrondissement-municipal']);

let populations: Map<string, number> | null = null;

/**
 * A current commune's or arrondissement's population (inhabitants) in the built-in list, or null
 * when unknown; a fixed value, cached once per process.
 */
export function populationCog(code: string): number | null {
  populations ??= new Map(
    decoupage()
      .communes()
      .flatMap((c) =>
        ACTUELLES.has(c.type) && c.population != null ? [[c.code, c.population] as const] : [],
      ),
  );
  return populations.get(code) ?? null;
}
