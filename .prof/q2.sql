set search_path=i9perim_prof;
explain (analyze, buffers) select e.code, min(e.severite) as severite, count(distinct e.formation_id)::int as n from controle_echec e where e.formation_id in (select formation_id from formation_region where code_region in ('$R') and statut <> 'supprimee') group by e.code order by n desc, e.code limit 20;
explain (analyze, buffers) select statut, coalesce(catalogue, 'non_calcule') as verdict, count(distinct formation_id)::int as n from formation_region where code_region in ('$R') and statut <> 'supprimee' group by 1, 2 order by 1, 2;
