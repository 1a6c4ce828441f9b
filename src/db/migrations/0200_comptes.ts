import { type Kysely, sql } from 'kysely';

// Accounts (issue 8 items 1–3): structures (an organisme by SIREN) and their users, sign-in
// sessions, single-use e-mailed tokens, e-mails and in-app notifications, sign-in rate counters.
//
// - A structure is created pending by self-service sign-up and approved by a gestionnaire of its
//   région; bootstrapped organisme users (`offre user add`) get an active structure at once.
// - A user's régions and académies become lists (a gestionnaire may cover several régions).
// - `connexion` is a signed-in session (not a training `session`): the cookie holds a random
//   token, the table only its SHA-256, so a database leak gives no usable session.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table structure (
      siren text primary key,
      raison_sociale text not null,
      region text,
      statut text not null check (statut in ('en_attente', 'active')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by text
    );
    create index structure_attente on structure (region, created_at) where statut = 'en_attente';

    -- Establishments the structure declared at sign-up (Sirene and the DGEFP list are read live).
    create table structure_etablissement (
      siren text not null references structure (siren) on delete cascade,
      siret text not null,
      primary key (siren, siret)
    );

    insert into structure (siren, raison_sociale, statut, decided_at, decided_by)
      select distinct siren, siren, 'active', now(), 'systeme:migration'
      from utilisateur where siren is not null;

    alter table utilisateur drop constraint if exists utilisateur_role_check;
    alter table utilisateur add constraint utilisateur_role_check
      check (role in ('organisme', 'gestionnaire', 'instructeur', 'prescripteur', 'admin'));
    alter table utilisateur
      add column nom text,
      add column regions text[] not null default '{}',
      add column academies text[] not null default '{}',
      add column actif boolean not null default true,
      add column password_changed_at timestamptz;
    update utilisateur set regions = array[region] where region is not null;
    update utilisateur set academies = array[academie] where academie is not null;
    alter table utilisateur drop column region, drop column academie;
    alter table utilisateur add constraint utilisateur_structure
      foreign key (siren) references structure (siren) on delete cascade;
    create index utilisateur_siren on utilisateur (siren);

    create table connexion (
      token_hash text primary key,
      utilisateur_id text not null references utilisateur (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index connexion_utilisateur on connexion (utilisateur_id);

    -- Single-use links sent by e-mail: password reset (a user) and invitation (an address).
    create table jeton (
      token_hash text primary key,
      type text not null check (type in ('reinitialisation', 'invitation')),
      utilisateur_id text references utilisateur (id) on delete cascade,
      email text not null,
      siren text references structure (siren) on delete cascade,
      cree_par text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table courriel (
      id text primary key,
      destinataire text not null,
      modele text not null,
      sujet text not null,
      -- Kept only while the message waits in the outbox (no SMTP, or sending failed).
      texte text,
      statut text not null check (statut in ('envoye', 'en_attente', 'echec')),
      erreur text,
      created_at timestamptz not null,
      envoye_at timestamptz
    );
    create index courriel_boite on courriel (created_at) where statut <> 'envoye';

    create table notification (
      id text primary key,
      utilisateur_id text not null references utilisateur (id) on delete cascade,
      titre text not null,
      texte text not null,
      lien text,
      created_at timestamptz not null,
      lue_at timestamptz
    );
    create index notification_utilisateur on notification (utilisateur_id, created_at desc);

    -- Attempts per key (IP or account) and window, shared by every server process.
    create table limite_tentative (
      cle text primary key,
      nombre integer not null,
      fin timestamptz not null
    );

    -- Server-wide secrets (cookie signing) when OFFRE_SECRET is not set: shared by every process.
    create table secret_serveur (nom text primary key, valeur text not null);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists secret_serveur, limite_tentative, notification, courriel, jeton, connexion cascade;
    alter table utilisateur drop constraint if exists utilisateur_structure;
    alter table utilisateur add column region text, add column academie text;
    update utilisateur set region = regions[1], academie = academies[1];
    alter table utilisateur drop column nom, drop column regions, drop column academies, drop column actif,
      drop column password_changed_at;
    delete from utilisateur where role = 'prescripteur';
    alter table utilisateur drop constraint if exists utilisateur_role_check;
    alter table utilisateur add constraint utilisateur_role_check
      check (role in ('organisme','gestionnaire','instructeur','admin'));
    drop table if exists structure_etablissement, structure cascade;
  `.execute(db);
}
