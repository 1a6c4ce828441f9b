import { type Kysely, type RawBuilder, sql } from 'kysely';

// A session stored under the INSEE code of a city with arrondissements (75056 Paris, 69123 Lyon,
// 13055 Marseille) rather than its arrondissement's: its place keeps its postal code in the index
// (75015), so that a search of the arrondissement without a radius finds it
// (recherche.repository.ts selectCandidats), and counts at that arrondissement's centre when it has
// no coordinates (the city's own line has none: the communes file lists only its arrondissements);
// without a usable postal code, at the mean centre of the city's arrondissements (as centreDe
// reads a city's centre). Only those three cities' places keep their postal code: no other search
// reads it. docs/recherche.md « Où ? », cost in docs/mesures.md.

const VILLES = sql.raw(`('75056', '69123', '13055')`);

/** The first and last arrondissement codes of the city `n.code_insee` (INSEE COG). */
const premier = sql.raw(
  `case n.code_insee when '75056' then '75101' when '69123' then '69381' else '13201' end`,
);
const dernier = sql.raw(
  `case n.code_insee when '75056' then '75120' when '69123' then '69389' else '13216' end`,
);

/** The places of the sessions of `source` (aliased n) written into recherche_lieu (0770's, with the above). */
function lieux(source: RawBuilder<unknown>, avecCodePostal: boolean) {
  const villes = avecCodePostal
    ? sql`or (n.code_insee in ${VILLES} and c.code_postal = n.code_postal)`
    : sql``;
  const moyenne = avecCodePostal
    ? sql`left join lateral (
        select avg(c.lat) as lat, avg(c.lon) as lon from commune c
        where p.lat is null and k.lat is null and n.code_insee in ${VILLES} and c.lat is not null
          and c.code_insee between ${premier} and ${dernier}
      ) m on true`
    : sql`cross join lateral (select null::double precision as lat, null::double precision as lon) m`;
  const colonne = avecCodePostal ? sql`, code_postal` : sql``;
  const valeur = avecCodePostal ? sql`, case when n.code_insee in ${VILLES} then n.code_postal end` : sql``;
  const maj = avecCodePostal ? sql`, code_postal = excluded.code_postal` : sql``;
  return sql`
      insert into recherche_lieu (session_id, formation_id, lat, lon, centre_commune, code_insee,
        code_departement, code_region, debut, etat_recrutement, archivee, retenue${colonne})
      select n.id, n.formation_id, coalesce(p.lat, k.lat, m.lat), coalesce(p.lon, k.lon, m.lon), p.lat is null,
        n.code_insee, n.code_departement, n.code_region, n.debut, n.etat_recrutement, n.archivee, n.retenue${valeur}
      from ${source} n
      cross join lateral (select case when n.lon is not null then n.lat end as lat,
                                 case when n.lat is not null then n.lon end as lon) p
      left join lateral (
        select c.lat, c.lon from commune c
        where p.lat is null and c.lat is not null
          and (c.code_insee = n.code_insee or (n.code_insee is null and c.code_postal = n.code_postal) ${villes})
        order by c.code_insee = n.code_insee desc nulls last,
          c.nom_normalise = trim(regexp_replace(lower(unaccent(coalesce(n.commune, ''))), '[^a-z0-9]+', ' ', 'g')) desc
        limit 1
      ) k on true
      ${moyenne}
      on conflict (session_id) do update set lat = excluded.lat, lon = excluded.lon,
        centre_commune = excluded.centre_commune, code_insee = excluded.code_insee,
        code_departement = excluded.code_departement, code_region = excluded.code_region,
        debut = excluded.debut, etat_recrutement = excluded.etat_recrutement, archivee = excluded.archivee,
        retenue = excluded.retenue${maj}`;
}

/** The place trigger's function (0770's when `avecCodePostal` is false). */
const fonction = (avecCodePostal: boolean) => sql`
    create or replace function recherche_lieu_maj() returns trigger language plpgsql as $$
    begin
      ${lieux(sql`nouvelles`, avecCodePostal)};
      return null;
    end $$;`;

/** A communes reference loaded after the offers (0300's, and a city's place by its postal code). */
const recentrer = (avecCodePostal: boolean) => sql`
    create or replace function recherche_lieu_recentrer() returns trigger language plpgsql as $$
    begin
      update recherche_lieu rl set lat = k.lat, lon = k.lon
      from session s, nouvelles k
      where s.id = rl.session_id and rl.centre_commune and k.lat is not null
        and (k.code_insee = s.code_insee or (s.code_insee is null and k.code_postal = s.code_postal)
          ${avecCodePostal ? sql`or (s.code_insee in ${VILLES} and k.code_postal = s.code_postal)` : sql``});
      return null;
    end $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table recherche_lieu add column code_postal text`.execute(db);
  await fonction(true).execute(db);
  await recentrer(true).execute(db);
  // The places already indexed under a city's code: their postal code, and their centre.
  await lieux(sql`(select * from session where code_insee in ${VILLES})`, true).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fonction(false).execute(db);
  await recentrer(false).execute(db);
  await sql`alter table recherche_lieu drop column code_postal`.execute(db);
}
