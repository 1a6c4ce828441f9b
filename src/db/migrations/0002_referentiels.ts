import { type Kysely, sql } from 'kysely';

// Reference facts (référentiels): what the conformity rules read. Every fact keeps the
// import run it came from (run_id) so that a rule can cite it as evidence.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ref_run (
      id bigint generated always as identity primary key,
      kind text not null,
      -- the dataset inside the kind (BCN table, RNCP flavour...): the scope of diffs and drop guards
      jeu text not null default '',
      format text,
      fichier text not null,
      hash text not null,
      date_fichier timestamptz,
      lignes_lues integer not null default 0,
      lignes_gardees integer not null default 0,
      lignes_rejetees integer not null default 0,
      duree_ms integer,
      force boolean not null default false,
      diff jsonb,
      impact jsonb,
      rejets jsonb,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index ref_run_kind on ref_run (kind, jeu, id);
    create index ref_run_hash on ref_run (hash);

    -- One row per certification code: RNCP / RS fiche or BCN diploma (CFD).
    create table certification (
      type text not null check (type in ('rncp','rs','cfd')),
      code text not null,
      intitule text,
      niveau text,
      type_diplome text,
      type_enregistrement text check (type_enregistrement in ('droit','sur_demande')),
      actif boolean,
      date_debut date,
      date_fin date,
      ouvert_apprentissage boolean,
      successeurs text[] not null default '{}',
      certifinfo text,
      nsf text[] not null default '{}',
      rome text[] not null default '{}',
      formacodes text[] not null default '{}',
      jeu text not null default '',
      run_id bigint references ref_run (id),
      primary key (type, code)
    );

    create table certification_lien (
      cfd text not null,
      rncp text not null,
      run_id bigint references ref_run (id),
      primary key (cfd, rncp)
    );
    create index certification_lien_rncp on certification_lien (rncp);

    -- Certificateurs and habilitated partners of a fiche.
    create table certification_habilitation (
      code text not null,
      siret text not null,
      role text not null check (role in ('certificateur','partenaire')),
      habilitation text,
      nom text,
      actif boolean not null default true,
      date_debut date,
      date_fin date,
      run_id bigint references ref_run (id),
      primary key (code, siret, role)
    );
    create index certification_habilitation_siret on certification_habilitation (siret);

    -- BCN MEF: modalities of a diploma (duration, year).
    create table diplome_mef (
      mef text primary key,
      cfd text not null,
      duree integer,
      annee integer,
      run_id bigint references ref_run (id)
    );
    create index diplome_mef_cfd on diplome_mef (cfd);

    -- INSEE Sirene establishments.
    create table etablissement (
      siret text primary key,
      siren text not null,
      etat text not null check (etat in ('A','F')),
      denomination text,
      code_commune text,
      code_postal text,
      run_id bigint references ref_run (id)
    );
    create index etablissement_siren on etablissement (siren);

    -- DGEFP public list of training organisations (NDA, Qualiopi flags).
    create table organisme_declare (
      nda text not null,
      siren text not null,
      siret text,
      denomination text,
      qualiopi_actions_formation boolean not null default false,
      qualiopi_bilans boolean not null default false,
      qualiopi_vae boolean not null default false,
      qualiopi_apprentissage boolean not null default false,
      run_id bigint references ref_run (id),
      primary key (nda)
    );
    create index organisme_declare_siren on organisme_declare (siren);
    create index organisme_declare_siret on organisme_declare (siret);

    -- ACCE UAI directory.
    create table uai (
      uai text primary key,
      siret text,
      denomination text,
      code_commune text,
      code_postal text,
      ouvert boolean,
      lat double precision,
      lon double precision,
      run_id bigint references ref_run (id)
    );
    create index uai_siret on uai (siret);

    -- BCN nomenclatures (levels, dispositifs, specialty letters): code → labels and level.
    create table bcn_nomenclature (
      tableau text not null,
      code text not null,
      libelle_court text,
      libelle_long text,
      niveau text,
      date_ouverture date,
      date_fermeture date,
      run_id bigint references ref_run (id),
      primary key (tableau, code)
    );

    -- Communes × postal codes with WGS84 centroid.
    create table commune (
      code_insee text not null,
      code_postal text not null,
      nom text not null,
      code_departement text,
      code_region text,
      lat double precision,
      lon double precision,
      run_id bigint references ref_run (id),
      primary key (code_insee, code_postal)
    );
    create index commune_code_postal on commune (code_postal);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists bcn_nomenclature, commune, uai, organisme_declare, etablissement, diplome_mef,
    certification_habilitation, certification_lien, certification, ref_run cascade`.execute(db);
}
