import type { Insertable, Selectable } from 'kysely';
import type { Executor } from './executor.ts';
import type { StructureTable } from './schema.ts';

export type StructureRow = Selectable<StructureTable>;

export function findStructure(db: Executor, siren: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('structure').selectAll().where('siren', '=', siren);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertStructure(
  db: Executor,
  row: Insertable<StructureTable>,
  sirets: readonly string[],
): Promise<void> {
  await db.insertInto('structure').values(row).execute();
  if (sirets.length)
    await db
      .insertInto('structure_etablissement')
      .values(sirets.map((siret) => ({ siren: row.siren, siret })))
      .execute();
}

/** Approves a structure, filed under `region` (the deciding région, services/comptes/structure.service.ts). */
export async function activateStructure(
  db: Executor,
  siren: string,
  at: Date,
  by: string,
  region: string | null,
): Promise<void> {
  await db
    .updateTable('structure')
    .set({ statut: 'active', decided_at: at, decided_by: by, region })
    .where('siren', '=', siren)
    .execute();
}

/** A refused structure that signs up again: pending anew, with this sign-up's data and establishments. */
export async function reopenStructure(
  db: Executor,
  row: { siren: string; raison_sociale: string; region: string; created_at: Date; demandeur: string },
  sirets: readonly string[],
): Promise<void> {
  await db
    .updateTable('structure')
    .set({ ...row, statut: 'en_attente', decided_at: null, decided_by: null })
    .where('siren', '=', row.siren)
    .execute();
  await db.deleteFrom('structure_etablissement').where('siren', '=', row.siren).execute();
  if (sirets.length)
    await db
      .insertInto('structure_etablissement')
      .values(sirets.map((siret) => ({ siren: row.siren, siret })))
      .execute();
}

/** A refused structure kept for the accounts an administrator attached to it. */
export async function refuseStructureRow(db: Executor, siren: string, at: Date, by: string): Promise<void> {
  await db
    .updateTable('structure')
    .set({ statut: 'refusee', decided_at: at, decided_by: by, demandeur: null })
    .where('siren', '=', siren)
    .execute();
}

/** Removes a structure and, by cascade, its users, sessions and tokens (a refused sign-up). */
export async function deleteStructure(db: Executor, siren: string): Promise<void> {
  await db.deleteFrom('structure').where('siren', '=', siren).execute();
}

/** Structures, oldest first; `statut` and `regions` narrow the list (an empty list of régions = none). */
export function listStructures(db: Executor, f: { statut?: string; regions?: readonly string[] } = {}) {
  let q = db.selectFrom('structure').selectAll().orderBy('created_at').orderBy('siren');
  if (f.statut) q = q.where('statut', '=', f.statut);
  if (f.regions) q = f.regions.length ? q.where('region', 'in', f.regions) : q.where((eb) => eb.lit(false));
  return q.execute();
}

export function listEtablissementsDeclares(db: Executor, sirens: readonly string[]) {
  if (!sirens.length) return Promise.resolve([]);
  return db.selectFrom('structure_etablissement').selectAll().where('siren', 'in', sirens).execute();
}

/** What Sirene (establishments) and the DGEFP list (declarations, Qualiopi) say about these SIRENs. */
export async function selectFaitsSiren(db: Executor, sirens: readonly string[]) {
  if (!sirens.length) return { etablissements: [], declarations: [] };
  const [etablissements, declarations] = await Promise.all([
    db
      .selectFrom('etablissement')
      .select(['siret', 'siren', 'etat', 'denomination', 'code_commune', 'code_postal'])
      .where('siren', 'in', sirens)
      .orderBy('siret')
      .execute(),
    db
      .selectFrom('organisme_declare')
      .select(['nda', 'siren', 'siret', 'denomination', 'qualiopi_apprentissage'])
      .where('siren', 'in', sirens)
      .orderBy('nda')
      .execute(),
  ]);
  return { etablissements, declarations };
}

/** The name of each commune of `codes` (INSEE codes) the commune list knows. */
export async function nomsCommunes(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .selectFrom('commune')
    .select(['code_insee', 'nom'])
    .where('code_insee', 'in', [...new Set(codes)])
    .orderBy('code_insee')
    .orderBy('code_postal')
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.code_insee)) out.set(r.code_insee, r.nom);
  return out;
}

export async function insertEtablissementDeclare(
  db: Executor,
  siren: string,
  siret: string,
): Promise<boolean> {
  const r = await db
    .insertInto('structure_etablissement')
    .values({ siren, siret })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteEtablissementDeclare(
  db: Executor,
  siren: string,
  siret: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('structure_etablissement')
    .where('siren', '=', siren)
    .where('siret', '=', siret)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Where these SIRENs are (domain/inscription-region.ts): the communes of their active Sirene
 * establishments, the régions of their offers' live sessions (formation_region) and the communes
 * of their organisme records.
 */
export async function selectLieuxSiren(db: Executor, sirens: readonly string[]) {
  const lieux = new Map(
    sirens.map((s) => [
      s,
      {
        etablissements: [] as (string | null)[],
        offres: [] as string[],
        organismes: [] as (string | null)[],
      },
    ]),
  );
  if (!sirens.length) return lieux;
  const [etablissements, offres, organismes] = await Promise.all([
    db
      .selectFrom('etablissement')
      .select(['siren', 'code_commune'])
      .where('siren', 'in', sirens)
      .where('etat', '=', 'A')
      .execute(),
    db
      .selectFrom('formation_region')
      .select(['siren_proprietaire as siren', 'code_region'])
      .distinct()
      .where('siren_proprietaire', 'in', sirens)
      .where('statut', '<>', 'supprimee')
      .execute(),
    db.selectFrom('organisme').select(['siren', 'code_insee']).where('siren', 'in', sirens).execute(),
  ]);
  for (const e of etablissements) lieux.get(e.siren)?.etablissements.push(e.code_commune);
  for (const o of offres) lieux.get(o.siren)?.offres.push(o.code_region);
  for (const o of organismes) lieux.get(o.siren)?.organismes.push(o.code_insee);
  return lieux;
}
