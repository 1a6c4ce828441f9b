import { type Kysely, sql } from 'kysely';
import { documentsRecherche, indexeur } from './0770_recherche_sans_retenues.ts';

// An import in mode `mots` (migration 0880) takes the words of each formation it writes as its
// triggers fire (insert, update of a word source; an organisme or certification renamed indexes
// the formations naming it, words included: 0300), so the word pass of the indexer it calls for
// its formations at the end (bulk.repository.ts indexSearch) found nothing new: the same split of
// every title and name, looked up again. `mots` false skips it; the default (true) is the indexer
// of 0770, for every other caller (triggers, loaders in mode `on`, tests). Measured on
// PostgreSQL: docs/mesures.md, « Import LHEO : côté serveur, suite ».
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function recherche_indexer(text[]);
    create function recherche_indexer(ids text[], mots boolean default true) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
      ${documentsRecherche(true)}
      if mots then perform recherche_mots(ids); end if;
    end $$;
  `.execute(db);
}

/** The indexer of 0770. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function recherche_indexer(text[], boolean); ${indexeur(true)}`.execute(db);
}
