import { type Kysely, sql } from 'kysely';

// Fewer index entries written per row an import inserts, for the same reads and the same
// uniqueness (docs/mesures.md « Import LHEO : moins d’entrées d’index par ligne »):
// - `formation_siren (siren_proprietaire)` and the unique `formation_cle_externe
//   (siren_proprietaire, cle_externe) where cle_externe is not null` become one unique index
//   `formation_cle_externe (siren_proprietaire, cle_externe)`: a unique index keeps null keys
//   distinct, so the same pairs are refused; a read by owner uses its first column (a range of
//   one owner's formations, never a probe per row). Not done for `session_formation` and
//   `session_cle_externe`: the sessions of a set of formations are read by probes of
//   `session_formation` several times a round (search index, régions, withheld sessions), and the
//   pair index, three times larger (keys not deduplicated, the external key in each entry), cost
//   those reads more than the entry saved at insert (measured, same document);
// - `contact` has exactly one owner per row (its check): each of its three owner indexes held a
//   null entry for the two other kinds of contact. Partial on `… is not null`, each holds its own
//   contacts only; every read, cascade and delete of contacts names its owner by `=` or `any`,
//   which implies it is not null, so the same index answers;
// - `formation_mandataire`: ≈ 6 % of formations name a mandataire; partial likewise.
// test/db/index-fusionnes.test.ts checks the indexes and the plans of their reads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index formation_siren_cle on formation (siren_proprietaire, cle_externe)`.execute(
    db,
  );
  await sql`drop index formation_cle_externe`.execute(db);
  await sql`drop index formation_siren`.execute(db);
  await sql`alter index formation_siren_cle rename to formation_cle_externe`.execute(db);

  await sql`drop index formation_mandataire`.execute(db);
  await sql`create index formation_mandataire on formation (mandataire_siret) where mandataire_siret is not null`.execute(
    db,
  );

  for (const [nom, colonne] of [
    ['contact_formation', 'formation_id'],
    ['contact_session', 'session_id'],
    ['contact_organisme', 'organisme_siret'],
  ] as const) {
    await sql`drop index ${sql.ref(nom)}`.execute(db);
    await sql`create index ${sql.ref(nom)} on contact (${sql.ref(colonne)}) where ${sql.ref(colonne)} is not null`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [nom, colonne] of [
    ['contact_formation', 'formation_id'],
    ['contact_session', 'session_id'],
    ['contact_organisme', 'organisme_siret'],
  ] as const) {
    await sql`drop index ${sql.ref(nom)}`.execute(db);
    await sql`create index ${sql.ref(nom)} on contact (${sql.ref(colonne)})`.execute(db);
  }
  await sql`drop index formation_mandataire`.execute(db);
  await sql`create index formation_mandataire on formation (mandataire_siret)`.execute(db);
  await sql`drop index formation_cle_externe`.execute(db);
  await sql`create unique index formation_cle_externe on formation (siren_proprietaire, cle_externe)
    where cle_externe is not null`.execute(db);
  await sql`create index formation_siren on formation (siren_proprietaire)`.execute(db);
}
