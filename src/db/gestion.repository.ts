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

const dansRegions = (regions: readonly string[] | null) =>
  regions === null
    ? sql`true`
    : regions.length === 0
      ? sql`false`
      : sql`exists (select 1 from session s where s.formation_id = f.id and not s.archivee
          and s.code_region in (${sql.join(regions)}))`;

/** The validation queue of `regions`, oldest first. */
export async function selectFileValidation(
  db: Executor,
  regions: readonly string[] | null,
  ids?: readonly string[],
): Promise<LigneFileRow[]> {
  const { rows } = await sql<LigneFileRow>`
    select f.id, f.intitule, f.siren_proprietaire as siren, f.catalogue,
      f.contrat_apprentissage as apprentissage,
      coalesce(st.raison_sociale, o.raison_sociale) as organisme,
      case when f.statut = 'publiee' then 'revision' else 'nouvelle' end as nature,
      case when f.statut = 'publiee' then r.created_at
        else coalesce((select max(h.at) from historique h where h.formation_id = f.id
          and h.entite = 'formation' and h.action = 'publier'), f.updated_at) end as depuis,
      (f.statut = 'en_attente_validation' and f.validee_at is not null and not exists (
        select 1 from historique h where h.formation_id = f.id and h.entite = 'formation'
          and h.action in ('create', 'update') and h.at > f.validee_at)) as inchangee,
      coalesce((select array_agg(distinct s.code_departement) from session s where s.formation_id = f.id
        and not s.archivee and s.code_departement is not null), '{}') as departements
    from formation f
    left join formation_revision r on r.formation_id = f.id and r.statut = 'en_attente_validation'
    left join structure st on st.siren = f.siren_proprietaire
    left join organisme o on o.siret = f.responsable_siret
    where (f.statut = 'en_attente_validation' or (f.statut = 'publiee' and r.id is not null))
      and ${dansRegions(regions)}
      ${ids ? (ids.length ? sql`and f.id in (${sql.join(ids)})` : sql`and false`) : sql``}
    order by depuis, f.id`.execute(db);
  return rows.map((r) => ({ ...r, depuis: new Date(r.depuis) }));
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

const regionsF = (regions: readonly string[] | null) => dansRegions(regions);

/** Offers of `regions` (deleted ones aside) counted by status and catalogue verdict. */
export async function selectComptesStatut(db: Executor, regions: readonly string[] | null) {
  const { rows } = await sql<{ statut: string; verdict: string; n: number }>`
    select f.statut, coalesce(f.catalogue, 'non_calcule') as verdict, count(*)::int as n
    from formation f where f.statut <> 'supprimee' and ${regionsF(regions)}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/** The failing rule codes of `regions`' offers, most frequent first (offers per code). */
export async function selectEchecsParCode(db: Executor, regions: readonly string[] | null, limit = 20) {
  const { rows } = await sql<{ code: string; severite: string; n: number }>`
    select e.code, min(e.severite) as severite, count(distinct e.formation_id)::int as n
    from controle_echec e join formation f on f.id = e.formation_id
    where f.statut <> 'supprimee' and ${regionsF(regions)}
    group by e.code order by n desc, e.code limit ${limit}`.execute(db);
  return rows;
}

/** The organismes (owner SIREN) of `regions` with the most failures. */
export async function selectOrganismesEnEchec(db: Executor, regions: readonly string[] | null, limit = 10) {
  const { rows } = await sql<{ siren: string; nom: string | null; formations: number; echecs: number }>`
    select f.siren_proprietaire as siren, max(coalesce(st.raison_sociale, o.raison_sociale)) as nom,
      count(distinct e.formation_id)::int as formations, count(*)::int as echecs
    from controle_echec e join formation f on f.id = e.formation_id
    left join structure st on st.siren = f.siren_proprietaire
    left join organisme o on o.siret = f.responsable_siret
    where f.statut <> 'supprimee' and ${regionsF(regions)}
    group by f.siren_proprietaire order by echecs desc, siren limit ${limit}`.execute(db);
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
    where e.code = ${code} and f.statut <> 'supprimee' and ${regionsF(regions)}
    order by f.id limit ${limit}`.execute(db);
  return rows;
}
