import { type Kysely, sql } from 'kysely';

// The régions of a revision's sessions (`code_regions`, INSEE codes), written with its payload
// (db/formation.repository.ts insertRevision, updateRevision): the validation queue of a région
// lists the revisions that move an offer there, not only those of the offers already there, and
// its gestionnaires may open and decide them (services/gestion/validation.service.ts). Backfill:
// the open revisions, from their payload, in one statement. The documents' trigger (0750) is held
// meanwhile: the column is not in the API documents. No index: the queue reads the pending
// revisions (partial index of 0600), few, and compares their régions.
//
// Frozen: the backfill reads the régions as domain/formation.lignes.ts regionsDeSessions did when
// this migration was written (a session's département from its INSEE code, else its postal code;
// the 2016 régions below), so that a later change of the domain does not change what it does.

/** The INSEE régions and their départements, as of this migration (domain/geo.ts then). */
const DEPARTEMENTS_PAR_REGION: readonly (readonly [string, string])[] = [
  ['01', '971'],
  ['02', '972'],
  ['03', '973'],
  ['04', '974'],
  ['06', '976'],
  ['11', '75 77 78 91 92 93 94 95'],
  ['24', '18 28 36 37 41 45'],
  ['27', '21 25 39 58 70 71 89 90'],
  ['28', '14 27 50 61 76'],
  ['32', '02 59 60 62 80'],
  ['44', '08 10 51 52 54 55 57 67 68 88'],
  ['52', '44 49 53 72 85'],
  ['53', '22 29 35 56'],
  ['75', '16 17 19 23 24 33 40 47 64 79 86 87'],
  ['76', '09 11 12 30 31 32 34 46 48 65 66 81 82'],
  ['84', '01 03 07 15 26 38 42 43 63 69 73 74'],
  ['93', '04 05 06 13 83 84'],
  ['94', '2A 2B'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation_revision add column code_regions text[] not null default '{}'`.execute(db);
  const regions = sql.join(
    DEPARTEMENTS_PAR_REGION.flatMap(([r, ds]) => ds.split(' ').map((d) => sql`(${d}, ${r})`)),
  );
  await sql`alter table formation_revision disable trigger formation_document_perime_u`.execute(db);
  // A session's département: of its INSEE code (5 digits, or 2A/2B and 3 digits; 97x and 98x on 3
  // characters), else of its postal code (5 digits; 20xxx: 2A below 20200, else 2B).
  await sql`
    with region_du_departement (dep, region) as (values ${regions}),
    lieux as (
      select r.id, upper(s.value -> 'lieu' ->> 'code_insee') as insee, s.value -> 'lieu' ->> 'code_postal' as cp
      from formation_revision r
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(r.payload -> 'sessions') = 'array' then r.payload -> 'sessions' else '[]'::jsonb end
      ) as s
      where r.statut in ('en_attente_validation', 'a_corriger')
    ),
    departements as (
      select id, case
        when insee ~ '^([0-9]{5}|2[AB][0-9]{3})$' then left(insee, case when insee ~ '^9[78]' then 3 else 2 end)
        when cp ~ '^[0-9]{5}$' then case
          when cp ~ '^9[78]' then left(cp, 3)
          when cp like '20%' then case when cp::int < 20200 then '2A' else '2B' end
          else left(cp, 2) end
      end as dep
      from lieux
    )
    update formation_revision r set code_regions = coalesce((
      select array_agg(distinct rd.region order by rd.region)
      from departements d join region_du_departement rd on rd.dep = d.dep
      where d.id = r.id), '{}')
    where r.statut in ('en_attente_validation', 'a_corriger')`.execute(db);
  await sql`alter table formation_revision enable trigger formation_document_perime_u`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation_revision drop column if exists code_regions`.execute(db);
}
