import { type Kysely, sql } from 'kysely';

// The public search index, kept current by triggers in the writing transaction (no second datastore):
// - formation_recherche: one weighted French document per formation (A intitulé, B certification
//   title/type and codes, C organismes and communes, D objectif) plus the facet attributes;
// - recherche_mot: every word of those texts (unaccented, lower case) for pg_trgm typo correction;
// - recherche_lieu: one row per session with its coordinates, or its commune's centre when the
//   place was entered without coordinates (centre_commune), for distance search and facets.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table commune add column nom_normalise text;
    update commune set nom_normalise = trim(regexp_replace(lower(unaccent(nom)), '[^a-z0-9]+', ' ', 'g'));
    create index commune_nom_normalise on commune (nom_normalise);
    create index commune_nom_trgm on commune using gin (nom_normalise gin_trgm_ops);

    create function commune_normaliser() returns trigger language plpgsql as $$
    begin
      new.nom_normalise := trim(regexp_replace(lower(unaccent(new.nom)), '[^a-z0-9]+', ' ', 'g'));
      return new;
    end $$;
    create trigger commune_normaliser before insert or update of nom on commune
      for each row execute function commune_normaliser();

    create table formation_recherche (
      formation_id text primary key references formation (id) on delete cascade,
      document tsvector not null,
      niveau text,
      type_diplome text,
      apprentissage boolean not null default false,
      conventionne boolean not null default false
    );
    create index formation_recherche_document on formation_recherche using gin (document);

    create table recherche_mot (mot text primary key);
    create index recherche_mot_trgm on recherche_mot using gin (mot gin_trgm_ops);

    create table recherche_lieu (
      session_id text primary key references session (id) on delete cascade,
      formation_id text not null,
      lat double precision,
      lon double precision,
      centre_commune boolean not null default false,
      code_insee text,
      code_departement text,
      code_region text,
      debut date,
      etat_recrutement text not null,
      archivee boolean not null
    );
    create index recherche_lieu_formation on recherche_lieu (formation_id);
    create index recherche_lieu_latlon on recherche_lieu (lat, lon);
    create index recherche_lieu_insee on recherche_lieu (code_insee);

    create function recherche_indexer(ids text[]) returns void language plpgsql as $$
    begin
      insert into formation_recherche (formation_id, document, niveau, type_diplome, apprentissage, conventionne)
      select f.id,
        setweight(to_tsvector('french_unaccent', coalesce(f.intitule, '')), 'A') ||
        setweight(to_tsvector('french_unaccent', concat_ws(' ', f.code_rncp, f.code_cfd, c.textes)), 'B') ||
        setweight(to_tsvector('french_unaccent', concat_ws(' ', o1.raison_sociale, o1.enseigne, o2.raison_sociale, o2.enseigne, s.communes)), 'C') ||
        setweight(to_tsvector('french_unaccent', left(coalesce(f.objectif, ''), 4000)), 'D'),
        c.niveau, c.type_diplome,
        coalesce(f.contrat_apprentissage, false),
        cardinality(f.financeurs) > 0 or coalesce(s.financee, false)
      from formation f
      left join organisme o1 on o1.siret = f.responsable_siret
      left join organisme o2 on o2.siret = f.formateur_siret and f.formateur_siret is distinct from f.responsable_siret
      left join lateral (
        select string_agg(concat_ws(' ', k.intitule, k.type_diplome), ' ') as textes,
          -- the JSON view's choice: the RNCP/RS fiche first, else the BCN diploma
          (array_agg(k.niveau order by k.type = 'cfd'))[1] as niveau,
          (array_agg(k.type_diplome order by k.type_diplome is null, k.type = 'cfd'))[1] as type_diplome
        from certification k
        where (k.code = f.code_rncp and k.type in ('rncp', 'rs')) or (k.code = f.code_cfd and k.type = 'cfd')
      ) c on true
      left join lateral (
        select string_agg(distinct x.commune, ' ') as communes, bool_or(x.financeur is not null) as financee
        from session x where x.formation_id = f.id and not x.archivee
      ) s on true
      where f.id = any(ids)
      on conflict (formation_id) do update set document = excluded.document, niveau = excluded.niveau,
        type_diplome = excluded.type_diplome, apprentissage = excluded.apprentissage,
        conventionne = excluded.conventionne;

      insert into recherche_mot (mot)
      select distinct m from formation f
      left join organisme o on o.siret in (f.responsable_siret, f.formateur_siret)
      left join certification k on k.code in (f.code_rncp, f.code_cfd),
      regexp_split_to_table(lower(unaccent(concat_ws(' ', f.intitule, k.intitule, k.type_diplome, o.raison_sociale, o.enseigne))), '[^a-z0-9]+') m
      where f.id = any(ids) and length(m) >= 3
      on conflict do nothing;
    end $$;

    create function recherche_formation_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    create trigger recherche_formation_ins after insert on formation
      referencing new table as nouvelles for each statement execute function recherche_formation_maj();
    create trigger recherche_formation_upd after update on formation
      referencing new table as nouvelles for each statement execute function recherche_formation_maj();

    -- Sessions: communes and funding feed the document.
    create function recherche_session_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(select distinct formation_id from nouvelles));
      return null;
    end $$;
    create trigger recherche_session_ins after insert on session
      referencing new table as nouvelles for each statement execute function recherche_session_maj();
    create trigger recherche_session_upd after update on session
      referencing new table as nouvelles for each statement execute function recherche_session_maj();
    create trigger recherche_session_del after delete on session
      referencing old table as nouvelles for each statement execute function recherche_session_maj();

    create function recherche_organisme_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(
        select f.id from formation f join nouvelles n on n.siret in (f.responsable_siret, f.formateur_siret)));
      return null;
    end $$;
    create trigger recherche_organisme_upd after update on organisme
      referencing new table as nouvelles for each statement execute function recherche_organisme_maj();

    create function recherche_certification_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(
        select f.id from formation f join nouvelles n on n.code in (f.code_rncp, f.code_cfd)));
      return null;
    end $$;
    create trigger recherche_certification_ins after insert on certification
      referencing new table as nouvelles for each statement execute function recherche_certification_maj();
    create trigger recherche_certification_upd after update on certification
      referencing new table as nouvelles for each statement execute function recherche_certification_maj();

    -- Each session's place: its own coordinates, else its commune's centre (by INSEE code, else
    -- postal code and name). Per statement (transition table): bulk loads stay set-based.
    create function recherche_lieu_maj() returns trigger language plpgsql as $$
    begin
      insert into recherche_lieu (session_id, formation_id, lat, lon, centre_commune, code_insee,
        code_departement, code_region, debut, etat_recrutement, archivee)
      select n.id, n.formation_id, coalesce(p.lat, k.lat), coalesce(p.lon, k.lon), p.lat is null,
        n.code_insee, n.code_departement, n.code_region, n.debut, n.etat_recrutement, n.archivee
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
        debut = excluded.debut, etat_recrutement = excluded.etat_recrutement, archivee = excluded.archivee;
      return null;
    end $$;
    create trigger recherche_lieu_ins after insert on session
      referencing new table as nouvelles for each statement execute function recherche_lieu_maj();
    create trigger recherche_lieu_upd after update on session
      referencing new table as nouvelles for each statement execute function recherche_lieu_maj();

    -- A communes reference loaded after the offers: places without coordinates get their centre.
    create function recherche_lieu_recentrer() returns trigger language plpgsql as $$
    begin
      update recherche_lieu rl set lat = k.lat, lon = k.lon
      from session s, nouvelles k
      where s.id = rl.session_id and rl.centre_commune and k.lat is not null
        and (k.code_insee = s.code_insee or (s.code_insee is null and k.code_postal = s.code_postal));
      return null;
    end $$;
    create trigger recherche_commune_ins after insert on commune
      referencing new table as nouvelles for each statement execute function recherche_lieu_recentrer();

    select recherche_indexer(array(select id from formation));
    update session set lat = lat;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger if exists recherche_lieu_ins on session;
    drop trigger if exists recherche_lieu_upd on session;
    drop trigger if exists recherche_session_ins on session;
    drop trigger if exists recherche_session_upd on session;
    drop trigger if exists recherche_session_del on session;
    drop trigger if exists recherche_formation_ins on formation;
    drop trigger if exists recherche_formation_upd on formation;
    drop trigger if exists recherche_organisme_upd on organisme;
    drop trigger if exists recherche_certification_ins on certification;
    drop trigger if exists recherche_certification_upd on certification;
    drop trigger if exists recherche_commune_ins on commune;
    drop trigger if exists commune_normaliser on commune;
    drop table if exists recherche_lieu, recherche_mot, formation_recherche;
    drop function if exists recherche_lieu_recentrer(), recherche_lieu_maj(), recherche_certification_maj(),
      recherche_organisme_maj(), recherche_session_maj(), recherche_formation_maj(), recherche_indexer(text[]),
      commune_normaliser();
    drop index if exists commune_nom_trgm;
    alter table commune drop column if exists nom_normalise;
  `.execute(db);
}
