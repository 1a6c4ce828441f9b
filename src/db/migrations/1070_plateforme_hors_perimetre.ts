import { type Kysely, sql } from 'kysely';

// Parcoursup and Affelnet only concern validated offers of the Catalogue général open to
// apprenticeship (RULES.md; domain/plateforme.ts horsPerimetrePlateformes). Before this fix an
// instructeur could decide on any offer — a draft, an offer awaiting validation or « à corriger »,
// a conventionné-only action — and the decision was stored and shown (« En attente de mise à
// jour » on a conventionné draft, in its public JSON too). What that stored is put right:
// - a conventionné-only action never enters the platforms: its decisions are cleared;
// - any other offer out of the perimeter shows « Non publiable », as the recomputation now
//   derives it; its decision is kept (it may have been taken while the offer was validated) and
//   applies again when the offer comes back;
// - the stored API documents of the formations changed are dropped, built again on read.
// The perimeter as SQL is copied here on purpose: a migration does not follow later code.

const CONVENTIONNE_SEULEMENT = sql`(f.contrat_apprentissage is not true and (
  f.financeurs && array['region', 'france_travail', 'agefiph']::text[]
  or exists (select 1 from session s where s.formation_id = f.id and not s.archivee
             and s.financeur in ('region', 'france_travail', 'agefiph'))))`;
const HORS_PERIMETRE = sql`(f.statut <> 'publiee' or f.catalogue is distinct from 'general' or ${CONVENTIONNE_SEULEMENT})`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update plateforme_etat e
    set decision = null, motif = null, action_corrective = null, statut = 'non_publiable'
    from formation f
    where e.formation_id = f.id and ${CONVENTIONNE_SEULEMENT}
      and (e.decision is not null or e.statut <> 'non_publiable')`.execute(db);
  await sql`
    update plateforme_etat e
    set statut = 'non_publiable'
    from formation f
    where e.formation_id = f.id and ${HORS_PERIMETRE} and e.statut <> 'non_publiable'`.execute(db);
  await sql`
    with changees as (
      update formation f set parcoursup = 'non_publiable', affelnet = 'non_publiable'
      where ${HORS_PERIMETRE} and (f.parcoursup <> 'non_publiable' or f.affelnet <> 'non_publiable')
      returning f.id)
    delete from formation_document where formation_id in (select id from changees)`.execute(db);
}

/** Nothing to undo: the statuses cleared were not allowed, the documents are rebuilt from the tables. */
export async function down(): Promise<void> {}
