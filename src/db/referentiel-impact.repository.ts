import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// What a reference import does to the offers (its impact): their catalogue verdict, "Certifiée"
// tag and platform statuses before and after the recomputation, and the régions they are in
// (a région = the régions of its sessions not archived, as on the gestionnaire's pages).

/** What an import may change about one offer. */
export interface EtatOffre {
  readonly intitule: string | null;
  readonly catalogue: string | null;
  readonly certifiee: boolean | null;
  readonly parcoursup: string;
  readonly affelnet: string;
}

/** The state of these offers, by id. */
export async function etatsOffres(trx: Executor, ids: readonly string[]): Promise<Map<string, EtatOffre>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('formation')
    .select(['id', 'intitule', 'catalogue', 'certifiee', 'parcoursup', 'affelnet'])
    .where('id', '=', sql<string>`any(cast(${[...ids]} as text[]))`)
    .execute();
  return new Map(rows.map(({ id, ...e }) => [id, e]));
}

/** The régions of these offers (by id; an offer with sessions in two régions is in both). */
export async function regionsDesOffres(
  trx: Executor,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const r = await sql<{ formation_id: string; code_region: string }>`
    select distinct formation_id, code_region from session
    where formation_id = any(cast(${[...ids]} as text[])) and not archivee and code_region is not null`.execute(
    trx,
  );
  for (const x of r.rows) out.set(x.formation_id, [...(out.get(x.formation_id) ?? []), x.code_region]);
  return out;
}

/** Offers whose catalogue verdict is computed, per région (the base of the per-région share). */
export async function catalogueesParRegion(trx: Executor): Promise<Map<string, number>> {
  const r = await sql<{ code_region: string; n: number }>`
    select s.code_region, count(distinct f.id)::int as n from formation f
    join session s on s.formation_id = f.id and not s.archivee and s.code_region is not null
    where f.catalogue is not null group by s.code_region`.execute(trx);
  return new Map(r.rows.map((x) => [x.code_region, Number(x.n)]));
}

/**
 * Keeps, for the transaction, the blocking failures (formation, rule) of these offers before they
 * are checked again (temporary table `echec_avant`): echecsAjoutes compares the new ones to them.
 */
export async function retenirEchecsAvant(trx: Executor, ids: readonly string[]): Promise<void> {
  await sql`create temp table echec_avant on commit drop as
    select distinct formation_id, code from controle_echec
    where formation_id = any(cast(${[...ids]} as text[])) and severite = 'bloquant'`.execute(trx);
}

/**
 * The blocking rules that fail on these offers now and did not before (retenirEchecsAvant), with
 * how many offers each (most frequent first): what the import adds, not what was already there.
 */
export async function echecsAjoutes(
  trx: Executor,
  ids: readonly string[],
): Promise<{ code: string; n: number }[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ code: string; n: number }>`
    select e.code, count(distinct e.formation_id)::int as n from controle_echec e
    where e.formation_id = any(cast(${[...ids]} as text[])) and e.severite = 'bloquant'
      and not exists (select 1 from echec_avant a where a.formation_id = e.formation_id and a.code = e.code)
    group by e.code order by n desc, e.code`.execute(trx);
  return r.rows;
}
