set search_path=i9perim_prof;
explain (analyze, buffers)     with attente as materialized (
      select f.id, f.intitule, f.siren_proprietaire, f.catalogue, f.contrat_apprentissage,
        f.responsable_siret, f.updated_at, f.validee_at, null::timestamptz as revision_at,
        coalesce((select true from session s where s.formation_id = f.id and not s.archivee
          and s.code_region in ('$R') limit 1), false) as ok
      from formation f where f.statut = 'en_attente_validation' 
      union all
      select f.id, f.intitule, f.siren_proprietaire, f.catalogue, f.contrat_apprentissage,
        f.responsable_siret, f.updated_at, f.validee_at, r.created_at, coalesce((select true from session s where s.formation_id = f.id and not s.archivee
          and s.code_region in ('$R') limit 1), false)
      from formation_revision r join formation f on f.id = r.formation_id
      where r.statut = 'en_attente_validation' and f.statut = 'publiee' 
    )
    select f.id, f.intitule, f.siren_proprietaire as siren, f.catalogue,
      f.contrat_apprentissage as apprentissage,
      coalesce(st.raison_sociale, o.raison_sociale) as organisme,
      case when f.revision_at is not null then 'revision' else 'nouvelle' end as nature,
      f.revision_at, f.updated_at, f.validee_at
    from attente f
    left join structure st on st.siren = f.siren_proprietaire
    left join organisme o on o.siret = f.responsable_siret
    where f.ok;
\d notification
