import { type Kysely, sql } from 'kysely';

// A funder's list of markets (référentiel « marches », docs/referentiels.md): the numbers a
// conventionné session may carry, with the market's dates and notification (CONV_MARCHE_INCONNU,
// CONV_DELAI). One list per financeur: importing one funder's list never touches another's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table marche (
      financeur text not null,
      numero text not null,
      organisme text,
      intitule text,
      date_debut date,
      date_fin date,
      date_notification date,
      run_id bigint references ref_run (id),
      primary key (financeur, numero)
    );
    create index marche_numero on marche (numero);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists marche`.execute(db);
}
