set search_path=i9perim_prof;
select count(distinct formation_id) from session where code_region='$R' and not archivee;
explain (analyze, buffers) select e.code, min(e.severite) as severite, count(distinct e.formation_id)::int as n
    from controle_echec e join formation f on f.id = e.formation_id
    where f.statut <> 'supprimee' and exists (select 1 from session s where s.formation_id = f.id and not s.archivee and s.code_region in ('$R'))
    group by e.code order by n desc, e.code limit 20;
explain (analyze, buffers) select f.statut, coalesce(f.catalogue, 'non_calcule') as verdict, count(*)::int as n
    from formation f where f.statut <> 'supprimee' and exists (select 1 from session s where s.formation_id = f.id and not s.archivee and s.code_region in ('$R'))
    group by 1, 2 order by 1, 2;
