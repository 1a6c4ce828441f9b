set search_path=i9perim_prof;
explain (analyze, buffers)     with rang as (
      select r.siren_proprietaire as siren, count(distinct e.formation_id)::int as formations,
        count(*)::int as echecs
      from controle_echec e join (select distinct formation_id, siren_proprietaire from formation_region
            where code_region in ('11') and statut <> 'supprimee') r on r.formation_id = e.formation_id
      group by 1 order by echecs desc, siren limit 10
    )
    select rang.siren, (
      select max(coalesce(st.raison_sociale, o.raison_sociale))
      from controle_echec e join formation f on f.id = e.formation_id
      join (select distinct formation_id, siren_proprietaire from formation_region
            where code_region in ('11') and statut <> 'supprimee') r on r.formation_id = f.id
      left join structure st on st.siren = f.siren_proprietaire
      left join organisme o on o.siret = f.responsable_siret
      where f.siren_proprietaire = rang.siren) as nom,
      rang.formations, rang.echecs
    from rang order by rang.echecs desc, rang.siren;
