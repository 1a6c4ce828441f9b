import { sql } from 'kysely';
import type { EtatPlateforme, Plateforme, RegleScope } from '../domain/plateforme.ts';
import { FINANCEURS_PUBLICS } from '../domain/type-offre.ts';
import type { Executor } from './executor.ts';

// Platform scope rules (versioned) and the status memory per offer identity.

const any = (xs: readonly string[]) => sql<string>`any(cast(${[...xs]} as text[]))`;

export async function loadRegles(db: Executor): Promise<RegleScope[]> {
  const rows = await db
    .selectFrom('plateforme_regle')
    .selectAll()
    .orderBy('plateforme')
    .orderBy('priorite', 'desc')
    .orderBy('id')
    .execute();
  return rows;
}

export function listReglesCompletes(db: Executor) {
  return db
    .selectFrom('plateforme_regle')
    .selectAll()
    .orderBy('plateforme')
    .orderBy('priorite', 'desc')
    .orderBy('id')
    .execute();
}

export type RegleInput = Omit<RegleScope, 'id'>;

/** Rule `id` locked for its save (FOR UPDATE), or undefined when there is none. */
export function lockRegle(trx: Executor, id: number) {
  return trx
    .selectFrom('plateforme_regle')
    .select(['id', 'version', 'updated_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Creates (id null) or updates a scope rule, bumping its version and appending the history row. */
export async function saveRegle(trx: Executor, id: number | null, v: RegleInput, acteur: string, now: Date) {
  const row =
    id === null
      ? await trx
          .insertInto('plateforme_regle')
          .values({ ...v, updated_at: now, updated_by: acteur })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .updateTable('plateforme_regle')
          .set({ ...v, version: sql`version + 1`, updated_at: now, updated_by: acteur })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
  if (!row) return undefined;
  const { updated_at: _u, ...valeur } = row;
  await trx
    .insertInto('plateforme_regle_historique')
    .values({
      regle_id: row.id,
      version: row.version,
      action: id === null ? 'create' : 'update',
      valeur: JSON.stringify(valeur),
      acteur,
      at: now,
    })
    .execute();
  return row;
}

export function regleHistorique(db: Executor, regleId: number) {
  return db
    .selectFrom('plateforme_regle_historique')
    .selectAll()
    .where('regle_id', '=', regleId)
    .orderBy('id')
    .execute();
}

export interface EtatStocke extends EtatPlateforme {
  readonly plateforme: Plateforme;
  readonly identite: string;
  readonly formation_id: string | null;
}

/**
 * plateforme_etat's columns that EtatStocke holds (all but the trace, updated_at and updated_by),
 * with their SQL type (saveEtats's arrays): the one list loadEtats reads and saveEtats writes.
 */
export const COLONNES_ETAT = {
  plateforme: 'text',
  identite: 'text',
  formation_id: 'text',
  statut: 'text',
  decision: 'text',
  motif: 'text',
  action_corrective: 'text',
  id_plateforme: 'text',
  annee: 'int',
  publie_annee: 'int',
} as const satisfies Record<keyof EtatStocke, 'text' | 'int'>;
const CLES_ETAT = Object.keys(COLONNES_ETAT) as (keyof EtatStocke)[];
/** What an upsert of saveEtats changes on an existing row: all but its key. */
const MODIFIEES_ETAT = CLES_ETAT.filter((c) => c !== 'plateforme' && c !== 'identite');

/**
 * SQL (text) of the offer identity of formation alias `f` — domain/plateforme.ts identiteOffre of
 * its row's codes and owner and the places (`code_insee`) of its live sessions, as the rules read
 * them (conformite.repository.ts loadFormationsAControler, services/plateforme.etats.ts identiteDe):
 * what a reader of plateforme_etat joins on (`e.identite = identiteSql('f')`), never formation_id,
 * which also names the rows of the offer's former identities. The places: distinct, non-empty,
 * in code order (`collate "C"`: the order of JavaScript's sort on these ASCII codes). Its agreement
 * with identiteOffre is tested on varied offers on both engines (test/db/identite-offre.test.ts).
 * No session is read for an offer with a cle_externe.
 */
export function identiteSql(f: string) {
  const col = (c: string) => sql.ref(`${f}.${c}`);
  return sql<string>`(case when ${col('cle_externe')} <> '' then 'cle:' || ${col('siren_proprietaire')} || ':' || ${col('cle_externe')}
    else 'cert:' || coalesce(${col('code_rncp')}, '') || '|' || coalesce(${col('code_cfd')}, '') || '|' || coalesce(${col('responsable_siret')}, '') || '|' || coalesce((
      select string_agg(l.code, ',' order by l.code) from (
        select distinct si.code_insee collate "C" as code from session si
        where si.formation_id = ${col('id')} and not si.archivee and si.code_insee <> '') l), '') end)`;
}

/**
 * The stored states (one per platform at most) of formation `id`'s current identity (identiteSql);
 * none when it has none or does not exist. One statement.
 */
export function selectEtatsDeSonIdentite(db: Executor, id: string): Promise<EtatStocke[]> {
  return db
    .selectFrom('formation as f')
    .innerJoin('plateforme_etat as e', (j) => j.on('e.identite', '=', identiteSql('f')))
    .select(CLES_ETAT.map((c) => `e.${c}` as const))
    .where('f.id', '=', id)
    .execute() as Promise<EtatStocke[]>;
}

export async function loadEtats(
  db: Executor,
  identites: readonly string[],
): Promise<Map<string, EtatStocke>> {
  // Not updated_at and updated_by, which EtatStocke leaves out: no Date parsed per row (two per
  // formation in `offre check`).
  const rows: EtatStocke[] = await db
    .selectFrom('plateforme_etat')
    .select(CLES_ETAT)
    .where('identite', '=', any(identites))
    .execute();
  return new Map(rows.map((r) => [`${r.plateforme}|${r.identite}`, r]));
}

/** Upserts status rows (one statement). */
export async function saveEtats(
  trx: Executor,
  etats: readonly EtatStocke[],
  acteur: string,
  now: Date,
): Promise<void> {
  if (etats.length === 0) return;
  const colonnes = sql.join(CLES_ETAT.map((c) => sql.ref(c)));
  // One array per column, unnested into rows: one statement and ten parameters whatever the count.
  const tableaux = sql.join(
    CLES_ETAT.map((c) => sql`${etats.map((e) => e[c])}::${sql.raw(COLONNES_ETAT[c])}[]`),
  );
  const modifiees = sql.join(MODIFIEES_ETAT.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  await sql`insert into plateforme_etat (${colonnes}, updated_at, updated_by)
    select ${colonnes}, ${now}, ${acteur} from unnest(${tableaux}) as t(${colonnes})
    on conflict (plateforme, identite) do update set ${modifiees}, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(
    trx,
  );
}

/** A formation of an identity whose status column statutsDesIdentites set: its former value. */
export interface StatutAligne {
  readonly id: string;
  readonly plateforme: Plateforme;
  readonly identite: string;
  readonly avant: string;
  readonly apres: string;
  /** The column changed (the document is stale, a feed event is due). */
  readonly change: boolean;
}

/**
 * Sets platform `plateforme`'s status column (what exports, the search, the API document and the
 * dashboards read) of every formation whose current identity (identiteSql) is that of one of
 * `etats` to that state's `statut`: duplicates without cle_externe share an identity, hence one
 * state. One statement. Returns every formation of these identities (not `sauf`), changed or not,
 * with its former value. The candidates are read by responsable (an identity `cert:…` names it;
 * one `cle:…` is that of one formation, read by its unique key), then their identity computed.
 */
export async function statutsDesIdentites(
  trx: Executor,
  etats: readonly Pick<EtatStocke, 'plateforme' | 'identite' | 'statut'>[],
  sauf: readonly string[] = [],
): Promise<StatutAligne[]> {
  if (etats.length === 0) return [];
  const { rows } = await sql<StatutAligne>`with v as (
      select * from unnest(${etats.map((e) => e.plateforme)}::text[], ${etats.map((e) => e.identite)}::text[],
        ${etats.map((e) => e.statut)}::text[]) as v(plateforme, identite, statut)),
    c as (
      select f.id, v.plateforme, v.identite, case v.plateforme when 'parcoursup' then f.parcoursup else f.affelnet end as avant, v.statut as apres
      from v join formation f on f.responsable_siret = nullif(split_part(v.identite, '|', 3), '')
      where v.identite like 'cert:%' and ${identiteSql('f')} = v.identite and f.id <> all(${[...sauf]}::text[])
      union all
      select f.id, v.plateforme, v.identite, case v.plateforme when 'parcoursup' then f.parcoursup else f.affelnet end, v.statut
      from v join formation f on f.responsable_siret is null
      where v.identite like 'cert:%' and split_part(v.identite, '|', 3) = '' and ${identiteSql('f')} = v.identite
        and f.id <> all(${[...sauf]}::text[])
      union all
      select f.id, v.plateforme, v.identite, case v.plateforme when 'parcoursup' then f.parcoursup else f.affelnet end, v.statut
      from v join formation f on f.siren_proprietaire = split_part(v.identite, ':', 2)
        and f.cle_externe = substr(v.identite, length(split_part(v.identite, ':', 2)) + 6)
      where v.identite like 'cle:%' and f.id <> all(${[...sauf]}::text[])),
    u as (
      update formation f set
        parcoursup = coalesce((select c.apres from c where c.id = f.id and c.plateforme = 'parcoursup'), f.parcoursup),
        affelnet = coalesce((select c.apres from c where c.id = f.id and c.plateforme = 'affelnet'), f.affelnet)
      where f.id in (select c.id from c where c.avant is distinct from c.apres)
      returning f.id)
    select c.id, c.plateforme, c.identite, c.avant, c.apres, (c.avant is distinct from c.apres) as change
    from c order by c.id, c.plateforme`.execute(trx);
  return rows;
}

/**
 * SQL of domain/plateforme.ts horsPerimetrePlateformes being null for formation alias `f`: validated
 * (`publiee`), in the Catalogue général, open to apprenticeship (a contrat d'apprentissage, or no
 * public funder on the action nor on a live session — domain/type-offre.ts typesOffre).
 */
export function dansPerimetrePlateformes(f: string) {
  const publics = [...FINANCEURS_PUBLICS];
  const col = (c: string) => sql.ref(`${f}.${c}`);
  return sql<boolean>`(${col('statut')} = 'publiee' and ${col('catalogue')} = 'general' and (${col('contrat_apprentissage')} is true or not (
    ${col('financeurs')} && cast(${publics} as text[])
    or exists (select 1 from session sp where sp.formation_id = ${col('id')} and not sp.archivee and sp.financeur = any(cast(${publics} as text[]))))))`;
}

/** The stored catalogue of formations `ids` (absent: no such formation; null: not computed yet). */
export async function cataloguesDe(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('formation')
    .select(['id', 'catalogue'])
    .where('id', '=', any(ids))
    .execute();
  return new Map(rows.map((r) => [r.id, r.catalogue]));
}

/**
 * The platform feed: offers ready or published, with what the platform needs — only those in the
 * platforms' perimeter, whatever state is stored (never a draft nor a conventionné-only action).
 */
export function listOffresPlateforme(db: Executor, p: Plateforme, after: string | null, limit: number) {
  // Its current identity's state: not the rows of its former identities, still naming it.
  return db
    .selectFrom('formation as f')
    .innerJoin('plateforme_etat as e', (j) =>
      j.on('e.plateforme', '=', p).on('e.identite', '=', identiteSql('f')),
    )
    .leftJoin('organisme as r', 'r.siret', 'f.responsable_siret')
    .leftJoin('organisme as fo', 'fo.siret', 'f.formateur_siret')
    .select([
      'f.id',
      'f.cle_externe',
      'f.intitule',
      'f.code_rncp',
      'f.code_cfd',
      'f.duree_annees',
      'f.annees_apprentissage',
      'f.certifiee',
      'e.statut',
      'e.id_plateforme',
      'e.identite',
      'f.responsable_siret',
      'f.responsable_uai',
      'r.raison_sociale as responsable_raison_sociale',
      'f.formateur_siret',
      'f.formateur_uai',
      'fo.raison_sociale as formateur_raison_sociale',
    ])
    .where('e.statut', 'in', ['pret_pour_integration', 'publie'])
    .where(dansPerimetrePlateformes('f'))
    .$if(after !== null, (q) => q.where('f.id', '>', after!))
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

export function sessionsPourFlux(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('session')
    .select([
      'formation_id',
      'id',
      'debut',
      'fin',
      'etat_recrutement',
      'capacite',
      'adresse',
      'code_postal',
      'commune',
      'code_insee',
      'uai_lieu',
      'lat',
      'lon',
    ])
    .where('formation_id', '=', any(ids))
    .where('archivee', '=', false)
    .orderBy('debut')
    .execute();
}

/** Appends a platform decision or return to the formation's history (same table as every change). */
export async function historiser(
  trx: Executor,
  formationId: string | null,
  p: Plateforme,
  identite: string,
  action: string,
  diff: unknown,
  acteur: string,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('historique')
    .values({
      formation_id: formationId,
      entite: `plateforme:${p}`,
      entite_id: identite,
      action,
      acteur,
      at: now,
      diff: JSON.stringify(diff),
    })
    .execute();
}
