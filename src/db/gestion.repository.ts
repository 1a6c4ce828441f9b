import { type RawBuilder, sql } from 'kysely';
import { departementsDeSessions } from '../domain/formation.lignes.ts';
import type { Executor } from './executor.ts';

/** What the queue shows of a revision's payload (as its validation would store it). */
function ligneDeRevision(payload: unknown) {
  const p = (typeof payload === 'string' ? JSON.parse(payload) : payload) as {
    intitule?: string | null;
    modalites?: { contrat_apprentissage?: boolean | null } | null;
    sessions?: { lieu?: { code_insee?: string | null; code_postal?: string | null } | null }[];
  } | null;
  return {
    intitule: p?.intitule ?? null,
    apprentissage: p?.modalites?.contrat_apprentissage ?? null,
    departements: departementsDeSessions(p?.sessions ?? []),
    // No `catalogue`: a revision's verdict is computed on its review page only (workflow.service.ts
    // revisionLue; running the rules per row would not scale to a queue of thousands). The row keeps
    // the published version's, which the page labels as such.
  };
}

// The gestionnaire's workspace: the validation queue, the last return of an offer, the
// data-quality figures of a région. Only SQL; `regions` null = every région (administrators).

/** One offer waiting for a gestionnaire's decision. */
export interface LigneFileRow {
  id: string;
  intitule: string | null;
  siren: string;
  organisme: string | null;
  /** The offer's verdict; for a revision, the published version's (the revision's is not computed here). */
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

/**
 * The `attente` CTE: the pending offers of `regions` (null: all) and the pending revisions of
 * published offers, with `revision_at` (null for a new offer). Driven by the pending rows
 * (partial indexes of migration 0600) of the région (formation_region, migration 0660). A
 * revision is in the queue of the régions of its own sessions (`code_regions`, migration 1000)
 * and of those of the published version: one that moves an offer's every session to another
 * région is for the gestionnaires of both (docs/gestion.md).
 */
function cteAttente(regions: readonly string[] | null, ids?: readonly string[]) {
  const idsF = ids ? (ids.length ? sql`and f.id in (${sql.join(ids)})` : sql`and false`) : sql``;
  const COLONNES = sql`f.id, f.intitule, f.siren_proprietaire, f.catalogue, f.contrat_apprentissage,
    f.responsable_siret, f.validee_at, f.created_at`;
  // Each part's condition on the régions (none for null: every région; nothing for none).
  const dansRegions = (condition: (rs: readonly string[]) => RawBuilder<unknown>) =>
    regions === null ? sql`` : regions.length ? sql`and ${condition(regions)}` : sql`and false`;
  const offresDeRegions = (rs: readonly string[], statut: string) =>
    sql`f.id in (select formation_id from formation_region where code_region in (${sql.join(rs)}) and statut = ${statut})`;
  return sql`attente as materialized (
      select ${COLONNES}, null::timestamptz as revision_at, null::jsonb as revision_payload
      from formation f where f.statut = 'en_attente_validation' ${idsF}
        ${dansRegions((rs) => offresDeRegions(rs, 'en_attente_validation'))}
      union all
      select ${COLONNES}, r.created_at, r.payload::jsonb
      from formation_revision r join formation f on f.id = r.formation_id
      where r.statut = 'en_attente_validation' and f.statut = 'publiee' ${idsF}
        ${dansRegions((rs) => sql`(r.code_regions && cast(${[...rs]} as text[]) or ${offresDeRegions(rs, 'publiee')})`)}
    )`;
}

/** The validation queue of `regions`, oldest first. */
export async function selectFileValidation(
  db: Executor,
  regions: readonly string[] | null,
  ids?: readonly string[],
): Promise<LigneFileRow[]> {
  // One statement (issue 9: the page's cost under load is its round trips): the pending offers,
  // then per offer its last publication and last change (historique, by its formation index) and
  // its départements (session, by its formation index), read by lateral subqueries over the
  // materialized queue only.
  const { rows: base } = await sql<
    Omit<LigneFileRow, 'depuis' | 'inchangee' | 'departements'> & {
      revision_at: Date | null;
      created_at: Date;
      validee_at: Date | null;
      publie_at: Date | null;
      modifie_at: Date | null;
      departements: string[] | null;
      revision_payload: unknown;
    }
  >`
    with ${cteAttente(regions, ids)}
    select f.id, f.intitule, f.siren_proprietaire as siren, f.catalogue,
      f.contrat_apprentissage as apprentissage,
      coalesce(st.raison_sociale, o.raison_sociale) as organisme,
      case when f.revision_at is not null then 'revision' else 'nouvelle' end as nature,
      f.revision_at, f.created_at, f.validee_at, h.publie_at, h.modifie_at, d.departements,
      f.revision_payload
    from attente f
    left join structure st on st.siren = f.siren_proprietaire
    left join organisme o on o.siret = f.responsable_siret
    left join lateral (
      select max(at) filter (where action = 'publier') as publie_at,
        max(at) filter (where action in ('create', 'update')) as modifie_at
      from historique where entite = 'formation' and formation_id = f.id
    ) h on true
    left join lateral (
      select array_agg(distinct code_departement) as departements
      from session where not archivee and code_departement is not null and formation_id = f.id
    ) d on true`.execute(db);
  const ms = (x: Date | string | null | undefined) => (x ? new Date(x).getTime() : null);
  const rows = base.map(
    ({ revision_at, created_at, validee_at, publie_at, modifie_at, revision_payload, ...r }) => {
      const valid = ms(validee_at);
      const modif = ms(modifie_at);
      return {
        ...r,
        // Submitted when last published; an offer entered pending (demo data, bulk loads) has no
        // « publier » in its history: its creation. Never its last write: a gestionnaire's or the
        // system's (the rollover's) change does not move it to the back of the queue.
        depuis: new Date(revision_at ?? publie_at ?? created_at),
        inchangee: !revision_at && valid !== null && (modif === null || modif <= valid),
        departements: r.departements ?? [],
        // A revision's row describes the revision being decided, not the published version (its
        // title, type, sessions' départements); its verdict is not computed for the queue.
        ...(revision_at ? ligneDeRevision(revision_payload) : {}),
      };
    },
  );
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

/** The last gestionnaire's decision on the offer or its revision (validated or returned): who, when. */
export async function selectDerniereDecision(db: Executor, formationId: string) {
  return db
    .selectFrom('historique')
    .select(['action', 'acteur', 'at'])
    .where('formation_id', '=', formationId)
    .where('action', 'in', ['valider', 'revision_validee', 'retourner', 'revision_retournee'])
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

/** The data-quality figures of `regions` (null: all), as `selectAgregatsQualite` gives them. */
export interface AgregatsQualite {
  /** Offers (deleted ones aside) counted by status and catalogue verdict ('non_calcule' when none). */
  comptes: { statut: string; verdict: string; n: number }[];
  /** The failing rule codes, most frequent first (`n`: offers failing it), at most `limitCodes`. */
  codes: { code: string; severite: string; n: number }[];
  /** The owners (SIREN) with the most failures (`echecs`) over `formations` offers, at most `limitOrganismes`. */
  organismes: { siren: string; nom: string | null; formations: number; echecs: number }[];
  /** When each offer of the validation queue was submitted (as `selectFileValidation` says). */
  depuis: Date[];
}

/**
 * Every aggregate of the dashboard in one statement (issue 9 speed target, ≤ 300 ms at 50,000
 * offers): the région's offers (formation_region, migration 0660) and their failures are read
 * once, each figure is a small aggregate over them, the queue's submission dates come from the
 * same `attente` CTE as the queue page.
 */
export async function selectAgregatsQualite(
  db: Executor,
  regions: readonly string[] | null,
  limitCodes = 20,
  limitOrganismes = 10,
): Promise<AgregatsQualite> {
  // One row per offer (an offer of two of the régions counts once).
  const offres =
    regions === null
      ? sql`select id as formation_id, siren_proprietaire, statut, catalogue from formation
          where statut <> 'supprimee'`
      : regions.length
        ? // One région: (code_region, formation_id) is the key, no sort to make rows unique.
          sql`select ${regions.length > 1 ? sql`distinct on (formation_id)` : sql``} formation_id,
            siren_proprietaire, statut, catalogue
          from formation_region where code_region in (${sql.join(regions)}) and statut <> 'supprimee'`
        : sql`select null::text as formation_id, null::text as siren_proprietaire,
          null::text as statut, null::text as catalogue where false`;
  const { rows } = await sql<{
    comptes: AgregatsQualite['comptes'];
    codes: AgregatsQualite['codes'];
    organismes: AgregatsQualite['organismes'];
    depuis: (string | number)[];
  }>`
    with r as materialized (${offres}),
    e as materialized (
      select e.formation_id, e.code, e.severite, r.siren_proprietaire as siren
      from controle_echec e join r on r.formation_id = e.formation_id
    ),
    ${cteAttente(regions)},
    comptes as (
      select statut, coalesce(catalogue, 'non_calcule') as verdict, count(*)::int as n
      from r group by 1, 2
    ), codes as (
      select code, min(severite) as severite, count(distinct formation_id)::int as n
      from e group by code order by n desc, code limit ${limitCodes}
    ), rang as (
      select siren, count(distinct formation_id)::int as formations, count(*)::int as echecs
      from e group by siren order by echecs desc, siren limit ${limitOrganismes}
    ), noms as (
      -- Names for the kept SIRENs only.
      select e.siren, max(coalesce(st.raison_sociale, o.raison_sociale)) as nom
      from e join rang on rang.siren = e.siren join formation f on f.id = e.formation_id
      left join structure st on st.siren = e.siren
      left join organisme o on o.siret = f.responsable_siret
      group by e.siren
    ), publie as (
      select formation_id, max(at) as at from historique
      where entite = 'formation' and action = 'publier' and formation_id in (select id from attente)
      group by formation_id
    )
    select
      (select coalesce(json_agg(c order by c.statut, c.verdict), '[]') from comptes c) as comptes,
      (select coalesce(json_agg(c order by c.n desc, c.code), '[]') from codes c) as codes,
      (select coalesce(json_agg(json_build_object('siren', rang.siren, 'nom', noms.nom,
          'formations', rang.formations, 'echecs', rang.echecs) order by rang.echecs desc, rang.siren), '[]')
        from rang left join noms on noms.siren = rang.siren) as organismes,
      (select coalesce(json_agg(coalesce(a.revision_at, p.at, a.created_at)), '[]')
        from attente a left join publie p on p.formation_id = a.id) as depuis`.execute(db);
  const r = rows[0]!;
  return { ...r, depuis: r.depuis.map((d) => new Date(d)) };
}

/** The offers of `regions` failing rule `code` (first `limit`, by id). */
export async function selectFormationsEnEchec(
  db: Executor,
  regions: readonly string[] | null,
  code: string,
  limit = 50,
) {
  const { rows } = await sql<{
    id: string;
    intitule: string | null;
    statut: string;
    catalogue: string | null;
    message: string;
  }>`
    select f.id, f.intitule, f.statut, f.catalogue, e.message
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
