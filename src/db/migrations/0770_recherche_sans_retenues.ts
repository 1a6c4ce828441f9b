import { type Kysely, sql } from 'kysely';

// A withheld session (session.retenue, migration 0440) is out of the search as it is out of the
// public pages and the API (domain/diffusion.ts): its commune no longer feeds the document, its
// region, département, start and state no longer feed the facet tokens (public and professional),
// it no longer makes a formation `publique`, and its place (recherche_lieu.retenue) is no longer a
// candidate of a search around a place. The indexer and the place trigger are those of 0710 and
// 0300 with that filter; `down` puts them back without it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table recherche_lieu add column retenue boolean not null default false`.execute(db);
  await fonctions(true).execute(db);
  await sql`
    update recherche_lieu rl set retenue = true from session s where s.id = rl.session_id and s.retenue;
    select recherche_indexer(array(select distinct formation_id from session where retenue));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await fonctions(false).execute(db);
  await sql`
    alter table recherche_lieu drop column retenue;
    select recherche_indexer(array(select distinct formation_id from session where retenue));
  `.execute(db);
}

/**
 * The indexer's first statement: the search rows of `ids` (document, facets, start dates), skipping
 * withheld sessions when `retenue`. Also the indexer of migration 1010, and of 1120 with `metiers`:
 * the ROME labels of the formation's certifications beside its objectif (weight D).
 */
export function documentsRecherche(retenue: boolean, metiers = false) {
  const objectif = sql`left(coalesce(f.objectif, ''), 4000)`;
  const d = metiers ? sql`concat_ws(' ', c.metiers, ${objectif})` : objectif;
  const sauf = (alias: string) => (retenue ? sql.raw(` and not ${alias}.retenue`) : sql``);
  return sql`
      insert into formation_recherche (formation_id, document, niveau, type_diplome, apprentissage, conventionne,
        diffusee, publique, jetons, jetons_tous, debuts, debuts_tous)
      select x.id, x.document, x.niveau, x.type_diplome, x.apprentissage, x.conventionne,
        x.diffusee, x.diffusee and s.publiques > 0,
        recherche_jetons(x.jetons || s.jetons), recherche_jetons(x.jetons || s.jetons_tous), s.debuts, s.debuts_tous
      from (
        select f.id,
          setweight(to_tsvector('french_unaccent', coalesce(f.intitule, '')), 'A') ||
          setweight(to_tsvector('french_unaccent', concat_ws(' ', f.code_rncp, f.code_cfd, c.textes)), 'B') ||
          setweight(to_tsvector('french_unaccent', concat_ws(' ', o1.raison_sociale, o1.enseigne, o2.raison_sociale, o2.enseigne, s.communes)), 'C') ||
          setweight(to_tsvector('french_unaccent', ${d}), 'D') as document,
          c.niveau, c.type_diplome,
          coalesce(f.contrat_apprentissage, false) as apprentissage,
          cardinality(f.financeurs) > 0 or coalesce(s.financee, false) as conventionne,
          coalesce(f.statut = 'publiee' and f.catalogue = 'general', false) as diffusee,
          array_remove(array[
            'niveau:' || c.niveau,
            'type_diplome:' || c.type_diplome,
            case when coalesce(f.contrat_apprentissage, false) then 'modalite:apprentissage' end,
            case when cardinality(f.financeurs) > 0 or coalesce(s.financee, false) then 'modalite:conventionne' end,
            case when f.parcoursup = 'publie' then 'parcoursup:true' end,
            case when f.affelnet = 'publie' then 'affelnet:true' end
          ], null) as jetons
        from formation f
        left join organisme o1 on o1.siret = f.responsable_siret
        left join organisme o2 on o2.siret = f.formateur_siret and f.formateur_siret is distinct from f.responsable_siret
        left join lateral (
          select string_agg(concat_ws(' ', k.intitule, k.type_diplome), ' ') as textes,${
            metiers
              ? sql`
            string_agg(array_to_string(k.rome_libelles, ' '), ' ') as metiers,`
              : sql``
          }
            -- the JSON view's choice: the RNCP/RS fiche first, else the BCN diploma
            (array_agg(k.niveau order by k.type = 'cfd'))[1] as niveau,
            (array_agg(k.type_diplome order by k.type_diplome is null, k.type = 'cfd'))[1] as type_diplome
          from certification k
          where (k.code = f.code_rncp and k.type in ('rncp', 'rs')) or (k.code = f.code_cfd and k.type = 'cfd')
        ) c on true
        left join lateral (
          select string_agg(distinct x.commune, ' ') as communes, bool_or(x.financeur is not null) as financee
          from session x where x.formation_id = f.id and not x.archivee${sauf('x')}
        ) s on true
        where f.id = any(ids)
      ) x
      -- Session facets, over the sessions not closed (public) and over every live one (professional).
      left join lateral (
        select count(*) filter (where z.etat_recrutement <> 'ferme') as publiques,
          coalesce(array_agg(distinct j.v) filter (where j.v is not null and z.etat_recrutement <> 'ferme'), '{}') as jetons,
          coalesce(array_agg(distinct j.v) filter (where j.v is not null), '{}') as jetons_tous,
          coalesce(array_agg(distinct z.debut order by z.debut) filter (where z.debut is not null and z.etat_recrutement <> 'ferme'), '{}') as debuts,
          coalesce(array_agg(distinct z.debut order by z.debut) filter (where z.debut is not null), '{}') as debuts_tous
        from session z
        cross join lateral unnest(array[
          -- rentrée Y: 1 August of Y to 31 July of Y + 1 (domain/recherche.ts rentreeDe)
          'rentree:' || extract(year from z.debut - interval '7 months')::int,
          'region:' || z.code_region,
          'departement:' || z.code_departement,
          case when z.etat_recrutement = 'ouvert' then 'ouvert:true' end
        ]) j(v)
        where z.formation_id = x.id and not z.archivee${sauf('z')}
      ) s on true
      on conflict (formation_id) do update set document = excluded.document, niveau = excluded.niveau,
        type_diplome = excluded.type_diplome, apprentissage = excluded.apprentissage,
        conventionne = excluded.conventionne, diffusee = excluded.diffusee, publique = excluded.publique,
        jetons = excluded.jetons, jetons_tous = excluded.jetons_tous, debuts = excluded.debuts,
        debuts_tous = excluded.debuts_tous
      -- An unchanged row is not written again: no dead row for the index to skip (a GIN-indexed
      -- row is never updated in place), and a rebuild over unchanged offers writes nothing.
      where (formation_recherche.document, formation_recherche.niveau, formation_recherche.type_diplome,
          formation_recherche.apprentissage, formation_recherche.conventionne, formation_recherche.diffusee,
          formation_recherche.publique, formation_recherche.jetons, formation_recherche.jetons_tous,
          formation_recherche.debuts, formation_recherche.debuts_tous)
        is distinct from (excluded.document, excluded.niveau, excluded.type_diplome, excluded.apprentissage,
          excluded.conventionne, excluded.diffusee, excluded.publique, excluded.jetons, excluded.jetons_tous,
          excluded.debuts, excluded.debuts_tous);
  `;
}

/** The indexer: the search rows of `ids`, then their words, skipping withheld sessions when `retenue`. */
export function indexeur(retenue: boolean) {
  return sql`
    create or replace function recherche_indexer(ids text[]) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
      ${documentsRecherche(retenue)}

      insert into recherche_mot (mot)
      select distinct m from formation f
      left join organisme o on o.siret in (f.responsable_siret, f.formateur_siret)
      left join certification k on k.code in (f.code_rncp, f.code_cfd),
      regexp_split_to_table(lower(unaccent(concat_ws(' ', f.intitule, k.intitule, k.type_diplome, o.raison_sociale, o.enseigne))), '[^a-z0-9]+') m
      where f.id = any(ids) and length(m) >= 3
      on conflict do nothing;
    end $$;
  `;
}

/** The indexer and the place trigger, skipping withheld sessions when `retenue`. */
function fonctions(retenue: boolean) {
  return sql`
    ${indexeur(retenue)}


    create or replace function recherche_lieu_maj() returns trigger language plpgsql as $$
    begin
      insert into recherche_lieu (session_id, formation_id, lat, lon, centre_commune, code_insee,
        code_departement, code_region, debut, etat_recrutement, archivee${retenue ? sql.raw(', retenue') : sql``})
      select n.id, n.formation_id, coalesce(p.lat, k.lat), coalesce(p.lon, k.lon), p.lat is null,
        n.code_insee, n.code_departement, n.code_region, n.debut, n.etat_recrutement, n.archivee${retenue ? sql.raw(', n.retenue') : sql``}
      from nouvelles n
      cross join lateral (select case when n.lon is not null then n.lat end as lat,
                                 case when n.lat is not null then n.lon end as lon) p
      left join lateral (
        select c.lat, c.lon from commune c
        where p.lat is null and c.lat is not null
          and (c.code_insee = n.code_insee or (n.code_insee is null and c.code_postal = n.code_postal))
        order by c.code_insee = n.code_insee desc nulls last,
          c.nom_normalise = trim(regexp_replace(lower(unaccent(coalesce(n.commune, ''))), '[^a-z0-9]+', ' ', 'g')) desc
        limit 1
      ) k on true
      on conflict (session_id) do update set lat = excluded.lat, lon = excluded.lon,
        centre_commune = excluded.centre_commune, code_insee = excluded.code_insee,
        code_departement = excluded.code_departement, code_region = excluded.code_region,
        debut = excluded.debut, etat_recrutement = excluded.etat_recrutement, archivee = excluded.archivee${retenue ? sql.raw(', retenue = excluded.retenue') : sql``};
      return null;
    end $$;
  `;
}
