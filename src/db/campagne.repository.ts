import { type Selectable, sql } from 'kysely';
import { campagneDefaults, rentreeEnCollecte } from '../domain/campagne.ts';
import type { Executor } from './executor.ts';
import { diffLu } from './historique.repository.ts';
import type { CampagneRegionTable, CampagneTable } from './schema.ts';

export type Campagne = Selectable<CampagneTable>;

export function getCampagneCourante(db: Executor): Promise<Campagne | undefined> {
  return db.selectFrom('campagne').selectAll().where('courante', '=', true).executeTakeFirst();
}

export function getCampagne(db: Executor, annee: number): Promise<Campagne | undefined> {
  return db.selectFrom('campagne').selectAll().where('annee', '=', annee).executeTakeFirst();
}

/**
 * Which campaign is current at `now`, the one choice shared by the reader (lireCampagneCourante)
 * and the writer (ensureCampagneCourante): the stored current campaign; when none is current yet,
 * the rentrée in collection at `now` (domain `rentreeEnCollecte`). `stockee`: that campaign's row
 * when stored (`courante` false in the second case), else undefined. Writes nothing.
 */
export async function choisirCampagneCourante(
  db: Executor,
  now: Date,
): Promise<{ readonly annee: number; readonly stockee: Campagne | undefined }> {
  const current = await getCampagneCourante(db);
  if (current) return { annee: current.annee, stockee: current };
  const annee = rentreeEnCollecte(now);
  return { annee, stockee: await getCampagne(db, annee) };
}

/**
 * The current campaign (choisirCampagneCourante), stored: when none is current, creates the chosen
 * rentrée's campaign and the previous one with their default calendars (those absent) and marks
 * the chosen one current.
 */
export async function ensureCampagneCourante(db: Executor, now: Date): Promise<Campagne> {
  const { annee, stockee } = await choisirCampagneCourante(db, now);
  if (stockee?.courante) return stockee;
  for (const a of [annee - 1, annee]) await ensureCampagne(db, a);
  await db.updateTable('campagne').set({ courante: true }).where('annee', '=', annee).execute();
  return (await getCampagneCourante(db))!;
}

/**
 * The current campaign as a reader sees it, writing nothing: the campaign ensureCampagneCourante
 * would return at `now` (choisirCampagneCourante), its defaults when it is not stored yet
 * (`modifie_par`, `modifie_le` null), always `courante`. For the GETs (pages, downloads): reading
 * never creates a campaign; the next write, or the server's start, does.
 */
export async function lireCampagneCourante(db: Executor, now: Date): Promise<Campagne> {
  const { annee, stockee } = await choisirCampagneCourante(db, now);
  if (stockee?.courante) return stockee;
  return { modifie_par: null, modifie_le: null, ...(stockee ?? campagneDefaults(annee)), courante: true };
}

/** Creates the campaign of rentrée `annee` with its default calendar when absent; true when created. */
export async function ensureCampagne(db: Executor, annee: number): Promise<boolean> {
  const r = await db
    .insertInto('campagne')
    .values(campagneDefaults(annee))
    .onConflict((oc) => oc.column('annee').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type CampagneRegion = Selectable<CampagneRegionTable>;

/** Every campaign, latest rentrée first. */
export function listCampagnes(db: Executor): Promise<Campagne[]> {
  return db.selectFrom('campagne').selectAll().orderBy('annee', 'desc').execute();
}

/** The collection dates `region` set for campaign `annee`, if any. */
export function getCampagneRegion(db: Executor, annee: number, region: string) {
  return db
    .selectFrom('campagne_region')
    .selectAll()
    .where('annee', '=', annee)
    .where('region', '=', region)
    .executeTakeFirst();
}

/** Every région's own collection dates for campaign `annee` (the régions that set any), by région code. */
export function listCampagneRegions(db: Executor, annee: number) {
  return db.selectFrom('campagne_region').selectAll().where('annee', '=', annee).orderBy('region').execute();
}

export async function updateCampagne(
  db: Executor,
  annee: number,
  valeurs: Partial<Omit<Campagne, 'annee' | 'courante'>>,
): Promise<void> {
  await db.updateTable('campagne').set(valeurs).where('annee', '=', annee).execute();
}

export async function upsertCampagneRegion(db: Executor, row: CampagneRegion): Promise<void> {
  const { annee: _a, region: _r, ...maj } = row;
  await db
    .insertInto('campagne_region')
    .values(row)
    .onConflict((oc) => oc.columns(['annee', 'region']).doUpdateSet(maj))
    .execute();
}

/** Makes `annee` the one current campaign (the partial unique index allows one). */
export async function setCampagneCourante(db: Executor, annee: number): Promise<void> {
  await db.updateTable('campagne').set({ courante: false }).where('courante', '=', true).execute();
  await db.updateTable('campagne').set({ courante: true }).where('annee', '=', annee).execute();
}

/** Locks campaign `annee`'s row until the transaction ends (every calendar save of the campaign goes one at a time); undefined when absent. */
export function lockCampagne(db: Executor, annee: number): Promise<Campagne | undefined> {
  return db.selectFrom('campagne').selectAll().where('annee', '=', annee).forUpdate().executeTakeFirst();
}

/**
 * The last change of the calendar entries `entites` (history `entite_id`s: `annee` for the national
 * calendar, `annee:region` for a région's dates) of campaign calendars, or undefined.
 */
export function derniereModificationCalendrier(db: Executor, entites: readonly string[]) {
  return db
    .selectFrom('historique')
    .select(['acteur', 'at', 'entite_id', diffLu()])
    .where('entite', '=', 'campagne')
    .where('action', '=', 'calendrier_modifie')
    .where('entite_id', 'in', entites)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The history rows of campaign `annee` (entite `campagne`, entite_id `annee` for its national
 * calendar and the switches to it, `annee:region` for a région's dates), latest first, `limit` at
 * most: `{ action, acteur, at, entite_id, diff }[]` as stored (`diff`: JSON, a string on some engines).
 */
export function listHistoriqueCampagne(db: Executor, annee: number, limit: number) {
  return db
    .selectFrom('historique')
    .select(['action', 'acteur', 'at', 'entite_id', diffLu()])
    .where('entite', '=', 'campagne')
    .where((eb) => eb.or([eb('entite_id', '=', String(annee)), eb('entite_id', 'like', `${annee}:%`)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The régions (INSEE codes, sorted) of SIRET `siret`'s current offer as its campaign workbook lists
 * it: the live sessions of the formations its SIREN owns that name it (responsable, formateur or
 * mandataire), neither archived nor deleted — never another SIREN's offer naming it. What decides
 * whether a gestionnaire may export that workbook (export-classeur.service).
 */
export async function selectRegionsDeSiret(db: Executor, siret: string): Promise<string[]> {
  const rows = await db
    .selectFrom('session as s')
    .innerJoin('formation as f', 'f.id', 's.formation_id')
    .select('s.code_region')
    .distinct()
    .where('s.archivee', '=', false)
    .where('s.code_region', 'is not', null)
    .where('f.statut', 'not in', ['archivee', 'supprimee'])
    .where('f.siren_proprietaire', '=', siret.slice(0, 9))
    .where((eb) =>
      eb.or([
        eb('f.responsable_siret', '=', siret),
        eb('f.formateur_siret', '=', siret),
        eb('f.mandataire_siret', '=', siret),
      ]),
    )
    .orderBy('s.code_region')
    .execute();
  return rows.map((r) => r.code_region!);
}

/**
 * SIRETs of the organismes of `regions` (null: all) for a campaign's workbooks: for every formation,
 * neither archived nor deleted, with a live session in one of the régions, the establishment of its
 * owner it names — its responsable; else its mandataire (a conventionnée action owned by the
 * mandataire's SIREN, formation.ecriture.ts proprietaireEcriture); else its formateur. A SIRET's
 * workbook holds the formations its SIREN owns (export-classeur.service), so each formation is in
 * the file of the one structure that may write it, never in a co-contractor's.
 */
export async function selectSiretsDeRegions(
  db: Executor,
  regions: readonly string[] | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('formation as f')
    .select(
      sql<string | null>`coalesce(
        case when substr(f.responsable_siret, 1, 9) = f.siren_proprietaire then f.responsable_siret end,
        case when substr(f.mandataire_siret, 1, 9) = f.siren_proprietaire then f.mandataire_siret end,
        case when substr(f.formateur_siret, 1, 9) = f.siren_proprietaire then f.formateur_siret end
      )`.as('siret'),
    )
    .distinct()
    .where('f.statut', 'not in', ['archivee', 'supprimee'])
    .$if(regions !== null, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('session as s')
            .select('s.id')
            .whereRef('s.formation_id', '=', 'f.id')
            .where('s.archivee', '=', false)
            .where('s.code_region', 'in', regions!.length ? regions! : ['—']),
        ),
      ),
    )
    .execute();
  return [...new Set(rows.flatMap((r) => (r.siret ? [r.siret] : [])))].sort();
}
