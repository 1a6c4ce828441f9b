import { resolve } from 'node:path';
import { z } from 'zod';
import { OffreError } from './domain/errors.ts';

// Runtime settings, read once from the environment (docs/contrat.md "Installation et démarrage";
// docs/exploitation.md lists every variable). One Zod schema: a bad value stops the start with a
// French message naming the variable, never a NaN port or a silent default.

const vide = (v: unknown) => (v === '' ? undefined : v);
const texte = z.preprocess(vide, z.string().optional());

const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    vide,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        error: 'une adresse PostgreSQL « postgres://utilisateur@hôte:port/base » est attendue',
      })
      .optional(),
  ),
  OFFRE_DATA_DIR: z.preprocess(vide, z.string().default('./data')),
  PORT: z.preprocess(
    vide,
    z.coerce
      .number({ error: 'un numéro de port est attendu' })
      .int({ error: 'un numéro de port entier est attendu' })
      .min(0, { error: 'un numéro de port entre 0 et 65535 est attendu' })
      .max(65535, { error: 'un numéro de port entre 0 et 65535 est attendu' })
      .default(3000),
  ),
  OFFRE_API_CACHE: z.preprocess(
    vide,
    z
      .enum(['0', '1', 'true', 'false'], { error: '« 1 » (activé, défaut) ou « 0 » (désactivé) est attendu' })
      .default('1'),
  ),
  OFFRE_SECRET: texte,
  OFFRE_LHEO_XSD: texte,
  OFFRE_DEBUG: texte,
});

export interface Config {
  /** PostgreSQL connection string; undefined = embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute path of the embedded database folder (OFFRE_DATA_DIR, default ./data). */
  readonly dataDir: string;
  /** HTTP port of `offre serve` (PORT, default 3000). */
  readonly port: number;
  /** Cache of public read responses (OFFRE_API_CACHE=0 turns it off, e.g. to measure the uncached path). */
  readonly apiCache: boolean;
  /** Session signing key of the signed-in space (OFFRE_SECRET; not used yet: the API uses keys). */
  readonly secret: string | undefined;
  /** Official LHEO 2.3 schema for `offre lheo validate` (OFFRE_LHEO_XSD). */
  readonly lheoXsd: string | undefined;
  /** OFFRE_DEBUG set: internal errors print their stack on stderr. */
  readonly debug: boolean;
}

/** Reads and checks the environment; throws CONFIG_INVALIDE naming the variable on a bad value. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lignes = parsed.error.issues.map((i) => {
      const nom = String(i.path[0]);
      return `variable d’environnement ${nom} = « ${env[nom] ?? ''} » : ${i.message}`;
    });
    throw new OffreError('CONFIG_INVALIDE', `Configuration invalide — ${lignes.join(' ; ')}.`, {
      champ: String(parsed.error.issues[0]?.path[0]),
    });
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.OFFRE_DATA_DIR),
    port: e.PORT,
    apiCache: e.OFFRE_API_CACHE === '1' || e.OFFRE_API_CACHE === 'true',
    secret: e.OFFRE_SECRET,
    lheoXsd: e.OFFRE_LHEO_XSD,
    debug: e.OFFRE_DEBUG !== undefined,
  };
}
