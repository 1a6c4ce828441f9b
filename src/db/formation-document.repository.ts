import { sql } from 'kysely';
import type { Visibilite } from '../domain/acces.ts';
import { booleenCol, executeOuCopie, octetsCol, texteCol } from './copie.ts';
import type { Executor } from './executor.ts';
import { estDiffusee, formationPage, montreeAuPublicSql, visibleTo } from './formation.repository.ts';
import { compileeGardee } from './gabarit.ts';
import { preparee } from './preparee.ts';
import type { FormationDocumentTable } from './schema.ts';

// The stored JSON documents of formations (migration 0750, services/formation-document.ts).

export type DocumentRow = FormationDocumentTable;

/**
 * Writes (or replaces) the documents of these formations, in one statement per ≈ 1 million
 * characters of text (at most 1,000 rows). One parameter per text (not text arrays): the driver
 * sends each JSON text as it is, instead of escaping it into an array literal that the server
 * parses again. The bound: `pg` builds each message in one buffer that starts at 256 bytes and
 * grows by half again plus what is added, copying what it holds at each step; 1,000 documents made
 * a message of ≈ 20 MB, its copies a quarter of the driver's CPU of a LHEO import and its buffers
 * a peak of the import's memory (docs/mesures.md, « Import LHEO : CPU et mémoire »).
 *
 * A partner text that is the professional one without its sessions' empty `bilans` (nearly every
 * formation: see partenaireSansBilans) is not sent: the server derives it (`replace`, the same
 * literal replacement), a third of the bytes of the documents (docs/mesures.md, « Import LHEO :
 * le texte partenaire dérivé par le serveur »).
 */
export async function upsertDocuments(trx: Executor, rows: readonly DocumentRow[]): Promise<void> {
  for (let i = 0; i < rows.length; ) {
    let fin = i;
    for (let taille = 0; fin < rows.length && fin - i < 1000 && taille < TAILLE_LOT; fin++)
      taille += texteTaille(rows[fin]!);
    const valeurs = rows.slice(i, fin).map((d) => {
      const ecart = d.partenaire === null ? 0 : d.professionnel.length - d.partenaire.length;
      const derive =
        ecart > 0 &&
        ecart % BILANS_VIDES.length === 0 &&
        partenaireSansBilans(d.professionnel) === d.partenaire;
      return sql`(${d.formation_id}, ${d.professionnel}, ${derive ? null : d.partenaire}::text, ${d.public}::text, ${derive}::bool)`;
    });
    await sql`insert into formation_document (formation_id, professionnel, partenaire, public)
      select v.id, v.pro, case when v.derive then replace(v.pro, ${BILANS_VIDES}, '') else v.par end, v.pub
      from (values ${sql.join(valeurs)}) as v(id, pro, par, pub, derive)
      on conflict (formation_id) do update set professionnel = excluded.professionnel,
        partenaire = excluded.partenaire, public = excluded.public`.execute(trx);
    i = fin;
  }
}

/** A session's empty `bilans` in a formation's JSON text (never the first member of a session). */
export const BILANS_VIDES = ',"bilans":[]';

/**
 * `professionnel` without every `,"bilans":[]` (JSON.stringify's text of an empty `bilans`
 * member): what the server's `replace(professionnel, ',"bilans":[]', '')` stores, and the partner
 * text of a formation whose sessions are all diffused and have no bilans (formation-document.ts).
 * In a JSON text this sequence is only ever a member (a quote inside a string is escaped).
 */
export const partenaireSansBilans = (professionnel: string): string =>
  professionnel.replaceAll(BILANS_VIDES, '');

const TAILLE_LOT = 1 << 20;
const texteTaille = (d: DocumentRow) =>
  d.professionnel.length + (d.partenaire?.length ?? 0) + (d.public?.length ?? 0);

/**
 * Locks, until the end of the caller's transaction, what the documents of `ids` are built from
 * outside their formations (the formation rows themselves, their organismes, their certifications):
 * a concurrent change of an organisme's name then waits, and its trigger deletes the document
 * written here, instead of committing first and leaving a document built from the old name.
 *
 * Never waits: a source another transaction holds (`skip locked`) leaves its formations out, and
 * they are returned without their document (built on read until a later write stores it). Waiting
 * would deadlock: a writer holding the feed counter would wait here for an organisme that another
 * writer upserted and holds while it waits for the feed counter.
 *
 * Returns the ids of `ids` whose sources are all locked: those whose documents may be written.
 */
export async function lockDocumentSources(trx: Executor, ids: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with f as (
      select id, responsable_siret, formateur_siret, mandataire_siret, code_rncp, code_cfd
      from formation where id = any(${[...ids]}::text[]) for share skip locked),
    o as (select siret from organisme where siret in
      (select responsable_siret from f union select formateur_siret from f union select mandataire_siret from f)
      for share skip locked),
    c as (select type, code from certification where code in (select code_rncp from f union select code_cfd from f)
      for share skip locked),
    -- The sources another writer holds (nearly always none): tested against each formation. (A
    -- test against every organisme not locked here made a nested loop of formations × organismes:
    -- 0.86 s for 1,000 formations among 2,000 organismes.)
    om as (select siret from organisme where siret in
      (select responsable_siret from f union select formateur_siret from f union select mandataire_siret from f)
      except select siret from o),
    cm as (select type, code from certification where code in (select code_rncp from f union select code_cfd from f)
      except select type, code from c)
    select f.id from f
    where not exists (select 1 from om where om.siret in (f.responsable_siret, f.formateur_siret, f.mandataire_siret))
      and not exists (select 1 from cm where cm.code in (f.code_rncp, f.code_cfd))
  `.execute(trx);
  return rows.map((r) => r.id);
}

/** The stored documents of `ids` (absent: not built yet, or made stale by a write). */
export function selectDocuments(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as DocumentRow[]);
  return db
    .selectFrom('formation_document')
    .selectAll()
    .where('formation_id', '=', sql<string>`any(${[...ids]}::text[])`)
    .execute();
}

/** Which stored text a reader gets: its view, and its own offers whole (an organisation's SIREN). */
export interface TexteVoulu {
  readonly vue: 'public' | 'partenaire' | 'professionnel';
  /** The SIREN whose offers are read in the professional view (null: none). */
  readonly propre?: string | null;
}

/**
 * texteSql as its UTF-8 bytes (null when no document is stored): what readers that send the text
 * on get, so that Node neither decodes it nor encodes it again. A 100-formation page is ≈ 300 KB,
 * mostly two-byte JavaScript strings once decoded (’, «, é…): received as text, joined and
 * encoded, it cost ≈ 4 times the CPU of the bytes joined (docs/mesures.md « Lectures en octets »).
 * `parCopie` (a statement read by COPY binary on PostgreSQL, copie.ts): the text column itself,
 * whose binary form is its bytes in the client encoding, always UTF-8 with pg (its startup message
 * sets it), received as a slice of the buffer; `convert_to` made the server check and copy ≈ 300 KB
 * once more per page (≈ 7 % of the page's backend CPU, docs/mesures.md « Pages distinctes : ce que
 * coûte une page »). Otherwise (PGlite, a transaction) `convert_to` to a `bytea`: a Uint8Array from
 * PGlite, hex-encoded then decoded by pg.
 */
const octetsSql = (voulu: TexteVoulu, parCopie: boolean) =>
  parCopie
    ? sql<Uint8Array | null>`${texteSql(voulu)}`
    : sql<Uint8Array | null>`convert_to(${texteSql(voulu)}, 'UTF8')`;

/**
 * The text of view `vue` as an SQL expression over the stored document `d` (null when no
 * document is stored): the same choice as texteVue, made by the server, so that only the text
 * sent travels (not the three views, ≈ 3 times the bytes to receive and decode).
 */
function texteSql({ vue, propre = null }: TexteVoulu) {
  const texte =
    vue === 'professionnel'
      ? sql<string | null>`d.professionnel`
      : vue === 'partenaire'
        ? sql<string | null>`coalesce(d.partenaire, d.professionnel)`
        : sql<string | null>`coalesce(d.public, d.partenaire, d.professionnel)`;
  return propre === null || vue === 'professionnel'
    ? texte
    : sql<
        string | null
      >`case when formation.siren_proprietaire = ${propre} then d.professionnel else ${texte} end`;
}

/**
 * Whether `filters` (formationPage's) ask the whole catalogue, paged: the list page whose texts are
 * a bounded set, read as a prepared statement (preparee.ts), on the read pool (context.ts lectureDe).
 */
export const catalogueEntier = (filters: Parameters<typeof formationPage>[2]) =>
  Object.values(filters).every((x) => x === undefined);

/**
 * formationPage with, per formation, its owner's SIREN and the stored text the reader gets, as
 * UTF-8 bytes (`texte`: null when no document is stored; built by the caller then). On a
 * PostgreSQL pool (copieDe) read in one statement with the texts as raw bytes: the whole
 * catalogue as a prepared statement read in binary (lecture-binaire.ts: planned once per
 * connection), a filtered page by COPY binary, the values inlined as literals (copie.ts: the
 * cursor and the filters are the client's, quoted as pg would bind them); else (PGlite, a
 * transaction) a plain query, prepared for the whole catalogue (docs/mesures.md « Pages
 * distinctes : le plan gardé, les octets lus sur la socket »).
 */
export function listFormationTextes(voulu: TexteVoulu, ...args: Parameters<typeof formationPage>) {
  return executeOuCopie(args[0], pageTextes(voulu, ...args), [
    ['id', texteCol],
    ['siren_proprietaire', texteCol],
    ['texte', octetsCol],
  ]);
}

/** The statement of listFormationTextes, to execute as it is or to compile (for COPY, EXPLAIN). */
export function pageTextes(voulu: TexteVoulu, ...args: Parameters<typeof formationPage>) {
  const [db, v, filtres, after, limit, publicSeulement] = args;
  // The whole catalogue paged (no filter: a few texts in all) is a prepared statement (preparee.ts)
  // when not read by COPY.
  const sansFiltre = catalogueEntier(filtres);
  const construire = (apres: string | null, parCopie = true) =>
    formationPage(db, v, filtres, apres, limit, publicSeulement)
      // The keyset bound repeated on the documents (as on the sessions, avecSessionNonFermee):
      // PostgreSQL answers this join by a merge of the two id-ordered indexes and does not carry
      // `formation.id > apres` over to `d`, whose side then read every document before the page
      // (≈ 20 ms for a page at the 10,000th formation, 1 ms once bounded; docs/mesures.md
      // « Pages distinctes : la jointure aux documents »).
      .leftJoin('formation_document as d', (j) => {
        const egal = j.onRef('d.formation_id', '=', 'formation.id');
        return apres === null ? egal : egal.on('d.formation_id', '>', apres);
      })
      .select(['formation.id', 'formation.siren_proprietaire', octetsSql(voulu, parCopie).as('texte')])
      .$if(sansFiltre, (qb) => qb.modifyFront(preparee));
  // Read by COPY (compile), the catalogue's statement is compiled once per reader shape and page
  // size (gabarit.ts): only the cursor changes from page to page.
  const forme = () => JSON.stringify([voulu.vue, voulu.propre ?? null, v, limit, publicSeulement ?? false]);
  return {
    execute: () => construire(after, false).execute(),
    compile: () =>
      sansFiltre ? compileeGardee(db, forme(), after, construire) : construire(after).compile(),
  };
}

/**
 * The formations `ids` (any order; unknown ids absent) with what the change feed decides on —
 * owner, whether it is in the diffusion (estDiffusee), whether `v` may see them, whether the public is shown them
 * (montreeAuPublicSql) — and, for those it may see, the stored text of view `vue` as UTF-8 bytes (null when no document is stored, or when not visible), in one
 * statement: by COPY binary on a PostgreSQL pool (copie.ts; ≈ 3 MB of documents per page of
 * 1,000 events arrive as raw bytes instead of hexadecimal strings), else a plain prepared query.
 */
export async function selectFeedFormations(
  db: Executor,
  ids: readonly string[],
  v: Visibilite,
  vue: TexteVoulu['vue'],
) {
  if (ids.length === 0) return [];
  const requete = (parCopie: boolean) =>
    db
      .selectFrom('formation')
      .modifyFront(preparee) // one text per reader kind (preparee.ts)
      .leftJoin('formation_document as d', 'd.formation_id', 'formation.id')
      .select((eb) => [
        'formation.id',
        'formation.siren_proprietaire',
        estDiffusee(eb).as('diffusee'),
        visibleTo(v)(eb).as('visible'),
        montreeAuPublicSql(eb).as('publique'),
        eb.case().when(visibleTo(v)(eb)).then(octetsSql({ vue }, parCopie)).end().as('texte'),
      ])
      .where('formation.id', '=', sql<string>`any(${[...ids]}::text[])`);
  const query = { execute: () => requete(false).execute(), compile: () => requete(true).compile() };
  return executeOuCopie(db, query, [
    ['id', texteCol],
    ['siren_proprietaire', texteCol],
    ['diffusee', booleenCol],
    ['visible', booleenCol],
    ['publique', booleenCol],
    ['texte', octetsCol],
  ]);
}

/**
 * Takes out of the queue of documents to rebuild (filled by the triggers of migration 0750) the
 * ids given and those this transaction queued, and returns the ids to build (each once): those
 * this transaction queued, and those of `ids` that have no stored document (a stored one is up to
 * date). (Not those other transactions queued: building them would lock formations another
 * writer holds, a deadlock.) `fileEntiere` false: only `ids` are taken out of the queue, the rest
 * of this transaction's stays for a later call (see refreshDocuments).
 */
export async function takeAbsent(
  trx: Executor,
  ids: readonly string[],
  fileEntiere = true,
): Promise<string[]> {
  const file = fileEntiere ? sql` or txid = txid_current()` : sql``;
  const { rows } = await sql<{ id: string }>`
    with pris as (
      delete from formation_document_a_refaire
      where formation_id = any(${[...ids]}::text[])${file}
      returning formation_id
    )
    select formation_id as id from pris
    union
    select x.id from unnest(${[...ids]}::text[]) x(id)
    where not exists (select 1 from formation_document d where d.formation_id = x.id)
  `.execute(trx);
  return rows.map((r) => r.id);
}
