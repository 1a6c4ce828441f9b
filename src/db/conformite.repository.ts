import { sql } from 'kysely';
import { FUSEAU } from '../domain/dates.ts';
import { formationsAControler } from '../domain/regles/a-controler.ts';
import type {
  ContactAControler,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
} from '../domain/regles/types.ts';
import type { Executor } from './executor.ts';

// Conformity: load formations as the rules read them; store their results and derived fields.

const any = (xs: readonly string[]) => sql<string>`any(cast(${[...xs]} as text[]))`;

export async function loadFormationsAControler(
  db: Executor,
  ids: readonly string[],
): Promise<FormationAControler[]> {
  if (ids.length === 0) return [];
  const [rows, sessions] = await Promise.all([
    db
      .selectFrom('formation')
      .select([
        'id',
        'cle_externe',
        'siren_proprietaire',
        'statut',
        'intitule',
        'objectif',
        'code_rncp',
        'code_cfd',
        'responsable_siret',
        'formateur_siret',
        'responsable_uai',
        'formateur_uai',
        'formation_continue',
        'contrat_professionnalisation',
        'contrat_apprentissage',
        'annees_apprentissage',
        'duree_annees',
        'financeurs',
      ])
      .where('id', '=', any(ids))
      .execute(),
    db
      .selectFrom('session')
      .select([
        'id',
        'formation_id',
        'debut',
        'fin',
        'etat_recrutement',
        'code_postal',
        'commune',
        'cedex',
        'code_insee',
        'uai_lieu',
        'lat',
        'lon',
        'financeur',
        'numero_marche',
        'date_notification_marche',
        // The Paris day (the rules' days, domain/dates.ts FUSEAU), as a string: no Date parsed per row.
        sql<string>`to_char(created_at at time zone ${FUSEAU}, 'YYYY-MM-DD')`.as('saisie_le'),
      ])
      .where('formation_id', '=', any(ids))
      .where('archivee', '=', false)
      .orderBy('formation_id')
      .orderBy('debut')
      .orderBy('id')
      .execute(),
  ]);
  // A contact has exactly one owner: the formation's own, and those of its live sessions.
  const sessionIds = sessions.map((x) => x.id);
  const sirets = rows
    .flatMap((r) => [r.responsable_siret, r.formateur_siret])
    .filter((s): s is string => !!s);
  const [contacts, organismes] = await Promise.all([
    db
      .selectFrom('contact')
      .select(['formation_id', 'session_id', 'type', 'nom', 'telephone', 'courriel'])
      .where((eb) => eb.or([eb('formation_id', '=', any(ids)), eb('session_id', '=', any(sessionIds))]))
      .execute(),
    loadOrganismesAControler(db, sirets),
  ]);
  return formationsAControler(rows, sessions, contacts, organismes);
}

/** The facts of the establishments `sirets` the rules read, keyed by SIRET (unknown ones absent). */
export async function loadOrganismesAControler(
  db: Executor,
  sirets: readonly string[],
): Promise<Map<string, OrganismeAControler>> {
  const uniques = [...new Set(sirets)];
  if (uniques.length === 0) return new Map();
  const [orgRows, orgContacts] = await Promise.all([
    db
      .selectFrom('organisme')
      .select(['siret', 'siren', 'uai', 'nda', 'raison_sociale', 'code_insee', 'lat', 'lon'])
      .where('siret', '=', any(uniques))
      .execute(),
    db
      .selectFrom('contact')
      .select(['organisme_siret', 'type', 'nom', 'telephone', 'courriel'])
      .where('organisme_siret', '=', any(uniques))
      .execute(),
  ]);
  const contactsOf = new Map<string, ContactAControler[]>();
  for (const { organisme_siret: siret, type, nom, telephone, courriel } of orgContacts)
    if (siret)
      (contactsOf.get(siret) ?? contactsOf.set(siret, []).get(siret)!).push({
        type,
        nom,
        telephone,
        courriel,
      });
  return new Map(orgRows.map((o) => [o.siret, { ...o, contacts: contactsOf.get(o.siret) ?? [] }]));
}

/**
 * Formation ids in id order, `limit` after `after`, each with the digest of its stored failures
 * (null: none stored) for saveEchecs' `connues` (recompute everything in chunks).
 */
export async function nextFormationEmpreintes(
  db: Executor,
  after: string | null,
  limit: number,
): Promise<{ id: string; empreinte: string | null }[]> {
  return db
    .selectFrom('formation as f')
    .leftJoin('controle_formation as c', 'c.formation_id', 'f.id')
    .select(['f.id', 'c.empreinte'])
    .$if(after !== null, (q) => q.where('f.id', '>', after!))
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

/** Formation ids in id order, `limit` after `after` (recompute everything in chunks). */
export async function nextFormationIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('formation')
    .select('id')
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countFormations(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('formation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface EchecsFormation {
  readonly formation_id: string;
  /** Digest of the failures; null when the formation has none (then it has no stored row at all). */
  readonly empreinte: string | null;
  readonly echecs: readonly ResultatControle[];
}

/**
 * Stores the failures of a batch of formations in one statement: the database compares each
 * digest with the stored one and rewrites only the formations whose failures changed (a formation
 * without failure has no row). Returns the ids of those formations, each with whether what the
 * formation JSON shows of its failures (code, severity, message, field; not the rules of
 * `horsDocument`, nor the evidence) changed: a change of its document, which the feed records.
 *
 * `connues`: the stored digests as the caller read them (null: none stored). The failures of a
 * formation whose digest is the one read are not sent (after an import, `offre check` sent ≈ 2.3 MB
 * of failures per 10,000 formations that the server compared and dropped); should its stored digest
 * have changed since (another transaction), the statement writes nothing of it and it is stored by
 * a second statement with its failures: the same rows as if all had been sent.
 */
export async function saveEchecs(
  trx: Executor,
  rows: readonly EchecsFormation[],
  now: Date,
  horsDocument: readonly string[] = [],
  connues?: ReadonlyMap<string, string | null>,
): Promise<{ f: string; document: boolean }[]> {
  if (rows.length === 0) return [];
  const omises = connues
    ? rows.filter((r) => r.empreinte !== null && connues.get(r.formation_id) === r.empreinte)
    : [];
  const omis = new Set(omises.map((r) => r.formation_id));
  const e = {
    f: [] as string[],
    code: [] as string[],
    champ: [] as (string | null)[],
    sev: [] as string[],
    msg: [] as string[],
    ev: [] as string[],
    liee: [] as (string | null)[],
  };
  for (const r of rows)
    if (!omis.has(r.formation_id))
      for (const x of r.echecs) {
        e.f.push(r.formation_id);
        e.code.push(x.code);
        e.champ.push(x.champ);
        e.sev.push(x.severite);
        e.msg.push(x.message);
        e.ev.push(JSON.stringify(x.preuves));
        e.liee.push(x.formation_liee ?? null);
      }
  // What the JSON shows of one failure, compared as a set (the JSON orders them itself).
  const vu = (a: string) =>
    sql.raw(`${a}.code || '|' || ${a}.severite || '|' || ${a}.message || '|' || coalesce(${a}.champ, '')`);
  const { rows: out } = await sql<{ f: string; document: boolean; omise: boolean }>`
    with tous as (
      select v.f, v.e, v.f = any(${[...omis]}::text[]) as omise
      from unnest(${rows.map((r) => r.formation_id)}::text[], ${rows.map((r) => r.empreinte)}::text[]) as v(f, e)
        left join controle_formation c on c.formation_id = v.f
      where v.e is distinct from c.empreinte
    ),
    v as (select f, e from tous where not omise),
    t as (
      select * from unnest(${e.f}::text[], ${e.code}::text[], ${e.champ}::text[], ${e.sev}::text[], ${e.msg}::text[], ${e.ev}::text[], ${e.liee}::text[])
        with ordinality as t(f, code, champ, sev, msg, ev, liee, n)
      where t.f in (select f from v)
    ),
    del_e as (delete from controle_echec where formation_id in (select f from v)),
    del_d as (delete from controle_formation where formation_id in (select f from v where e is null)),
    ins_d as (
      insert into controle_formation (formation_id, empreinte, computed_at) select f, e, ${now} from v where e is not null
      on conflict (formation_id) do update set empreinte = excluded.empreinte, computed_at = excluded.computed_at
    ),
    ins_e as (
      insert into controle_echec (formation_id, code, champ, severite, message, evidence, computed_at, formation_liee)
      select t.f, t.code, t.champ, t.sev, t.msg, t.ev::jsonb, ${now}, t.liee from t order by t.n
    ),
    anc as (
      select x.formation_id as f, array_agg(${vu('x')} order by ${vu('x')}) as a from controle_echec x
      where x.formation_id in (select f from v) and x.code <> all(${[...horsDocument]}::text[]) group by x.formation_id
    ),
    nouv as (
      select t.f, array_agg(${vu('t')} order by ${vu('t')}) as a
      from t as t(f, code, champ, severite, message) where t.code <> all(${[...horsDocument]}::text[]) group by t.f
    )
    select v.f, coalesce(anc.a, '{}') is distinct from coalesce(nouv.a, '{}') as document, false as omise
    from v left join anc on anc.f = v.f left join nouv on nouv.f = v.f
    union all
    select f, null, true from tous where omise`.execute(trx);
  const ecrites = out.filter((r) => !r.omise).map((r) => ({ f: r.f, document: r.document === true }));
  const manquantes = new Set(out.filter((r) => r.omise).map((r) => r.f));
  if (manquantes.size === 0) return ecrites;
  return [
    ...ecrites,
    ...(await saveEchecs(
      trx,
      rows.filter((r) => manquantes.has(r.formation_id)),
      now,
      horsDocument,
    )),
  ];
}

export interface DerivesFormation {
  readonly id: string;
  readonly catalogue: string;
  readonly certifiee: boolean;
  readonly parcoursup: string;
  readonly affelnet: string;
}

/** Writes the derived fields where they changed; returns the ids that changed, their previous catalogue and last edit time. */
export async function updateDerives(
  trx: Executor,
  rows: readonly DerivesFormation[],
): Promise<{ id: string; updated_at: Date; catalogue_avant: string | null }[]> {
  if (rows.length === 0) return [];
  const { rows: out } = await sql<{
    id: string;
    updated_at: Date;
    catalogue_avant: string | null;
  }>`update formation f set catalogue = v.catalogue, certifiee = v.certifiee, parcoursup = v.parcoursup, affelnet = v.affelnet
    from formation avant, unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.catalogue)}::text[], ${rows.map((r) => r.certifiee)}::boolean[], ${rows.map((r) => r.parcoursup)}::text[], ${rows.map((r) => r.affelnet)}::text[])
      as v(id, catalogue, certifiee, parcoursup, affelnet)
    where f.id = v.id and avant.id = f.id and (f.catalogue is distinct from v.catalogue or f.certifiee is distinct from v.certifiee or f.parcoursup <> v.parcoursup or f.affelnet <> v.affelnet)
    returning f.id, f.updated_at, avant.catalogue as catalogue_avant`.execute(trx);
  return out;
}

/**
 * Marks as withheld exactly the sessions `retenues` among those of `formationIds` (migration 0440).
 * Returns the formations one of whose sessions changed.
 */
export async function updateSessionsRetenues(
  trx: Executor,
  formationIds: readonly string[],
  retenues: readonly string[],
): Promise<string[]> {
  if (formationIds.length === 0) return [];
  const { rows } = await sql<{
    formation_id: string;
  }>`update session set retenue = (id = any(cast(${[...retenues]} as text[])))
    where formation_id = any(cast(${[...formationIds]} as text[]))
      and retenue is distinct from (id = any(cast(${[...retenues]} as text[])))
    returning formation_id`.execute(trx);
  return [...new Set(rows.map((r) => r.formation_id))];
}

/**
 * Makes the formation_region rows (migration 0660) of `ids` those of their live sessions and their
 * current statut, catalogue verdict and owner: called by every recomputation, after updateDerives.
 * One statement that writes only what differs (a recomputation that changes nothing, such as the
 * `offre check` after an import, rewrote every row: 50,000 deleted and inserted with their three
 * indexes): the rows of a région no live session has any more are deleted, the others inserted
 * or, when a column changed, updated (the two sets of keys are disjoint).
 */
export async function refreshFormationRegions(trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const liste = sql`any(cast(${[...ids]} as text[]))`;
  await sql`with voulues as (
      select distinct s.code_region, f.id as formation_id, f.statut, f.catalogue, f.siren_proprietaire
      from formation f join session s on s.formation_id = f.id
      where f.id = ${liste} and not s.archivee and s.code_region is not null
    ),
    retirees as (
      delete from formation_region r where r.formation_id = ${liste}
        and not exists (select 1 from voulues v where v.code_region = r.code_region and v.formation_id = r.formation_id)
    )
    insert into formation_region (code_region, formation_id, statut, catalogue, siren_proprietaire)
    select v.code_region, v.formation_id, v.statut, v.catalogue, v.siren_proprietaire from voulues v
    where not exists (
      select 1 from formation_region r where r.code_region = v.code_region and r.formation_id = v.formation_id
        and r.statut = v.statut and r.catalogue is not distinct from v.catalogue and r.siren_proprietaire = v.siren_proprietaire)
    on conflict (code_region, formation_id) do update set statut = excluded.statut, catalogue = excluded.catalogue,
      siren_proprietaire = excluded.siren_proprietaire`.execute(trx);
}

export interface EchecStocke {
  readonly code: string;
  readonly severite: 'bloquant' | 'plateforme' | 'alerte';
  readonly message: string;
  readonly champ: string | null;
}

/**
 * The failures of each formation (for the formation JSON's conformite.echecs), blocking ones first,
 * then by rule code, field and message: the same order whatever order the rows were stored in (two
 * failures of one rule, on responsable and formateur, came in either order after a crash).
 */
export async function loadEchecs(db: Executor, ids: readonly string[]): Promise<Map<string, EchecStocke[]>> {
  const out = new Map<string, EchecStocke[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('controle_echec')
    .select(['formation_id', 'code', 'severite', 'message', 'champ'])
    .where('formation_id', '=', any(ids))
    .orderBy(sql`case severite when 'bloquant' then 0 when 'plateforme' then 1 else 2 end`)
    .orderBy(sql`code collate "C"`)
    .orderBy(sql`champ collate "C"`)
    .orderBy(sql`message collate "C"`)
    .execute();
  for (const { formation_id, ...e } of rows)
    (out.get(formation_id) ?? out.set(formation_id, []).get(formation_id)!).push(e as EchecStocke);
  return out;
}

/** Count of failures per code and the catalogue split, for `offre check`. */
export async function resumeControles(db: Executor) {
  const [parCode, catalogue] = await Promise.all([
    db
      .selectFrom('controle_echec')
      .select(['code', 'severite'])
      .select((eb) => eb.fn.count<number>('formation_id').distinct().as('n'))
      .groupBy(['code', 'severite'])
      .orderBy('code')
      .execute(),
    db
      .selectFrom('formation')
      .select(['catalogue'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('catalogue')
      .execute(),
  ]);
  return {
    parCode: parCode.map((r) => ({ ...r, n: Number(r.n) })),
    catalogue: catalogue.map((r) => ({ ...r, n: Number(r.n) })),
  };
}

/** Formations whose certification is one of `codes` (a reference import's impact). */
export async function formationsUsingCertifications(
  db: Executor,
  rncp: readonly string[],
  cfd: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('formation')
    .select('id')
    .where((eb) => eb.or([eb('code_rncp', '=', any(rncp)), eb('code_cfd', '=', any(cfd))]))
    .execute();
  return rows.map((r) => r.id);
}

/** A page of formations with their derived conformity fields (for `offre check --json`). */
export function pageConformite(db: Executor, after: string | null, limit: number) {
  return db
    .selectFrom('formation')
    .select(['id', 'cle_externe', 'intitule', 'catalogue', 'certifiee', 'parcoursup', 'affelnet'])
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
}
