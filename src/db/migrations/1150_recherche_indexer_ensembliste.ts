import { type Kysely, sql } from 'kysely';
import { documentsRecherche } from './0770_recherche_sans_retenues.ts';

// The search rows of an import's rounds (recherche_indexer, issue 13), set-based: the statement of
// 0770/1120 ran, for each formation, a lookup of its certifications, two of its sessions (one with
// its own sort per aggregate) and two calls of recherche_jetons (a PL/pgSQL call and a query of the
// dictionary each): ≈ 40 % of the indexer's server CPU, the rest being the documents' text
// analysis and the writes (docs/mesures.md, « Index de recherche des tours »). Here each source is
// read once for all the formations given — certifications and sessions grouped by formation, the
// facet tokens mapped to their ids by one join to the dictionary — and the rows written are the
// same, column for column:
// - the certifications' texts in the order the lateral gave them to string_agg, which set none:
//   the order it read them in (physical: `ctid`) on PostgreSQL 15, sorted first by its first
//   ordered aggregate's key (`type = 'cfd'`) where the planner presorts (16+: PGlite);
// - a formation with a token the dictionary does not hold yet is not written by this statement but
//   by the former one, run after it for those formations only, in the same order: its per-row
//   recherche_jetons numbers the new tokens as before (only the first imports ever meet one).

/** The search rows of `ids` whose facet tokens are all known; `inconnues` gets the others, sorted. */
const documentsEnsemble = sql`
      with z as materialized (
        select z.formation_id, z.commune, z.financeur, z.debut, z.etat_recrutement, z.code_region, z.code_departement
        from session z where z.formation_id = any(ids) and not z.archivee and not z.retenue
      ),
      s as (
        select z.formation_id, string_agg(distinct z.commune, ' ') as communes,
          bool_or(z.financeur is not null) as financee,
          count(*) filter (where z.etat_recrutement <> 'ferme') as publiques,
          array_agg(distinct z.debut order by z.debut) filter (where z.debut is not null and z.etat_recrutement <> 'ferme') as debuts,
          array_agg(distinct z.debut order by z.debut) filter (where z.debut is not null) as debuts_tous
        from z group by z.formation_id
      ),
      f as materialized (
        select f.id, f.intitule, f.code_rncp, f.code_cfd, f.objectif, f.contrat_apprentissage, f.financeurs,
          f.statut, f.catalogue, f.parcoursup, f.affelnet, f.responsable_siret, f.formateur_siret
        from formation f where f.id = any(ids)
      ),
      k as (
        select f.id, k.ctid as o, k.type, k.intitule, k.type_diplome, k.niveau, k.rome_libelles
        from f join certification k on k.code = f.code_rncp and k.type in ('rncp', 'rs')
        union all
        select f.id, k.ctid, k.type, k.intitule, k.type_diplome, k.niveau, k.rome_libelles
        from f join certification k on k.code = f.code_cfd and k.type = 'cfd'
      ),
      c as (
        select k.id, string_agg(concat_ws(' ', k.intitule, k.type_diplome), ' ' order by case when presorted then k.type = 'cfd' end, k.o) as textes,
          string_agg(array_to_string(k.rome_libelles, ' '), ' ' order by case when presorted then k.type = 'cfd' end, k.o) as metiers,
          -- the JSON view's choice: the RNCP/RS fiche first, else the BCN diploma
          (array_agg(k.niveau order by k.type = 'cfd', k.o))[1] as niveau,
          (array_agg(k.type_diplome order by k.type_diplome is null, k.type = 'cfd', k.o))[1] as type_diplome
        from k group by k.id
      ),
      x as materialized (
        select f.id, f.intitule, f.code_rncp, f.code_cfd, f.objectif, c.textes, c.metiers, c.niveau, c.type_diplome,
          f.responsable_siret, f.formateur_siret, s.communes,
          coalesce(f.contrat_apprentissage, false) as apprentissage,
          cardinality(f.financeurs) > 0 or coalesce(s.financee, false) as conventionne,
          coalesce(f.statut = 'publiee' and f.catalogue = 'general', false) as diffusee,
          coalesce(s.publiques, 0) > 0 as sessions_publiques,
          coalesce(s.debuts, '{}') as debuts, coalesce(s.debuts_tous, '{}') as debuts_tous,
          array_remove(array[
            'niveau:' || c.niveau,
            'type_diplome:' || c.type_diplome,
            case when coalesce(f.contrat_apprentissage, false) then 'modalite:apprentissage' end,
            case when cardinality(f.financeurs) > 0 or coalesce(s.financee, false) then 'modalite:conventionne' end,
            case when f.parcoursup = 'publie' then 'parcoursup:true' end,
            case when f.affelnet = 'publie' then 'affelnet:true' end
          ], null) as jetons
        from f
        left join c on c.id = f.id
        left join s on s.formation_id = f.id
      ),
      -- Each token with whether it counts for the public search (a session not closed, or the formation's own).
      t as (
        select x.id, v, true as publique from x cross join unnest(x.jetons) v
        union all
        select z.formation_id, j.v, z.etat_recrutement <> 'ferme'
        from z cross join lateral unnest(array[
          -- rentrée Y: 1 August of Y to 31 July of Y + 1 (domain/recherche.ts rentreeDe)
          'rentree:' || extract(year from z.debut - interval '7 months')::int,
          'region:' || z.code_region,
          'departement:' || z.code_departement,
          case when z.etat_recrutement = 'ouvert' then 'ouvert:true' end
        ]) j(v)
        where j.v is not null
      ),
      j as (
        select t.id, count(*) filter (where r.id is null) as inconnus,
          array_agg(distinct r.id order by r.id) filter (where t.publique and r.id is not null) as jetons,
          array_agg(distinct r.id order by r.id) filter (where r.id is not null) as jetons_tous
        from t left join recherche_jeton r on r.jeton = t.v
        group by t.id
      ),
      ecrites as (
        insert into formation_recherche (formation_id, document, niveau, type_diplome, apprentissage, conventionne,
          diffusee, publique, jetons, jetons_tous, debuts, debuts_tous)
        select x.id,
          setweight(to_tsvector('french_unaccent', coalesce(x.intitule, '')), 'A') ||
          setweight(to_tsvector('french_unaccent', concat_ws(' ', x.code_rncp, x.code_cfd, x.textes)), 'B') ||
          setweight(to_tsvector('french_unaccent', concat_ws(' ', o1.raison_sociale, o1.enseigne, o2.raison_sociale, o2.enseigne, x.communes)), 'C') ||
          setweight(to_tsvector('french_unaccent', concat_ws(' ', x.metiers, left(coalesce(x.objectif, ''), 4000))), 'D'),
          x.niveau, x.type_diplome, x.apprentissage, x.conventionne, x.diffusee, x.diffusee and x.sessions_publiques,
          coalesce(j.jetons, '{}'), coalesce(j.jetons_tous, '{}'), x.debuts, x.debuts_tous
        from x
        left join organisme o1 on o1.siret = x.responsable_siret
        left join organisme o2 on o2.siret = x.formateur_siret and x.formateur_siret is distinct from x.responsable_siret
        left join j on j.id = x.id
        where coalesce(j.inconnus, 0) = 0
        on conflict (formation_id) do update set document = excluded.document, niveau = excluded.niveau,
          type_diplome = excluded.type_diplome, apprentissage = excluded.apprentissage,
          conventionne = excluded.conventionne, diffusee = excluded.diffusee, publique = excluded.publique,
          jetons = excluded.jetons, jetons_tous = excluded.jetons_tous, debuts = excluded.debuts,
          debuts_tous = excluded.debuts_tous
        -- An unchanged row is not written again (0320).
        where (formation_recherche.document, formation_recherche.niveau, formation_recherche.type_diplome,
            formation_recherche.apprentissage, formation_recherche.conventionne, formation_recherche.diffusee,
            formation_recherche.publique, formation_recherche.jetons, formation_recherche.jetons_tous,
            formation_recherche.debuts, formation_recherche.debuts_tous)
          is distinct from (excluded.document, excluded.niveau, excluded.type_diplome, excluded.apprentissage,
            excluded.conventionne, excluded.diffusee, excluded.publique, excluded.jetons, excluded.jetons_tous,
            excluded.debuts, excluded.debuts_tous)
      )
      select array_agg(j.id order by j.id) into inconnues from j where j.inconnus > 0`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_indexer(ids text[], mots boolean default true) returns void language plpgsql as $$
    declare demandees constant text[] := ids; inconnues text[];
      -- PostgreSQL 16+ sorts the lateral's rows for its first ordered aggregate (presorted aggregates).
      presorted constant boolean := coalesce(current_setting('enable_presorted_aggregate', true), 'off') = 'on';
    begin
      perform nextval('recherche_version');
      ${documentsEnsemble};
      if inconnues is not null then
        ids := inconnues;
        ${documentsRecherche(true, true)}
      end if;
      if mots then perform recherche_mots(demandees); end if;
    end $$;`.execute(db);
}

/** The indexer of 1120. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_indexer(ids text[], mots boolean default true) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
      ${documentsRecherche(true, true)}
      if mots then perform recherche_mots(ids); end if;
    end $$;`.execute(db);
}
