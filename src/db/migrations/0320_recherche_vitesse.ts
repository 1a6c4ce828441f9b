import { type Kysely, sql } from 'kysely';
import * as m0310 from './0310_recherche_facettes.ts';

// Speed of the search (issue 10 item 7). The indexer of 0310 with two changes:
// - `debuts` / `debuts_tous` are sorted ascending (written as such, not left to how DISTINCT is
//   carried out), so that the next start on or after a day is one binary search in SQL
//   (`width_bucket(day - 1, debuts) + 1`: db/recherche.repository.ts pageIndex) instead of a
//   sub-query over every candidate's dates;
// - a formation whose index row would not change is not rewritten (measured at 50,000 formations:
//   the dead rows left by rewrites doubled the pages a broad search reads).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_indexer(ids text[]) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
      insert into formation_recherche (formation_id, document, niveau, type_diplome, apprentissage, conventionne,
        diffusee, publique, jetons, jetons_tous, debuts, debuts_tous)
      select x.id, x.document, x.niveau, x.type_diplome, x.apprentissage, x.conventionne,
        x.diffusee, x.diffusee and s.publiques > 0,
        x.jetons || s.jetons, x.jetons || s.jetons_tous, s.debuts, s.debuts_tous
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

/** Back to the indexer of 0310 (dates then happen to be sorted, without the promise). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await m0310.down(db);
  await m0310.up(db);
}
