import { type Kysely, type RawBuilder, sql } from 'kysely';

// The place trigger of the sessions (recherche_lieu_maj, migration 1100) looked up a commune's
// centre for a place without coordinates in two lateral subqueries (the best commune, sorted; the
// mean of a city's arrondissements, aggregated). Their `where p.lat is null` skipped the reading of
// `commune`, but not the sort and the aggregate around it, started and ended for every session
// inserted or updated: ≈ 0.5 s of server CPU per 30,000 sessions with coordinates (a
// 10,000-formation import), about as much as writing their places (docs/mesures.md « Import LHEO :
// les verdicts écrits sans toucher aux index »). The same lookups, as scalar subqueries in a
// `case`, run only for a place that needs them; same queries, same rows written.

const VILLES = sql.raw(`('75056', '69123', '13055')`);
const premier = sql.raw(
  `case n.code_insee when '75056' then '75101' when '69123' then '69381' else '13201' end`,
);
const dernier = sql.raw(
  `case n.code_insee when '75056' then '75120' when '69123' then '69389' else '13216' end`,
);

/** The best commune of place n (1100's `k`), as `array[lat, lon]`: run only when the place has no coordinates. */
const commune = sql`(select array[c.lat, c.lon] from commune c
          where c.lat is not null
            and (c.code_insee = n.code_insee or (n.code_insee is null and c.code_postal = n.code_postal)
              or (n.code_insee in ${VILLES} and c.code_postal = n.code_postal))
          order by c.code_insee = n.code_insee desc nulls last,
            c.nom_normalise = trim(regexp_replace(lower(unaccent(coalesce(n.commune, ''))), '[^a-z0-9]+', ' ', 'g')) desc
          limit 1)`;

/** The mean centre of the city's arrondissements (1100's `m`), when neither coordinates nor commune. */
const moyenne = sql`(select array[avg(c.lat), avg(c.lon)] from commune c
          where c.lat is not null and c.code_insee between ${premier} and ${dernier})`;

const MAJ = sql`on conflict (session_id) do update set lat = excluded.lat, lon = excluded.lon,
        centre_commune = excluded.centre_commune, code_insee = excluded.code_insee,
        code_departement = excluded.code_departement, code_region = excluded.code_region,
        debut = excluded.debut, etat_recrutement = excluded.etat_recrutement, archivee = excluded.archivee,
        retenue = excluded.retenue, code_postal = excluded.code_postal`;

const COLONNES = sql`insert into recherche_lieu (session_id, formation_id, lat, lon, centre_commune, code_insee,
        code_departement, code_region, debut, etat_recrutement, archivee, retenue, code_postal)`;

/** 1161: the lookups in `case`, evaluated only for a place without coordinates. */
function lieux(source: RawBuilder<unknown>) {
  return sql`
      ${COLONNES}
      select n.id, n.formation_id, coalesce(p.lat, k.c[1], m.c[1]), coalesce(p.lon, k.c[2], m.c[2]), p.lat is null,
        n.code_insee, n.code_departement, n.code_region, n.debut, n.etat_recrutement, n.archivee, n.retenue,
        case when n.code_insee in ${VILLES} then n.code_postal end
      from ${source} n
      cross join lateral (select case when n.lon is not null then n.lat end as lat,
                                 case when n.lat is not null then n.lon end as lon) p
      cross join lateral (select case when p.lat is null then ${commune} end as c) k
      cross join lateral (select case when p.lat is null and k.c[1] is null and n.code_insee in ${VILLES}
        then ${moyenne} end as c) m
      ${MAJ}`;
}

/** 1100's, frozen (the down migration). */
function lieux1100(source: RawBuilder<unknown>) {
  return sql`
      ${COLONNES}
      select n.id, n.formation_id, coalesce(p.lat, k.lat, m.lat), coalesce(p.lon, k.lon, m.lon), p.lat is null,
        n.code_insee, n.code_departement, n.code_region, n.debut, n.etat_recrutement, n.archivee, n.retenue,
        case when n.code_insee in ${VILLES} then n.code_postal end
      from ${source} n
      cross join lateral (select case when n.lon is not null then n.lat end as lat,
                                 case when n.lat is not null then n.lon end as lon) p
      left join lateral (
        select c.lat, c.lon from commune c
        where p.lat is null and c.lat is not null
          and (c.code_insee = n.code_insee or (n.code_insee is null and c.code_postal = n.code_postal)
            or (n.code_insee in ${VILLES} and c.code_postal = n.code_postal))
        order by c.code_insee = n.code_insee desc nulls last,
          c.nom_normalise = trim(regexp_replace(lower(unaccent(coalesce(n.commune, ''))), '[^a-z0-9]+', ' ', 'g')) desc
        limit 1
      ) k on true
      left join lateral (
        select avg(c.lat) as lat, avg(c.lon) as lon from commune c
        where p.lat is null and k.lat is null and n.code_insee in ${VILLES} and c.lat is not null
          and c.code_insee between ${premier} and ${dernier}
      ) m on true
      ${MAJ}`;
}

const fonction = (insert: RawBuilder<unknown>) => sql`
    create or replace function recherche_lieu_maj() returns trigger language plpgsql as $$
    begin
      ${insert};
      return null;
    end $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await fonction(lieux(sql`nouvelles`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fonction(lieux1100(sql`nouvelles`)).execute(db);
}
