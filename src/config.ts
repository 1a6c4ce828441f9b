import { resolve } from 'node:path';

/** Runtime settings, read once from the environment (CONTRACT.md "Set-up and start"). */
export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  /** Cache of public read responses (OFFRE_API_CACHE=0 turns it off, e.g. to measure the uncached path). */
  readonly apiCache: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.OFFRE_DATA_DIR || './data'),
    port: Number(env.PORT || 3000),
    apiCache: env.OFFRE_API_CACHE !== '0',
  };
}
