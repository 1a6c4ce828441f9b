import { type Kysely, sql } from 'kysely';

// The offer store: organismes, formations → sessions → lieu, contacts, campagnes,
// users, API keys, append-only history and the change feed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists unaccent with schema public;
    create extension if not exists pg_trgm with schema public;
    create text search configuration french_unaccent (copy = french);
    alter text search configuration french_unaccent
      alter mapping for hword, hword_part, word with unaccent, french_stem;

    create table organisme (
      siret text primary key,
      siren text not null,
      raison_sociale text,
      enseigne text,
      nda text,
      uai text,
      adresse text,
      code_postal text,
      commune text,
      code_insee text,
      lat double precision,
      lon double precision,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index organisme_siren on organisme (siren);
    create index organisme_uai on organisme (uai);

    create table campagne (
      annee integer primary key,
      libelle text not null,
      ouverture_collecte date,
      retour_attendu date,
      transmission_catalogue date,
      fermeture_affelnet date,
      fermeture_parcoursup date,
      fenetre_debut date not null,
      fenetre_fin date not null,
      courante boolean not null default false
    );
    create unique index campagne_une_courante on campagne (courante) where courante;

    create table formation (
      id text primary key,
      cle_externe text,
      siren_proprietaire text not null,
      intitule text,
      objectif text,
      contenu text,
      url text,
      code_rncp text,
      code_cfd text,
      code_certifinfo text,
      responsable_siret text references organisme (siret),
      formateur_siret text references organisme (siret),
      mandataire_siret text references organisme (siret),
      formation_continue boolean,
      contrat_professionnalisation boolean,
      contrat_apprentissage boolean,
      annees_apprentissage integer[] not null default '{}',
      duree_annees integer,
      financeurs text[] not null default '{}',
      statut text not null default 'brouillon'
        check (statut in ('brouillon','en_attente_validation','a_corriger','publiee','archivee','supprimee')),
      statut_avant_suppression text,
      commentaire_gestionnaire text,
      catalogue text check (catalogue in ('general','non_reglementaire')),
      certifiee boolean,
      parcoursup text not null default 'non_publiable',
      affelnet text not null default 'non_publiable',
      validee_at timestamptz,
      validee_par text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    );
    create unique index formation_cle_externe on formation (siren_proprietaire, cle_externe) where cle_externe is not null;
    create index formation_siren on formation (siren_proprietaire);
    create index formation_rncp on formation (code_rncp);
    create index formation_cfd on formation (code_cfd);
    create index formation_responsable on formation (responsable_siret);
    create index formation_formateur on formation (formateur_siret);
    create index formation_diffusion on formation (statut, catalogue, id);

    -- A pending revision of a validated formation: the validated version stays diffused until it is validated.
    create table formation_revision (
      id text primary key,
      formation_id text not null references formation (id),
      payload jsonb not null,
      statut text not null default 'en_attente_validation'
        check (statut in ('en_attente_validation','a_corriger','validee','abandonnee')),
      commentaire text,
      created_at timestamptz not null default now(),
      created_by text not null,
      decided_at timestamptz,
      decided_by text
    );
    create unique index formation_revision_une_ouverte on formation_revision (formation_id)
      where statut in ('en_attente_validation','a_corriger');

    create table session (
      id text primary key,
      formation_id text not null references formation (id),
      cle_externe text,
      debut date,
      fin date,
      etat_recrutement text not null default 'ouvert' check (etat_recrutement in ('ouvert','suspendu','ferme')),
      capacite integer,
      entree_sortie text check (entree_sortie in ('dates_fixes','permanente')),
      adresse text,
      code_postal text,
      commune text,
      cedex text,
      code_insee text,
      code_departement text,
      code_region text,
      uai_lieu text,
      lat double precision,
      lon double precision,
      financeur text check (financeur in ('region','france_travail','agefiph','opco')),
      numero_marche text,
      date_notification_marche date,
      diffusee_at timestamptz,
      archivee boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index session_formation on session (formation_id);
    create unique index session_cle_externe on session (formation_id, cle_externe) where cle_externe is not null;
    create index session_insee on session (code_insee);
    create index session_departement on session (code_departement);
    create index session_region on session (code_region);
    create index session_uai on session (uai_lieu);
    create index session_latlon on session (lat, lon);

    create table session_evenement (
      id bigint generated always as identity primary key,
      session_id text not null references session (id) on delete cascade,
      type text not null check (type in ('reunion_information','bilan')),
      date date,
      lieu text,
      libelle text
    );
    create index session_evenement_session on session_evenement (session_id);

    -- One contact table; exactly one owner (formation, session or organisme).
    create table contact (
      id bigint generated always as identity primary key,
      formation_id text references formation (id) on delete cascade,
      session_id text references session (id) on delete cascade,
      organisme_siret text references organisme (siret) on delete cascade,
      type text not null default 'autre'
        check (type in ('referent_handicap','pedagogique','accueil','referent_apprentissage','autre')),
      nom text,
      telephone text,
      courriel text,
      check (num_nonnulls(formation_id, session_id, organisme_siret) = 1)
    );
    create index contact_formation on contact (formation_id);
    create index contact_session on contact (session_id);
    create index contact_organisme on contact (organisme_siret);

    create table utilisateur (
      id text primary key,
      email text not null unique,
      password_hash text not null,
      role text not null check (role in ('organisme','gestionnaire','instructeur','admin')),
      siren text,
      region text,
      academie text,
      doit_changer_mot_de_passe boolean not null default true,
      created_at timestamptz not null default now()
    );

    create table api_key (
      id text primary key,
      name text not null,
      prefix text not null,
      hash text not null unique,
      scope text not null check (scope in ('read','write','admin')),
      siren text,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );

    create table api_usage (
      api_key_id text not null references api_key (id),
      jour date not null,
      appels integer not null default 0,
      primary key (api_key_id, jour)
    );

    -- Append-only: who changed what, when, field by field.
    create table historique (
      id bigint generated always as identity primary key,
      formation_id text,
      entite text not null,
      entite_id text not null,
      action text not null,
      acteur text not null,
      at timestamptz not null default clock_timestamp(),
      diff jsonb not null default '[]'
    );
    create index historique_formation on historique (formation_id, id);

    -- The change feed. seq is taken from feed_counter by an UPDATE whose row lock is held
    -- until commit, so events commit in seq order and a reader paging by seq never misses one.
    create table feed_counter (id integer primary key check (id = 1), seq bigint not null);
    insert into feed_counter values (1, 0);
    create table change_event (
      seq bigint primary key,
      type text not null,
      entite_id text not null,
      action text not null check (action in ('create','update','archive','delete')),
      at timestamptz not null default clock_timestamp()
    );
    create index change_event_entite on change_event (entite_id, seq);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists change_event, feed_counter, historique, api_usage, api_key, utilisateur,
    contact, session_evenement, session, formation_revision, formation, campagne, organisme cascade;
    drop text search configuration if exists french_unaccent`.execute(db);
}
