import { type Kysely, sql } from 'kysely';

// Each formation's JSON documents as the API serves them (issue 13 item 2): the text of
// `JSON.stringify(formationVue(f, vue))`, built by the one serializer (services/formation.view.ts)
// and written by refreshDocuments in the write transaction. A list page is then a keyset query
// over these texts, joined with commas, with no JSON built per formation.
// - `professionnel`: the whole formation; `partenaire` null when equal to `professionnel`;
//   `public` null when equal to `partenaire` (most offers: no closed, withheld session nor bilan).
// - Never stale: statement-level triggers on every table the document is built from delete the
//   documents of the formations a statement touches and queue their ids in
//   `formation_document_a_refaire`; a missing document is built on read (the serializer of
//   before), and refreshDocuments, at the end of every write path, builds the queued ones again.
const SOURCES: Record<string, string> = {
  formation: 'select id from $t',
  session: 'select formation_id from $t',
  session_evenement: 'select s.formation_id from $t x join session s on s.id = x.session_id',
  contact: `select formation_id from $t where formation_id is not null
    union select s.formation_id from $t x join session s on s.id = x.session_id`,
  organisme: `select f.id from formation f join $t x on x.siret = f.responsable_siret
    union select f.id from formation f join $t x on x.siret = f.formateur_siret
    union select f.id from formation f join $t x on x.siret = f.mandataire_siret`,
  certification: `select f.id from formation f join $t x on x.code = f.code_rncp
    union select f.id from formation f join $t x on x.code = f.code_cfd`,
  formation_revision: 'select formation_id from $t',
  controle_echec: 'select formation_id from $t',
};

// Tables of which an update touches the documents only when one of these columns changes (an
// organisme's address, a certification's NSF codes are not in the document): key, columns.
const COLONNES: Record<string, [string, string]> = {
  organisme: ['siret', 'siren, raison_sociale, nda'],
  certification: ['type, code', 'intitule, niveau, type_enregistrement'],
};

/** The rows of an update whose document columns changed, as a table expression. */
function modifiees(table: string): string {
  const [cle, cols] = COLONNES[table]!;
  const c = (t: string, l: string) =>
    l
      .split(', ')
      .map((x) => `${t}.${x}`)
      .join(', ');
  return `(select n.* from nouveaux n join anciens o on (${c('o', cle)}) = (${c('n', cle)})
    where (${c('n', cols)}) is distinct from (${c('o', cols)}))`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table formation_document (
      formation_id text primary key references formation (id) on delete cascade,
      professionnel text not null,
      partenaire text,
      public text
    );
    -- Per formation, the transaction that queued it (refreshDocuments takes its own transaction's).
    create table formation_document_a_refaire (
      formation_id text primary key,
      txid bigint not null default txid_current()
    );
    create index formation_document_a_refaire_txid on formation_document_a_refaire (txid);
    create index if not exists formation_mandataire on formation (mandataire_siret);
  `.execute(db);
  for (const [table, select] of Object.entries(SOURCES)) {
    const de = (t: string) => select.replaceAll('$t', t);
    // An update of a table of COLONNES: the changed rows only, old and new keys are the same.
    const perime = (ids: string) => `
      with ids as (${ids}),
      d as (delete from formation_document where formation_id in (select * from ids))
      insert into formation_document_a_refaire (formation_id) select distinct x.id from ids x(id) where x.id is not null
      on conflict do nothing;`;
    const mise =
      table in COLONNES
        ? `if TG_OP = 'UPDATE' then ${perime(select.replaceAll('$t', modifiees(table)))} return null; end if;`
        : '';
    await sql
      .raw(`
      create function formation_document_perime_${table}() returns trigger language plpgsql as $$
      begin
        ${mise}
        if TG_OP <> 'INSERT' then ${perime(de('anciens'))} end if;
        if TG_OP <> 'DELETE' then ${perime(de('nouveaux'))} end if;
        return null;
      end $$;
      create trigger formation_document_perime_i after insert on ${table}
        referencing new table as nouveaux
        for each statement execute function formation_document_perime_${table}();
      create trigger formation_document_perime_u after update on ${table}
        referencing old table as anciens new table as nouveaux
        for each statement execute function formation_document_perime_${table}();
      create trigger formation_document_perime_d after delete on ${table}
        referencing old table as anciens
        for each statement execute function formation_document_perime_${table}();
    `)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(SOURCES))
    await sql
      .raw(`
      drop trigger formation_document_perime_i on ${table};
      drop trigger formation_document_perime_u on ${table};
      drop trigger formation_document_perime_d on ${table};
      drop function formation_document_perime_${table}();
    `)
      .execute(db);
  await sql`drop table formation_document; drop table formation_document_a_refaire; drop index if exists formation_mandataire;`.execute(
    db,
  );
}
