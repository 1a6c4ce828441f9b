import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../paths.ts';
import { compresserAuMieux, ENCODAGES, type Encodage } from '../compression.ts';

/**
 * The static assets the pages use, served by @fastify/static (web/index.ts), and their compressed
 * copies: `<fichier>.br` and `<fichier>.gz`, made once at the highest levels (compression.ts
 * `compresserAuMieux`) by `precompresserStatiques` — `offre serve` runs it in the background at
 * start — into `<cache>/<nom>-<version>/`, which @fastify/static's `preCompressed` sends as they
 * are to a client that accepts them. A file without its copy yet (the first seconds of a first
 * start, a file not copied: .map, unminified sources) is compressed on request, at level 1.
 *
 * `version` names the files' contents (the package's version, a hash of our scripts): a copy is
 * never older than its file, and a new version starts from an empty folder (the older ones are
 * removed by the next run).
 */
export interface Statique {
  /** URL prefix (`/dsfr/`). */
  readonly prefix: string;
  /** The folder served. */
  readonly root: string;
  /** The cache folder's name: `<nom>-<version>`. */
  readonly nom: string;
  readonly version: string;
  /** `Cache-Control: public, max-age`, in seconds. */
  readonly maxAgeS: number;
  /** Files served, by path from `root` (`/x.min.js`): all when absent. */
  readonly servis?: RegExp;
  /** Files copied compressed, by path from `root`: text formats only, never woff2, png, zip. */
  readonly copies: RegExp;
}

/** Where `offre serve` keeps the compressed copies (removable: they are made again). */
export const CACHE_STATIQUES = join(PROJECT_ROOT, 'node_modules', '.cache', 'offre', 'statiques');

/** Below this size a file is sent as it is (as @fastify/compress's threshold). */
const SEUIL = 1024;
const EXTENSION: Record<Encodage, string> = { br: '.br', gzip: '.gz' };

const paquet = async (nom: string) => {
  const racine = dirname(createRequire(import.meta.url).resolve(`${nom}/package.json`));
  const { version } = JSON.parse(await readFile(join(racine, 'package.json'), 'utf8')) as { version: string };
  return { racine, version };
};

/** A hash of the files of `dossier` (names and contents): our scripts change without a version. */
async function empreinte(dossier: string): Promise<string> {
  const h = createHash('sha1');
  for (const f of (await readdir(dossier)).sort())
    h.update(f)
      .update('\0')
      .update(await readFile(join(dossier, f)));
  return h.digest('hex').slice(0, 12);
}

const SCRIPTS = join(PROJECT_ROOT, 'src', 'http', 'web', 'scripts');

let liste: Promise<readonly Statique[]> | undefined;

/**
 * The static assets, read once on first call (the server's start: web/index.ts; `offre serve`'s
 * compressed copies), not when this module loads: our scripts' hash reads every file of the folder.
 * Rejects as the file system does (a package or the scripts' folder missing).
 */
export function statiques(): Promise<readonly Statique[]> {
  liste ??= lire().catch((e: unknown) => {
    liste = undefined;
    throw e;
  });
  return liste;
}

async function lire(): Promise<readonly Statique[]> {
  const [dsfr, autocompletion, scripts] = await Promise.all([
    paquet('@gouvfr/dsfr'),
    paquet('accessible-autocomplete'),
    empreinte(SCRIPTS),
  ]);
  return [
    // The design system's own files, from the installed package (never from a CDN). Copied: the
    // minified CSS and JS of its top folder (the pages link dsfr.min.css and the two dsfr.*.min.js),
    // utility.min.css, the icons, pictograms and favicons (≈ 220 files, 3 MB); not its components'
    // separate CSS, which the pages do not use (compressed on request if asked).
    {
      prefix: '/dsfr/',
      root: join(dsfr.racine, 'dist'),
      nom: 'dsfr',
      version: dsfr.version,
      maxAgeS: 24 * 3600,
      copies:
        /^\/[^/]+\.min\.(css|js)$|^\/utility\/utility\.min\.css$|^\/(icons|artwork|favicon)\/.+\.(svg|webmanifest)$/,
    },
    // alphagov's accessible-autocomplete (its standalone build, Preact inside), for the space's pickers.
    {
      prefix: '/vendor/accessible-autocomplete/',
      root: join(autocompletion.racine, 'dist'),
      nom: 'accessible-autocomplete',
      version: autocompletion.version,
      maxAgeS: 24 * 3600,
      servis: /^\/accessible-autocomplete\.min\.(js|css)$/,
      copies: /^\/accessible-autocomplete\.min\.(js|css)$/,
    },
    // Our own progressive-enhancement scripts (same origin: the CSP allows them).
    { prefix: '/scripts/', root: SCRIPTS, nom: 'scripts', version: scripts, maxAgeS: 3600, copies: /\.js$/ },
  ];
}

/**
 * The validator of every file of `s`, the same for each of its encodings (the file as it is, its
 * copies, a compression made on request): a weak ETag naming the files' contents (`version`), so
 * that a copy kept in one encoding revalidates in another (304). @fastify/static's own tag names
 * the file sent (size and date), and a compressed copy is a file of another size.
 */
export const etagDe = (s: Statique) => `W/"${s.nom}-${s.version}"`;

/**
 * The folders `s` is served from: its copies' folder first (created here), then its own; its own
 * alone if the copies' folder cannot be created (a read-only install: compressed on request).
 */
export function racines(s: Statique, cache: string): string | string[] {
  const copies = join(cache, `${s.nom}-${s.version}`);
  try {
    if (!existsSync(copies)) mkdirSync(copies, { recursive: true });
    return [copies, s.root];
  } catch {
    return s.root;
  }
}

/**
 * Writes the missing compressed copies of `statiques()` (those of `prefixes` only, if given) into
 * `cache`, one file at a time on libuv's thread pool (the event loop keeps serving), each written
 * aside then renamed (a request never reads half a copy; concurrent runs write the same bytes), with
 * its file's modification time (same Last-Modified). Removes the copies of other versions.
 * Resolves with the number of copies written; rejects on a file-system error (a full disk).
 * All of them: ≈ 220 files, 3 MB, ≈ 5 s of CPU the first time; then nothing to write (≈ 0.2 s).
 */
export async function precompresserStatiques(
  cache: string = CACHE_STATIQUES,
  opts: { prefixes?: readonly string[] } = {},
): Promise<{ ecrits: number }> {
  let ecrits = 0;
  for (const s of await statiques()) {
    if (opts.prefixes && !opts.prefixes.includes(s.prefix)) continue;
    const dossier = join(cache, `${s.nom}-${s.version}`);
    await mkdir(dossier, { recursive: true });
    for (const autre of await readdir(cache))
      if (
        autre.startsWith(`${s.nom}-`) &&
        autre !== `${s.nom}-${s.version}` &&
        /^[0-9a-f.]+/.test(autre.slice(s.nom.length + 1))
      )
        await rm(join(cache, autre), { recursive: true, force: true });
    const entrees = await readdir(s.root, { recursive: true, withFileTypes: true });
    for (const e of entrees) {
      if (!e.isFile()) continue;
      const source = join(e.parentPath, e.name);
      const chemin = `/${source
        .slice(s.root.length + 1)
        .split('\\')
        .join('/')}`;
      if (!s.copies.test(chemin) || (s.servis && !s.servis.test(chemin))) continue;
      const info = await stat(source);
      if (info.size < SEUIL) continue;
      let octets: Buffer | undefined;
      for (const encodage of ENCODAGES) {
        const cible = join(dossier, chemin + EXTENSION[encodage]);
        if (existsSync(cible)) continue;
        octets ??= await readFile(source);
        const copie = await compresserAuMieux(octets, encodage);
        await mkdir(dirname(cible), { recursive: true });
        const aside = `${cible}.${process.pid}.tmp`;
        await writeFile(aside, copie);
        await utimes(aside, info.atime, info.mtime);
        await rename(aside, cible);
        ecrits++;
      }
    }
  }
  return { ecrits };
}
