import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// The gestionnaire's workspace: the validation queue, the last return of an offer, the
// data-quality figures of a région. Only SQL; `regions` null = every région (administrators).

/** One offer waiting for a gestionnaire's decision. */
export interface LigneFileRow {
  id: string;
  intitule: string | null;
  siren: string;
  organisme: string | null;
  catalogue: string | null;
  apprentissage: boolean | null;
  /** 'nouvelle': the offer itself waits (statut en_attente_validation); 'revision': a published offer's change. */
  nature: 'nouvelle' | 'revision';
  /** When it was submitted (the last « publier », or the revision's last change). */
  depuis: Date;
  /** A re-publication of a validated offer that has not changed since its last validation. */
  inchangee: boolean;
  departements: string[];
}

/**
 * The offers of `regions` with statut `statut` (or any but deleted), from formation_region
 * (migration 0660): a narrow index read instead of a probe of every offer's sessions.
 */
const idsDeRegions = (regions: readonly string[], statut?: string) =>
  sql`(select formation_id from formation_region where code_region in (${sql.join(regions)})
    and ${statut ? sql`statut = ${statut}` : sql`statut <> 'supprimee'`})`;

/** The validation queue of `regions`, oldest first. */
export async function selectFileValidation(
  db: Executor,
  regions: readonly string[] | null,
  ids?: readonly string[],
): Promise<LigneFileRow[]> {
  // Driven by the pending rows (partial indexes of migration 0600), not by a scan of every offer:
  // the materialized step reads each pending offer once and tests its région with a few index
  // probes (as joins, the planner hashed every offer and every session of the région). The
  // per-offer facts come after in two grouped reads (as subqueries they made the planner start
  // parallel workers and JIT, ten times the work itself).
  const idsF = ids ? (ids.length ? sql`and f.id in (${sql.join(ids)})` : sql`and false`) : sql``;
  // A gestionnaire's régions: the pending offers of formation_region (migration 0660) alone.
  const regionsF = (statut: string) =>
    regions === null
      ? sql``
      : regions.length
        ? sql`and f.id in ${idsDeRegions(regions, statut)}`
        : sql`and false`;
  const { rows: base } = await sql<
    Omit<LigneFileRow, 'depuis' | 'inchangee' | 'departements'> & {
      revision_at: Date | null;
      updated_at: Date;
      validee_at: Date | null;
    }
  >`
    with attente as materialized (
      select f.id, f.intitule, f.siren_proprietaire, f.catalogue, f.contrat_apprentissage,
        f.responsable_siret, f.updated_at, f.validee_at, null::timestamptz as revision_at
      from formation f where f.statut = 'en_attente_validation' ${idsF} ${regionsF('en_attente_validation')}
      union all
      select f.id, f.intitule, f.siren_proprietaire, f.catalogue, f.contrat_apprentissage,
        f.responsable_siret, f.updated_at, f.validee_at, r.created_at
      from formation_revision r join formation f on f.id = r.formation_id
      where r.statut = 'en_attente_validation' and f.statut = 'publiee' ${idsF} ${regionsF('publiee')}
    )
    select f.id, f.intitule, f.siren_proprietaire as siren, f.catalogue,
      f.contrat_apprentissage as apprentissage,
      coalesce(st.raison_sociale, o.raison_sociale) as organisme,
      case when f.revision_at is not null then 'revision' else 'nouvelle' end as nature,
      f.revision_at, f.updated_at, f.validee_at
    from attente f
    left join structure st on st.siren = f.siren_proprietaire
    left join organisme o on o.siret = f.responsable_siret`.execute(db);
  if (base.length === 0) return [];
  const liste = sql.join(base.map((r) => r.id));
  const [hist, deps] = await Promise.all([
    sql<{ formation_id: string; publie_at: Date | null; modifie_at: Date | null }>`
      select formation_id, max(at) filter (where action = 'publier') as publie_at,
        max(at) filter (where action in ('create', 'update')) as modifie_at
      from historique where entite = 'formation' and formation_id in (${liste})
      group by formation_id`.execute(db),
    sql<{ formation_id: string; departements: string[] }>`
      select formation_id, array_agg(distinct code_departement) as departements
      from session where not archivee and code_departement is not null and formation_id in (${liste})
      group by formation_id`.execute(db),
  ]);
  const h = new Map(hist.rows.map((r) => [r.formation_id, r]));
  const d = new Map(deps.rows.map((r) => [r.formation_id, r.departements]));
  const ms = (x: Date | string | null | undefined) => (x ? new Date(x).getTime() : null);
  const rows = base.map(({ revision_at, updated_at, validee_at, ...r }) => {
    const e = h.get(r.id);
    const valid = ms(validee_at);
    const modif = ms(e?.modifie_at);
    return {
      ...r,
      depuis: new Date(revision_at ?? e?.publie_at ?? updated_at),
      inchangee: !revision_at && valid !== null && (modif === null || modif <= valid),
      departements: d.get(r.id) ?? [],
    };
  });
  return rows.sort((x, y) => x.depuis.getTime() - y.depuis.getTime() || (x.id < y.id ? -1 : 1));
}

/** The last time the offer (or its revision) was returned to the organisme, with the comment. */
export async function selectDernierRetour(db: Executor, formationId: string) {
  return db
    .selectFrom('historique')
    .select(['action', 'acteur', 'at', 'diff'])
    .where('formation_id', '=', formationId)
    .where('action', 'in', ['retourner', 'revision_retournee'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** History entries of a formation after `apres` (exclusive), oldest first. */
export function selectHistoriqueDepuis(db: Executor, formationId: string, apres: Date) {
  return db
    .selectFrom('historique')
    .select(['action', 'at', 'diff'])
    .where('formation_id', '=', formationId)
    .where('entite', '=', 'formation')
    .where('action', 'in', ['create', 'update'])
    .where('at', '>', apres)
    .orderBy('id')
    .execute();
}

/** The offers of `regions` (deleted ones aside): formation_region for a gestionnaire, every offer for null. */
const offresDe = (regions: readonly string[] | null) =>
  regions === null
    ? sql`(select id as formation_id from formation where statut <> 'supprimee')`
    : regions.length
      ? idsDeRegions(regions)
      : sql`(select null::text as formation_id where false)`;

/** Offers of `regions` (deleted ones aside) counted by status and catalogue verdict. */
export async function selectComptesStatut(db: Executor, regions: readonly string[] | null) {
  // One région: (code_region, formation_id) is the key, each offer is counted once without a sort.
  const { rows } =
    regions === null
      ? await sql<{ statut: string; verdict: string; n: number }>`
    select f.statut, coalesce(f.catalogue, 'non_calcule') as verdict, count(*)::int as n
    from formation f where f.statut <> 'supprimee'
    group by 1, 2 order by 1, 2`.execute(db)
      : await sql<{ statut: string; verdict: string; n: number }>`
    select statut, coalesce(catalogue, 'non_calcule') as verdict,
      ${regions.length === 1 ? sql`count(*)` : sql`count(distinct formation_id)`}::int as n
    from formation_region
    where code_region in (${regions.length ? sql.join(regions) : sql`null`}) and statut <> 'supprimee'
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/** The failing rule codes of `regions`' offers, most frequent first (offers per code). */
export async function selectEchecsParCode(db: Executor, regions: readonly string[] | null, limit = 20) {
  const { rows } = await sql<{ code: string; severite: string; n: number }>`
    select e.code, min(e.severite) as severite, count(distinct e.formation_id)::int as n
    from controle_echec e
    where e.formation_id in ${offresDe(regions)}
    group by e.code order by n desc, e.code limit ${limit}`.execute(db);
  return rows;
}

/** The organismes (owner SIREN) of `regions` with the most failures. */
export async function selectOrganismesEnEchec(db: Executor, regions: readonly string[] | null, limit = 10) {
  // Ranked on the narrow rows first (formation_region holds the owner); the names are looked up
  // for the `limit` SIRENs kept only.
  const offres =
    regions === null
      ? sql`(select id as formation_id, siren_proprietaire from formation where statut <> 'supprimee')`
      : regions.length
        ? sql`(select distinct formation_id, siren_proprietaire from formation_region
            where code_region in (${sql.join(regions)}) and statut <> 'supprimee')`
        : sql`(select null::text as formation_id, null::text as siren_proprietaire where false)`;
  const { rows } = await sql<{ siren: string; nom: string | null; formations: number; echecs: number }>`
    with e as materialized (
      select e.formation_id, r.siren_proprietaire as siren
      from controle_echec e join ${offres} r on r.formation_id = e.formation_id
    ), rang as (
      select siren, count(distinct formation_id)::int as formations, count(*)::int as echecs
      from e group by siren order by echecs desc, siren limit ${limit}
    ), noms as (
      select e.siren, max(coalesce(st.raison_sociale, o.raison_sociale)) as nom
      from e join rang on rang.siren = e.siren join formation f on f.id = e.formation_id
      left join structure st on st.siren = e.siren
      left join organisme o on o.siret = f.responsable_siret
      group by e.siren
    )
    select rang.siren, noms.nom, rang.formations, rang.echecs
    from rang left join noms on noms.siren = rang.siren
    order by rang.echecs desc, rang.siren`.execute(db);
  return rows;
}

/** The offers of `regions` failing rule `code` (first `limit`, by id). */
export async function selectFormationsEnEchec(
  db: Executor,
  regions: readonly string[] | null,
  code: string,
  limit = 50,
) {
  const { rows } = await sql<{ id: string; intitule: string | null; statut: string; message: string }>`
    select f.id, f.intitule, f.statut, e.message
    from controle_echec e join formation f on f.id = e.formation_id
    where e.code = ${code} and e.formation_id in ${offresDe(regions)}
    order by f.id limit ${limit}`.execute(db);
  return rows;
}

/**
 * Campaign progress: the active structures of `regions`, each with its last workbook import of
 * rentrée `annee` by one of its users or its write keys (null: not come back yet).
 */
export async function selectRetoursClasseur(db: Executor, regions: readonly string[] | null, annee: number) {
  const { rows } = await sql<{ siren: string; raison_sociale: string; retour_at: Date | null }>`
    select st.siren, st.raison_sociale, (
      select max(ci.at) from classeur_import ci
      where ci.annee = ${annee} and ci.acteur in (
        select 'utilisateur:' || u.email from utilisateur u where u.siren = st.siren
        union all select 'cle:' || k.name from api_key k where k.siren = st.siren)
    ) as retour_at
    from structure st
    where st.statut = 'active' and ${
      regions === null ? sql`true` : regions.length ? sql`st.region in (${sql.join(regions)})` : sql`false`
    }
    order by retour_at nulls first, st.raison_sociale`.execute(db);
  return rows.map((r) => ({ ...r, retour_at: r.retour_at ? new Date(r.retour_at) : null }));
}
