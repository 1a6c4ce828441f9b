import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import {
  type FichierPartenaireMeta,
  fichierDepuis,
  findFichier,
  insertFichier,
  listFichiers,
  lockProfil,
  unlockProfil,
} from '../db/partenaire.repository.ts';
import { isAdministrateur } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { newId } from '../domain/ids.ts';
import {
  type FormatPartenaire,
  PROFILS_PARTENAIRE,
  type ProfilPartenaire,
  profilPartenaire,
  selectionPartenaire,
} from '../domain/partenaires.ts';
import { COLONNES_CSV, colonnesNommees, enteteCsv, lignesCsv } from '../formats/csv/offre-csv.writer.ts';
import { writeLheo } from '../formats/lheo/lheo.writer.ts';
import { TYPE_XLSX, writeXlsx } from '../formats/xlsx/offre-xlsx.writer.ts';
import { listFormations } from './formation.service.ts';

// Partner files (issue 12 item 5, docs/partenaires.md): one profile's selection of the diffused offer
// in the professional view (closed sessions and bilans kept, withheld sessions never), written by
// the open exports' own writers (CSV, XLSX, LHEO). The server writes each profile on its schedule
// and keeps the last files in the database; partners download them with their API key.

const PAGE = 500;
const ANONYME: Acteur = { kind: 'anonyme' };

export const TYPES_CONTENU: Readonly<Record<ProfilPartenaire['format'], string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: TYPE_XLSX,
  lheo: 'application/xml; charset=utf-8',
};

/** The profile `code`, or PROFIL_INCONNU (404) naming the known ones. */
export function profilOuErreur(code: string): ProfilPartenaire {
  const p = profilPartenaire(code);
  if (!p)
    throw new OffreError(
      'PROFIL_INCONNU',
      `Profil partenaire « ${code} » inconnu : ${PROFILS_PARTENAIRE.map((x) => x.code).join(', ')}.`,
      { profil: code },
      404,
    );
  return p;
}

export interface Comptes {
  formations: number;
  sessions: number;
}

/** The profile's formations, page by page of the diffused offer, counted into `n` as they pass. */
async function* selection(db: Executor, p: ProfilPartenaire, n: Comptes): AsyncGenerator<Formation[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listFormations(db, ANONYME, {}, { cursor, limit: PAGE }, 'professionnel');
    const pris = page.data.map((f) => selectionPartenaire(p, f)).filter((f): f is Formation => f !== null);
    n.formations += pris.length;
    n.sessions += pris.reduce((s, f) => s + f.sessions.length, 0);
    yield pris;
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

async function* uneParUne(pages: AsyncIterable<Formation[]>): AsyncGenerator<Formation> {
  for await (const page of pages) yield* page;
}

/**
 * Writes the profile's file to `out` (a file, stdout, or the buffer of a stored file; left open when
 * `fermer` is false, as a command's standard output) with the
 * export writers; resolves with its counts once `out` has it all.
 */
export async function writeFichierPartenaire(
  db: Executor,
  p: ProfilPartenaire,
  out: Writable,
  { fermer = true }: { readonly fermer?: boolean } = {},
): Promise<Comptes> {
  const n: Comptes = { formations: 0, sessions: 0 };
  const colonnes = p.colonnes ? colonnesNommees(p.colonnes) : COLONNES_CSV;
  if (p.format === 'xlsx') {
    await writeXlsx(out, selection(db, p, n), undefined, colonnes);
    return n;
  }
  const morceaux =
    p.format === 'csv'
      ? (async function* () {
          yield enteteCsv(colonnes);
          for await (const page of selection(db, p, n))
            yield page.map((f) => lignesCsv(f, colonnes)).join('');
        })()
      : // What LHEO cannot carry is left out as in the open export (the writer's warnings).
        writeLheo(await auMoinsUne(p, uneParUne(selection(db, p, n))), () => {});
  await pipeline(Readable.from(morceaux), out, { end: fermer });
  return n;
}

/**
 * The formations of an LHEO file, once the first is known to exist: LHEO 2.3 requires at least one
 * <formation> in <offres> (lheo-2.3.xsd, offres-subtype minOccurs="1"), so an empty selection is
 * refused before a byte is written (AUCUNE_FORMATION, 404) instead of a file partners would reject.
 */
async function auMoinsUne(
  p: ProfilPartenaire,
  formations: AsyncGenerator<Formation>,
): Promise<AsyncIterable<Formation>> {
  const premiere = await formations.next();
  if (premiere.done)
    throw new OffreError(
      'AUCUNE_FORMATION',
      `Aucune formation pour le profil « ${p.code} » : un fichier LHEO doit en contenir au moins une (schéma LHEO 2.3) ; aucun fichier écrit.`,
      { profil: p.code },
      404,
    );
  return (async function* () {
    yield premiere.value;
    yield* formations;
  })();
}

/** The file name: profile, date and time (UTC) of writing, format's extension. */
const nomFichier = (p: ProfilPartenaire, at: Date) =>
  `${p.code}-${at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}.${p.format === 'lheo' ? 'xml' : p.format}`;

export interface FichierVue {
  readonly id: string;
  readonly profil: string;
  readonly nom: string;
  readonly format: FormatPartenaire;
  readonly cree_le: string;
  readonly formations: number;
  readonly sessions: number;
  readonly octets: number;
  readonly sha256: string;
  /** Where the partner downloads it (relative to the site). */
  readonly url: string;
}

const vue = (m: FichierPartenaireMeta): FichierVue => ({
  id: m.id,
  profil: m.profil,
  nom: m.nom,
  format: m.format as FormatPartenaire,
  cree_le: new Date(m.cree_le).toISOString(),
  formations: m.formations,
  sessions: m.sessions,
  octets: m.octets,
  sha256: m.sha256,
  url: `/api/v1/partenaires/fichiers/${m.id}`,
});

/**
 * Writes the profile's file now and stores it with its counts and SHA-256, keeping the profile's
 * last `garder` files. The whole file is in memory while it is stored (a bytea value): partner
 * files are one région's offer, not the national one.
 */
export async function produceFichier(
  ctx: AppContext,
  code: string,
  db: Executor = ctx.db,
): Promise<FichierVue> {
  const p = profilOuErreur(code);
  const morceaux: Buffer[] = [];
  const tampon = new Writable({
    write(c: Buffer | string, _e, cb) {
      morceaux.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
      cb();
    },
  });
  const n = await writeFichierPartenaire(db, p, tampon);
  const contenu = Buffer.concat(morceaux);
  const at = ctx.now();
  const meta: FichierPartenaireMeta = {
    id: newId('fic', at),
    profil: p.code,
    nom: nomFichier(p, at),
    format: p.format,
    type_contenu: TYPES_CONTENU[p.format],
    cree_le: at,
    formations: n.formations,
    sessions: n.sessions,
    octets: contenu.length,
    sha256: createHash('sha256').update(contenu).digest('hex'),
  };
  await insertFichier(db, { ...meta, contenu }, p.garder);
  return vue(meta);
}

/**
 * The scheduled run of one profile: under a PostgreSQL advisory lock on the profile (one process
 * at a time, whatever the number of server processes), and only when no process has written the
 * file since `creneau` (the time the schedule fired). Resolves with the file, or null when another
 * process holds the lock or has written it.
 */
export async function runPlanifie(ctx: AppContext, code: string, creneau: Date): Promise<FichierVue | null> {
  // A session-level lock lives on one connection: everything runs on that one.
  return ctx.db.connection().execute(async (conn) => {
    if (!(await lockProfil(conn, code))) return null;
    try {
      if (await fichierDepuis(conn, code, creneau)) return null;
      return await produceFichier(ctx, code, conn);
    } finally {
      await unlockProfil(conn, code);
    }
  });
}

/** The profiles whose files `a` may read: every one for administrators, a key's own, else none. */
export function profilsLisibles(a: Acteur): readonly string[] {
  if (isAdministrateur(a)) return PROFILS_PARTENAIRE.map((p) => p.code);
  return a.kind === 'cle' ? (a.profils ?? []) : [];
}

function checkAcces(a: Acteur, profil: string | null): void {
  const lisibles = profilsLisibles(a);
  if (lisibles.length === 0 || (profil !== null && !lisibles.includes(profil)))
    throw new OffreError(
      'PARTENAIRE_INTERDIT',
      profil
        ? `Cette clé ne lit pas les fichiers du profil « ${profil} » : demandez à l’administrateur une clé liée à ce profil.`
        : 'Cette clé n’est liée à aucun profil partenaire : demandez à l’administrateur une clé liée au vôtre.',
      {},
      403,
    );
}

/** The stored files `a` may read (of `profil` when given), newest first. Errors: PROFIL_INCONNU, PARTENAIRE_INTERDIT. */
export async function listFichierVues(
  db: Executor,
  a: Acteur,
  profil?: string | null,
): Promise<FichierVue[]> {
  if (profil) profilOuErreur(profil);
  checkAcces(a, profil ?? null);
  const profils = profil ? [profil] : profilsLisibles(a);
  return (await listFichiers(db, profils)).map(vue);
}

/** One stored file with its content. Errors: FICHIER_INTROUVABLE (404), PARTENAIRE_INTERDIT (403). */
export async function readFichier(db: Executor, a: Acteur, id: string) {
  checkAcces(a, null);
  const f = await findFichier(db, id);
  if (!f)
    throw new OffreError(
      'FICHIER_INTROUVABLE',
      `Aucun fichier partenaire « ${id} » (les plus anciens sont effacés).`,
      {},
      404,
    );
  checkAcces(a, f.profil);
  return { ...vue(f), type_contenu: f.type_contenu, contenu: Buffer.from(f.contenu) };
}
