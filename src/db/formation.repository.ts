import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Visibilite } from '../domain/acces.ts';
import { regionsDeSessions } from '../domain/formation.lignes.ts';
import type { Statut } from '../domain/formation.schema.ts';
import { arrondissementParCodePostal, codesCommune } from '../domain/recherche.ts';
import type { Executor } from './executor.ts';
import type { DB, FormationRevisionTable, FormationTable, SessionTable } from './schema.ts';

// Formations, sessions and their children: reads for the JSON view and the write model, writes
// for the formation service. No business decision here, only SQL.

export type FormationRow = Selectable<FormationTable>;
export type SessionRow = Selectable<SessionTable>;

export interface FormationFilters {
  q?: string;
  region?: string;
  departement?: string;
  code_insee?: string;
  rncp?: string;
  cfd?: string;
  siret?: string;
  uai?: string;
  niveau?: string;
  parcoursup?: string;
  affelnet?: string;
  /** Rentrée year: a live session starts between 1 August of that year and 31 July of the next. */
  rentree?: number;
  /** Around a point: a live session within rayon_km (all three together). */
  lat?: number;
  lon?: number;
  rayon_km?: number;
  statut?: Statut;
  catalogue?: string;
  /** Never from a request: the formations owned by this SIREN (an organisme's own offer, from its space). */
  proprietaire?: string;
  /** Never from a request: neither archived nor deleted (the offer an organisme holds now). */
  actives?: boolean;
  /** Never from a request: not deleted (`offre export lheo --all`: a file one may import back). */
  nonSupprimees?: boolean;
}

type FEb = ExpressionBuilder<DB, 'formation'>;

/** Named query piece: what `v` may see (diffused = published and in the Catalogue général). */
export function visibleTo(v: Visibilite) {
  return (eb: FEb) => {
    if (v.kind === 'tout') return eb.lit(true);
    const ors = v.kind === 'diffusee' ? [estDiffusee(eb)] : [];
    if (v.siren) ors.push(eb('formation.siren_proprietaire', '=', v.siren));
    if (v.regions.length) ors.push(hasSession(eb, 'code_region', v.regions));
    return ors.length ? eb.or(ors) : eb.lit(false);
  };
}

function hasSession(
  eb: FEb,
  column: 'code_region' | 'code_departement' | 'code_insee' | 'uai_lieu',
  value: string | readonly string[],
  diffusion = false,
) {
  return eb.exists(
    eb
      .selectFrom('session')
      .select(sql.lit(1).as('x'))
      .whereRef('session.formation_id', '=', 'formation.id')
      .where(`session.${column}`, typeof value === 'string' ? '=' : 'in', value as string)
      .where('session.archivee', '=', false)
      .$if(diffusion, (qb) => qb.where('session.retenue', '=', false)),
  );
}

/**
 * The formation has a live session in the commune `codeInsee`: a city with arrondissements stands for
 * all of them; an arrondissement also holds the sessions stored under its city's code with its
 * postal code (75056 and 75015 are in 75115: arrondissementParCodePostal).
 */
function dansCommune(eb: FEb, codeInsee: string, diffusion: boolean) {
  const codes = codesCommune(codeInsee);
  const arr = arrondissementParCodePostal(codes[0]!);
  if (!arr) return hasSession(eb, 'code_insee', codes, diffusion);
  return eb.or([
    hasSession(eb, 'code_insee', codes, diffusion),
    eb.exists(
      eb
        .selectFrom('session')
        .select(sql.lit(1).as('x'))
        .whereRef('session.formation_id', '=', 'formation.id')
        .where('session.code_insee', '=', arr.ville)
        .where('session.code_postal', 'in', arr.codes_postaux)
        .where('session.archivee', '=', false)
        .$if(diffusion, (qb) => qb.where('session.retenue', '=', false)),
    ),
  ]);
}

/**
 * Named query piece: the formation has a live session whose recruitment is not closed (what the
 * public is shown: docs/produit.md « Diffusion »; same rule as domain/diffusion.ts montreeAuPublic).
 */
export function avecSessionNonFermee(
  /**
   * A keyset page's lower bound on `formation.id`, repeated on the sessions: the planner may
   * answer the condition by a merge join of the two id-ordered indexes, whose session side then
   * starts at the page instead of the first session (a page read O(its position), not O(1)).
   */
  apres: string | null = null,
  /**
   * Answered formation by formation, by the `session_formation` index: for a value read per row
   * of a known set (a feed page, the formations a write touched). Left to itself PostgreSQL turns
   * the EXISTS into a hashed IN over every open session of the table (≈ 45 ms at 150,000 sessions,
   * whatever the number of formations asked); `OFFSET 0` keeps it from doing so
   * (simplify_EXISTS_query), and a page of 1,000 formations then costs 1,000 index probes (≈ 2 ms).
   */
  parFormation = false,
) {
  return (eb: FEb) =>
    eb.exists(
      eb
        .selectFrom('session')
        .select(sql.lit(1).as('x'))
        .whereRef('session.formation_id', '=', 'formation.id')
        .$if(apres !== null, (qb) => qb.where('session.formation_id', '>', apres!))
        .where('session.archivee', '=', false)
        .where('session.retenue', '=', false)
        .where('session.etat_recrutement', '<>', 'ferme')
        .$if(parFormation, (qb) => qb.offset(0)),
    );
}

/** Named query piece: the formation is in the diffusion (published, in the Catalogue général). */
export const estDiffusee = (eb: FEb) =>
  eb.and([eb('formation.statut', '=', 'publiee'), eb('formation.catalogue', '=', 'general')]);

/**
 * Named query piece: the formation is shown to the public — diffused, with a session open to
 * recruitment (avecSessionNonFermee). The one predicate of the public list, search, detail
 * (domain/diffusion.ts montreeAuPublic, its twin on a built formation) and the public change feed
 * (feed.repository.ts records it with each event). A value per formation, for a known set of
 * formations (avecSessionNonFermee `parFormation`).
 */
export const montreeAuPublicSql = (eb: FEb) =>
  eb.and([estDiffusee(eb), avecSessionNonFermee(null, true)(eb)]);

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Named query piece: the list filters of GET /formations. `diffusion`: reading the diffused offer
 * (search, API list), where a withheld session (session.retenue, domain/diffusion.ts) matches no
 * place or date filter; false in the spaces, where the owner finds its own withheld sessions.
 */
export function matchingFilters(f: FormationFilters, diffusion = false) {
  return (eb: FEb) => {
    const ands = [];
    if (f.q)
      ands.push(eb(sql`unaccent(formation.intitule)`, 'ilike', sql`unaccent(${`%${likeEscape(f.q)}%`})`));
    if (f.region) ands.push(hasSession(eb, 'code_region', f.region, diffusion));
    if (f.departement) ands.push(hasSession(eb, 'code_departement', f.departement.toUpperCase(), diffusion));
    // A city with arrondissements (Paris, Lyon, Marseille) stands for all of them.
    if (f.code_insee) ands.push(dansCommune(eb, f.code_insee, diffusion));
    if (f.rncp) ands.push(eb('formation.code_rncp', '=', f.rncp.toUpperCase()));
    if (f.cfd) ands.push(eb('formation.code_cfd', '=', f.cfd.toUpperCase()));
    if (f.siret)
      ands.push(
        eb.or([
          eb('formation.responsable_siret', '=', f.siret),
          eb('formation.formateur_siret', '=', f.siret),
          eb('formation.mandataire_siret', '=', f.siret),
        ]),
      );
    if (f.uai) {
      const uai = f.uai.toUpperCase();
      ands.push(
        eb.or([
          hasSession(eb, 'uai_lieu', uai, diffusion),
          eb('formation.responsable_uai', '=', uai),
          eb('formation.formateur_uai', '=', uai),
        ]),
      );
    }
    if (f.niveau)
      ands.push(
        eb.exists(
          eb
            .selectFrom('certification')
            .select(sql.lit(1).as('x'))
            .where('certification.niveau', '=', f.niveau)
            .where((c) =>
              c.or([
                c('certification.code', '=', c.ref('formation.code_rncp')),
                c('certification.code', '=', c.ref('formation.code_cfd')),
              ]),
            ),
        ),
      );
    if (f.rentree)
      ands.push(
        eb.exists(
          eb
            .selectFrom('session')
            .select(sql.lit(1).as('x'))
            .whereRef('session.formation_id', '=', 'formation.id')
            .where('session.archivee', '=', false)
            .$if(diffusion, (qb) => qb.where('session.retenue', '=', false))
            .where('session.debut', '>=', `${f.rentree}-08-01`)
            .where('session.debut', '<=', `${f.rentree + 1}-07-31`),
        ),
      );
    if (f.lat !== undefined && f.lon !== undefined && f.rayon_km !== undefined) {
      const { lat, lon, rayon_km: r } = f;
      const dLat = r / 111.2;
      const dLon = r / (111.2 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
      // recherche_lieu: a place entered without coordinates counts at its commune's centre.
      ands.push(
        eb.exists(
          eb
            .selectFrom('recherche_lieu as rl')
            .select(sql.lit(1).as('x'))
            .whereRef('rl.formation_id', '=', 'formation.id')
            .where('rl.archivee', '=', false)
            .$if(diffusion, (qb) => qb.where('rl.retenue', '=', false))
            .where('rl.lat', '>=', lat - dLat)
            .where('rl.lat', '<=', lat + dLat)
            .where('rl.lon', '>=', lon - dLon)
            .where('rl.lon', '<=', lon + dLon)
            .where(sql<number>`distance_km(${lat}, ${lon}, rl.lat, rl.lon)`, '<=', r),
        ),
      );
    }
    if (f.parcoursup) ands.push(eb('formation.parcoursup', '=', f.parcoursup));
    if (f.affelnet) ands.push(eb('formation.affelnet', '=', f.affelnet));
    if (f.statut) ands.push(eb('formation.statut', '=', f.statut));
    if (f.catalogue) ands.push(eb('formation.catalogue', '=', f.catalogue));
    if (f.proprietaire) ands.push(eb('formation.siren_proprietaire', '=', f.proprietaire));
    if (f.actives) ands.push(eb('formation.statut', 'not in', ['archivee', 'supprimee']));
    if (f.nonSupprimees) ands.push(eb('formation.statut', '!=', 'supprimee'));
    return eb.and(ands);
  };
}

/** One keyset page ordered by the immutable id: no skip, no repeat under concurrent writes. */
export function listFormationRows(...args: Parameters<typeof formationPage>) {
  return formationPage(...args)
    .selectAll()
    .execute();
}

/**
 * The query of one keyset page ordered by the immutable id, without its select list (the rows,
 * or their stored documents: formation-document.repository.ts).
 */
export function formationPage(
  db: Executor,
  v: Visibilite,
  f: FormationFilters,
  after: string | null,
  limit: number,
  /** Only what the public is shown (but every offer of SIREN `sauf`), or false: no such filter. */
  publicSeulement: false | { sauf: string | null } = false,
) {
  return db
    .selectFrom('formation')
    .where(visibleTo(v))
    .where(matchingFilters(f, v.kind === 'diffusee'))
    .$if(publicSeulement !== false, (qb) =>
      qb.where((eb) => {
        const sauf = publicSeulement === false ? null : publicSeulement.sauf;
        return sauf === null
          ? avecSessionNonFermee(after)(eb)
          : eb.or([avecSessionNonFermee(after)(eb), eb('formation.siren_proprietaire', '=', sauf)]);
      }),
    )
    .$if(after !== null, (qb) => qb.where('formation.id', '>', after!))
    .orderBy('formation.id')
    .limit(limit);
}

/**
 * The columns of a formation its write model is built from (formation.view.ts vuesFormations: the
 * workbook import's and export's view of each formation, its owner's and its organismes' SIRETs):
 * no verdict, audit column or timestamp — three timestamps each parsed into a Date, and texts
 * nothing of the view reads, for each of the 3,500 formations a workbook import loads.
 */
export const COLONNES_VUE = [
  'id',
  'cle_externe',
  'siren_proprietaire',
  'statut',
  'intitule',
  'objectif',
  'contenu',
  'url',
  'code_rncp',
  'code_cfd',
  'code_certifinfo',
  'responsable_siret',
  'responsable_uai',
  'formateur_siret',
  'formateur_uai',
  'mandataire_siret',
  'mandataire_uai',
  'formation_continue',
  'contrat_professionnalisation',
  'contrat_apprentissage',
  'annees_apprentissage',
  'duree_annees',
  'financeurs',
] as const satisfies readonly (keyof FormationRow)[];

/** A formation as selectFormationVues reads it (COLONNES_VUE). */
export type FormationVueRow = Pick<FormationRow, (typeof COLONNES_VUE)[number]>;

/** Formations `ids` (visible to `v`, when given): the one query of selectFormationRows and selectFormationVues. */
const formationsParIds = (db: Executor, ids: readonly string[], v?: Visibilite) =>
  db
    .selectFrom('formation')
    .where('id', 'in', ids)
    .$if(!!v, (qb) => qb.where(visibleTo(v!)));

/** selectFormationRows, the columns of the write model only (COLONNES_VUE). */
export function selectFormationVues(
  db: Executor,
  ids: readonly string[],
  v?: Visibilite,
): Promise<FormationVueRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return formationsParIds(db, ids, v).select(COLONNES_VUE).execute();
}

export function selectFormationRows(db: Executor, ids: readonly string[], v?: Visibilite) {
  if (ids.length === 0) return Promise.resolve([] as FormationRow[]);
  return formationsParIds(db, ids, v).selectAll().execute();
}

/**
 * What a writer's copy of formation `id` depends on, as a digest (hex MD5, not a security hash):
 * the formation's `version` (moved by every write of the formation and its sessions) and its open
 * revision (id, statut, payload), which a write to a published offer changes instead. Null when
 * the formation does not exist. The validator of `If-Match` (ETag of GET /formations/{id}).
 */
export async function selectEtatEcriture(db: Executor, id: string): Promise<string | null> {
  const { rows } = await sql<{ etat: string }>`
    select md5(f.version::text || ':' || coalesce((
      select r.id || ':' || r.statut || ':' || r.payload::text from formation_revision r
      where r.formation_id = f.id and r.statut in ('en_attente_validation', 'a_corriger')
      order by r.created_at desc limit 1), '')) as etat
    from formation f where f.id = ${id}`.execute(db);
  return rows[0]?.etat ?? null;
}

/**
 * selectEtatEcriture for many formations at once (an export's page, an import's batch): by id,
 * their writer's version (the same digest), owner and external key. Deleted ones included (the
 * caller decides); an unknown id is absent.
 */
export async function selectEtatsEcriture(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { etat: string; siren: string | null; cle: string | null }>> {
  const out = new Map<string, { etat: string; siren: string | null; cle: string | null }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const lot = ids.slice(i, i + 1000);
    const { rows } = await sql<{ id: string; etat: string; siren: string | null; cle: string | null }>`
      select f.id, f.siren_proprietaire as siren, f.cle_externe as cle,
        md5(f.version::text || ':' || coalesce((
          select r.id || ':' || r.statut || ':' || r.payload::text from formation_revision r
          where r.formation_id = f.id and r.statut in ('en_attente_validation', 'a_corriger')
          order by r.created_at desc limit 1), '')) as etat
      from formation f where f.id in (${sql.join(lot)})`.execute(db);
    for (const r of rows) out.set(r.id, { etat: r.etat, siren: r.siren, cle: r.cle });
  }
  return out;
}

export function findFormationRow(
  db: Executor,
  id: string,
  opts: { forUpdate?: boolean; visibleTo?: Visibilite } = {},
) {
  return db
    .selectFrom('formation')
    .selectAll()
    .where('id', '=', id)
    .$if(!!opts.visibleTo, (qb) => qb.where(visibleTo(opts.visibleTo!)))
    .$if(!!opts.forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/**
 * The régions formation `id` belongs to — those of its live sessions and of its open revision —,
 * whoever asks (no visibility: the caller decides what to say of them); null when there is no
 * such formation or it is deleted.
 */
export async function selectRegionsFormation(db: Executor, id: string): Promise<string[] | null> {
  const f = await db.selectFrom('formation').select('statut').where('id', '=', id).executeTakeFirst();
  if (!f || f.statut === 'supprimee') return null;
  const [sessions, revision] = await Promise.all([
    db
      .selectFrom('session')
      .select('code_region')
      .distinct()
      .where('formation_id', '=', id)
      .where('archivee', '=', false)
      .where('code_region', 'is not', null)
      .execute(),
    selectRegionsRevisionOuverte(db, id),
  ]);
  return [...new Set([...sessions.map((s) => s.code_region!), ...revision])].sort();
}

export async function findFormationIdByCle(db: Executor, siren: string, cle: string): Promise<string | null> {
  const r = await db
    .selectFrom('formation')
    .select('id')
    .where('siren_proprietaire', '=', siren)
    .where('cle_externe', '=', cle)
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * findFormationIdByCle for many keys at once (a workbook's new rows): `siren|cle` → id of the
 * formations found, in statements of 1,000 keys.
 */
export async function findFormationIdsByCle(
  db: Executor,
  cles: readonly { siren: string; cle: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < cles.length; i += 1000) {
    const lot = cles.slice(i, i + 1000);
    const { rows } = await sql<{ id: string; siren: string; cle: string }>`
      select f.id, f.siren_proprietaire as siren, f.cle_externe as cle
      from formation f
      join unnest(${lot.map((c) => c.siren)}::text[], ${lot.map((c) => c.cle)}::text[]) as k(siren, cle)
        on f.siren_proprietaire = k.siren and f.cle_externe = k.cle`.execute(db);
    for (const r of rows) out.set(`${r.siren}|${r.cle}`, r.id);
  }
  return out;
}

/**
 * The formation whose internal id is `id`, owned by `siren`, that has no external key: Offre's own
 * LHEO export writes that id as the numero of such a formation (issue 15, defect 10).
 */
export async function findFormationIdSansCle(
  db: Executor,
  siren: string,
  id: string,
): Promise<string | null> {
  const r = await db
    .selectFrom('formation')
    .select('id')
    .where('id', '=', id)
    .where('siren_proprietaire', '=', siren)
    .where('cle_externe', 'is', null)
    .executeTakeFirst();
  return r?.id ?? null;
}

/**
 * A session's own columns, the one list of them: what an import writes and its upsert rewrites
 * (formation-bulk.repository.ts SESSION_MAJ) — neither its keys (`id`, `formation_id`), nor what
 * diffusion sets (`diffusee_at`, `retenue`), nor its timestamps.
 */
export const COLONNES_SESSION_SAISIES = [
  'cle_externe',
  'debut',
  'fin',
  'etat_recrutement',
  'capacite',
  'entree_sortie',
  'adresse',
  'code_postal',
  'commune',
  'cedex',
  'code_insee',
  'code_departement',
  'code_region',
  'uai_lieu',
  'lat',
  'lon',
  'financeur',
  'numero_marche',
  'date_notification_marche',
  'archivee',
] as const satisfies readonly (keyof SessionRow)[];

/**
 * The columns of a session its readers use (formation.view.ts: the write model, the formation
 * JSON): every one but `created_at` and `updated_at`, which none reads — two timestamps each
 * parsed into a Date per session, for every formation an import, an export or a page loads.
 */
const COLONNES_SESSION = [
  'id',
  'formation_id',
  ...COLONNES_SESSION_SAISIES,
  'diffusee_at',
  'retenue',
] as const satisfies readonly Exclude<keyof SessionRow, 'created_at' | 'updated_at'>[];
// A column added to the session table is named above, or this fails to compile.
const _toutesLues: Exclude<
  keyof SessionRow,
  'created_at' | 'updated_at' | (typeof COLONNES_SESSION)[number]
> extends never
  ? true
  : never = true;

/** A session as selectSessions reads it (COLONNES_SESSION). */
export type SessionLue = Omit<SessionRow, 'created_at' | 'updated_at'>;

export function selectSessions(
  db: Executor,
  formationIds: readonly string[],
  withArchived: boolean,
): Promise<SessionLue[]> {
  if (formationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('session')
    .select(COLONNES_SESSION)
    .where('formation_id', 'in', formationIds)
    .$if(!withArchived, (qb) => qb.where('archivee', '=', false))
    .orderBy('formation_id')
    .orderBy(sql`debut nulls last`)
    .orderBy('id')
    .execute();
}

// By session id (known after the sessions query): keyed on formation ids through a join, the
// planner preferred a sequential scan of the whole table (measured: 22 ms at 36k events).
export function selectSessionEvenements(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('session_evenement')
    .selectAll()
    .where('session_id', 'in', sessionIds)
    .orderBy('id')
    .execute();
}

export function selectSessionContacts(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('contact').selectAll().where('session_id', 'in', sessionIds).orderBy('id').execute();
}

export function selectFormationContacts(db: Executor, formationIds: readonly string[]) {
  if (formationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('contact')
    .selectAll()
    .where('formation_id', 'in', formationIds)
    .orderBy('id')
    .execute();
}

export function selectOrganismes(db: Executor, sirets: readonly string[]) {
  if (sirets.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisme')
    .selectAll()
    .where('siret', 'in', [...new Set(sirets)])
    .execute();
}

/**
 * What the write model and the formation JSON read of organismes (formation.view.ts): their name,
 * NDA, SIREN and UAI — not their address nor their two timestamps.
 */
export function selectNomsOrganismes(db: Executor, sirets: readonly string[]) {
  if (sirets.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisme')
    .select(['siret', 'siren', 'uai', 'raison_sociale', 'nda'])
    .where('siret', 'in', [...new Set(sirets)])
    .execute();
}

export function selectCertifications(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('certification')
    .select(['type', 'code', 'intitule', 'niveau', 'type_enregistrement'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
}

/**
 * The reference's type of a formation's certification (type_diplome: 'CAP', 'BTS', 'TP'…), read
 * as formation.view.ts reads its level: the RNCP/RS fiche first, else the CFD; null when the
 * reference does not know the code or has no type for it.
 */
export async function selectTypeDiplome(
  db: Executor,
  codes: { readonly rncp: string | null; readonly cfd: string | null },
): Promise<string | null> {
  const voulus = [codes.rncp, codes.cfd].filter((c): c is string => !!c);
  if (voulus.length === 0) return null;
  const rows = await db
    .selectFrom('certification')
    .select(['type', 'code', 'type_diplome'])
    .where('code', 'in', voulus)
    .execute();
  const de = (code: string | null, types: readonly string[]) =>
    code ? rows.find((r) => r.code === code && types.includes(r.type)) : undefined;
  return (de(codes.rncp, ['rncp', 'rs']) ?? de(codes.cfd, ['cfd']))?.type_diplome ?? null;
}

export async function selectOpenRevisionIds(
  db: Executor,
  formationIds: readonly string[],
): Promise<Set<string>> {
  if (formationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('formation_revision')
    .select('formation_id')
    .where('formation_id', 'in', formationIds)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .execute();
  return new Set(rows.map((r) => r.formation_id));
}

// ---- writes ----

export async function upsertOrganismes(
  db: Executor,
  rows: readonly {
    siret: string;
    siren: string;
    uai: string | null;
    raison_sociale: string | null;
    nda: string | null;
  }[],
  now: Date,
  opts: { remplacer: boolean } = { remplacer: true },
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('organisme')
    .values(rows.map((r) => ({ ...r, created_at: now, updated_at: now })))
    .onConflict((oc) =>
      opts.remplacer === false
        ? oc.column('siret').doNothing()
        : oc
            .column('siret')
            .doUpdateSet((eb) => ({
              // The establishment's first known UAI stays (domain/organisme-uai.ts organismeEcrit, here
              // atomic under concurrent writers): each formation keeps its own (formation.*_uai).
              uai: eb.fn.coalesce('organisme.uai', eb.ref('excluded.uai')),
              raison_sociale: eb.ref('excluded.raison_sociale'),
              nda: eb.ref('excluded.nda'),
              updated_at: now,
            }))
            // As the bulk path's (formation-bulk.repository.ts): a row left as it was keeps its updated_at.
            .where(
              sql`(organisme.uai, organisme.raison_sociale, organisme.nda)`,
              'is distinct from',
              sql`(coalesce(organisme.uai, excluded.uai), excluded.raison_sociale, excluded.nda)`,
            ),
    )
    .execute();
}

export async function insertFormation(db: Executor, row: Insertable<FormationTable>): Promise<void> {
  await db.insertInto('formation').values(row).execute();
}

export async function updateFormation(
  db: Executor,
  id: string,
  values: Updateable<FormationTable>,
): Promise<void> {
  await db.updateTable('formation').set(values).where('id', '=', id).execute();
}

export async function replaceFormationContacts(
  db: Executor,
  formationId: string,
  contacts: readonly {
    type: string;
    nom: string | null;
    telephone: string | null;
    courriel: string | null;
  }[],
): Promise<void> {
  await db.deleteFrom('contact').where('formation_id', '=', formationId).execute();
  if (contacts.length)
    await db
      .insertInto('contact')
      .values(contacts.map((c) => ({ ...c, formation_id: formationId })))
      .execute();
}

export async function upsertSession(db: Executor, row: Insertable<SessionTable>): Promise<void> {
  const { id: _id, formation_id: _f, created_at: _c, ...update } = row;
  await db
    .insertInto('session')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

export async function replaceSessionDetails(
  db: Executor,
  sessionId: string,
  contact: { nom: string | null; telephone: string | null; courriel: string | null } | null,
  evenements: readonly { type: string; date: string | null; lieu: string | null; libelle: string | null }[],
): Promise<void> {
  await db.deleteFrom('contact').where('session_id', '=', sessionId).execute();
  await db.deleteFrom('session_evenement').where('session_id', '=', sessionId).execute();
  if (contact)
    await db
      .insertInto('contact')
      .values({ ...contact, type: 'autre', session_id: sessionId })
      .execute();
  if (evenements.length)
    await db
      .insertInto('session_evenement')
      .values(evenements.map((e) => ({ ...e, session_id: sessionId })))
      .execute();
}

export async function deleteSessions(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('session').where('id', 'in', ids).execute();
}

/** Validation diffuses the formation: its live sessions become permanent references. */
export async function markSessionsDiffusees(db: Executor, formationId: string, at: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ diffusee_at: at })
    .where('formation_id', '=', formationId)
    .where('diffusee_at', 'is', null)
    .where('archivee', '=', false)
    .execute();
}

// ---- revisions ----

export function findOpenRevision(db: Executor, formationId: string) {
  return db
    .selectFrom('formation_revision')
    .selectAll()
    .where('formation_id', '=', formationId)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();
}

/**
 * The open revision of each of `formationIds` that has one: its payload (the organisme's whole
 * version), statut, who proposed it (acteurLabel) and when. One query (findOpenRevision for a page).
 */
export async function selectOpenRevisions(
  db: Executor,
  formationIds: readonly string[],
): Promise<Map<string, { payload: unknown; statut: string; created_by: string; created_at: Date }>> {
  if (formationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('formation_revision')
    .select(['formation_id', 'payload', 'statut', 'created_by', 'created_at'])
    .where('formation_id', 'in', formationIds)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .execute();
  return new Map(
    rows.map((r) => [
      r.formation_id,
      { payload: r.payload, statut: r.statut, created_by: r.created_by, created_at: new Date(r.created_at) },
    ]),
  );
}

/** The régions of a revision's payload (its sessions'), stored beside it (migration 1000). */
const regionsDePayload = (payload: unknown) =>
  regionsDeSessions(
    (payload as { sessions?: Parameters<typeof regionsDeSessions>[0] } | null)?.sessions ?? [],
  );

export async function insertRevision(
  db: Executor,
  row: { id: string; formation_id: string; payload: unknown; created_at: Date; created_by: string },
) {
  await db
    .insertInto('formation_revision')
    .values({ ...row, payload: JSON.stringify(row.payload), code_regions: regionsDePayload(row.payload) })
    .execute();
}

/**
 * The régions of the open revision (pending or returned) of formation `formationId`: those of its
 * sessions, whose gestionnaires decide on it wherever the published version is. Empty without one.
 */
export async function selectRegionsRevisionOuverte(db: Executor, formationId: string): Promise<string[]> {
  const r = await db
    .selectFrom('formation_revision')
    .select('code_regions')
    .where('formation_id', '=', formationId)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();
  return r?.code_regions ?? [];
}

export async function updateRevision(
  db: Executor,
  id: string,
  values: {
    payload?: unknown;
    statut?: Selectable<FormationRevisionTable>['statut'];
    commentaire?: string | null;
    decided_at?: Date | null;
    decided_by?: string | null;
    created_at?: Date;
    created_by?: string;
  },
) {
  const { payload, ...rest } = values;
  await db
    .updateTable('formation_revision')
    .set({
      ...rest,
      ...(payload !== undefined
        ? { payload: JSON.stringify(payload), code_regions: regionsDePayload(payload) }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The formations not deleted whose `cle_externe` is one of `cles` (an LHEO file's numeros),
 * owned by `siren` when given: id, cle_externe and intitule (the import report's « Intitulé » of
 * a refused record the store knows).
 */
export function selectFormationsParCle(
  db: Executor,
  cles: readonly string[],
  siren: string | null,
): Promise<{ id: string; cle_externe: string | null; intitule: string | null }[]> {
  if (cles.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('formation')
    .select(['id', 'cle_externe', 'intitule'])
    .where('cle_externe', 'in', cles)
    .where('statut', '<>', 'supprimee');
  if (siren) q = q.where('siren_proprietaire', '=', siren);
  return q.execute();
}

/** The external key (`cle_externe`, an LHEO session's numero) of each session of `ids`, by id. */
export async function selectClesSessions(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('session').select(['id', 'cle_externe']).where('id', 'in', ids).execute();
  return new Map(rows.map((x) => [x.id, x.cle_externe] as const));
}
