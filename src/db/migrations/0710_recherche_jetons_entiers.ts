import { type Kysely, sql } from 'kysely';
import * as m0320 from './0320_recherche_vitesse.ts';

// Facet tokens as small integers (issue 10 item 7, speed): `formation_recherche.jetons` and
// `jetons_tous` hold ids of a dictionary, `recherche_jeton` ('facette:valeur' ↔ id), instead of the
// texts. Counting the facets of a broad search (≈ 8 tokens × every candidate, hashed and grouped)
// then hashes 4-byte integers instead of texts, and the rows are narrower (measured at 50,000
// formations, `BTS`, 9,428 candidates: 99 → 63 ms for the counting statement, best of 8).
// - An id is `n * 16 + f`: `f` is the facet's number (recherche_facette_no), so the facet of a
//   token is `id % 16`, with no lookup (the count of the facet a candidate fails);
// - recherche_jetons(texts) gives the ids, adding the tokens not seen yet (in the indexing
//   transaction: a new value is searchable at once, no second store to keep in sync);
// - the indexer of 0320, with its tokens through recherche_jetons.
// No index on the tokens: the facet counts need every candidate of the words anyway (one that fails
// a chosen facet still counts for that facet), so a chosen facet never narrows what is read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence recherche_jeton_seq;
    create table recherche_jeton (id int primary key, jeton text not null unique);

    create function recherche_facette_no(jeton text) returns int language sql immutable as $$
      select case split_part(jeton, ':', 1)
        when 'niveau' then 0 when 'type_diplome' then 1 when 'rentree' then 2 when 'ouvert' then 3
        when 'parcoursup' then 4 when 'affelnet' then 5 when 'region' then 6 when 'departement' then 7
        when 'modalite' then 8 else 15 end
    $$;

    create function recherche_jetons(js text[]) returns int[] language plpgsql as $$
    declare r int[];
    begin
      r := array(select id from recherche_jeton where jeton = any(js) order by id);
      if cardinality(r) = cardinality(js) then return r; end if;
      insert into recherche_jeton (id, jeton)
      select nextval('recherche_jeton_seq')::int * 16 + recherche_facette_no(x.j), x.j
      from (select distinct unnest(js) as j) x
      where x.j is not null and not exists (select 1 from recherche_jeton k where k.jeton = x.j)
      on conflict (jeton) do nothing;
      return array(select id from recherche_jeton where jeton = any(js) order by id);
    end $$;

    alter table formation_recherche drop column jetons, drop column jetons_tous,
      add column jetons int[] not null default '{}', add column jetons_tous int[] not null default '{}';

    create or replace function recherche_indexer(ids text[]) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
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
          setweight(to_tsvector('french_unaccent', left(coalesce(f.objectif, ''), 4000)), 'D') as document,
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
        where z.formation_id = x.id and not z.archivee
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

      insert into recherche_mot (mot)
      select distinct m from formation f
      left join organisme o on o.siret in (f.responsable_siret, f.formateur_siret)
      left join certification k on k.code in (f.code_rncp, f.code_cfd),
      regexp_split_to_table(lower(unaccent(concat_ws(' ', f.intitule, k.intitule, k.type_diplome, o.raison_sociale, o.enseigne))), '[^a-z0-9]+') m
      where f.id = any(ids) and length(m) >= 3
      on conflict do nothing;
    end $$;


    select recherche_indexer(array(select id from formation));
  `.execute(db);
}

/** Back to the texts of 0310 and the indexer of 0320. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table formation_recherche drop column jetons, drop column jetons_tous,
      add column jetons text[] not null default '{}', add column jetons_tous text[] not null default '{}';
    drop function recherche_jetons(text[]);
    drop function recherche_facette_no(text);
    drop table recherche_jeton;
    drop sequence recherche_jeton_seq;
  `.execute(db);
  await m0320.up(db);
}
