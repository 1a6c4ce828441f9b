import { sql } from 'kysely';
import type {
  ContactAControler,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
  SessionAControler,
} from '../domain/regles/types.ts';
import type { Executor } from './executor.ts';

// Conformity: load formations as the rules read them; store their results and derived fields.

const any = (xs: readonly string[]) => sql<string>`any(cast(${[...xs]} as text[]))`;
const dateOf = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export async function loadFormationsAControler(
  db: Executor,
  ids: readonly string[],
): Promise<FormationAControler[]> {
  if (ids.length === 0) return [];
  const [rows, sessions, contacts] = await Promise.all([
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
        'formation_continue',
        'contrat_professionnalisation',
        'contrat_apprentissage',
        'annees_apprentissage',
        'duree_annees',
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
        'code_insee',
        'uai_lieu',
        'lat',
        'lon',
        'financeur',
        'numero_marche',
        'date_notification_marche',
        'created_at',
      ])
      .where('formation_id', '=', any(ids))
      .where('archivee', '=', false)
      .orderBy('formation_id')
      .orderBy('debut')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('contact')
      .select(['formation_id', 'session_id', 'type', 'nom', 'telephone', 'courriel'])
      .where('formation_id', '=', any(ids))
      .unionAll(
        db
          .selectFrom('contact')
          .innerJoin('session', 'session.id', 'contact.session_id')
          .select([
            'contact.formation_id',
            'contact.session_id',
            'contact.type',
            'contact.nom',
            'contact.telephone',
            'contact.courriel',
          ])
          .where('session.formation_id', '=', any(ids)),
      )
      .execute(),
  ]);
  const sirets = [
    ...new Set(rows.flatMap((r) => [r.responsable_siret, r.formateur_siret]).filter((s): s is string => !!s)),
  ];
  const [orgRows, orgContacts] = sirets.length
    ? await Promise.all([
        db
          .selectFrom('organisme')
          .select(['siret', 'siren', 'uai', 'nda', 'raison_sociale', 'code_insee', 'lat', 'lon'])
          .where('siret', '=', any(sirets))
          .execute(),
        db
          .selectFrom('contact')
          .select(['organisme_siret', 'type', 'nom', 'telephone', 'courriel'])
          .where('organisme_siret', '=', any(sirets))
          .execute(),
      ])
    : [[], []];
  const contact = (c: {
    type: string;
    nom: string | null;
    telephone: string | null;
    courriel: string | null;
  }): ContactAControler => ({ type: c.type, nom: c.nom, telephone: c.telephone, courriel: c.courriel });
  const organismes = new Map<string, OrganismeAControler>(
    orgRows.map((o) => [
      o.siret,
      { ...o, contacts: orgContacts.filter((c) => c.organisme_siret === o.siret).map(contact) },
    ]),
  );
  const sessionContacts = new Map(
    contacts.filter((c) => c.session_id).map((c) => [c.session_id!, contact(c)]),
  );
  const formationContacts = new Map<string, ContactAControler[]>();
  for (const c of contacts)
    if (c.formation_id)
      (
        formationContacts.get(c.formation_id) ??
        formationContacts.set(c.formation_id, []).get(c.formation_id)!
      ).push(contact(c));
  const sessionsOf = new Map<string, SessionAControler[]>();
  for (const s of sessions) {
    const v: SessionAControler = {
      ...s,
      saisie_le: dateOf(s.created_at),
      contact: sessionContacts.get(s.id) ?? null,
    };
    (sessionsOf.get(s.formation_id) ?? sessionsOf.set(s.formation_id, []).get(s.formation_id)!).push(v);
  }
  const org = (siret: string | null) =>
    siret
      ? (organismes.get(siret) ?? {
          siret,
          siren: siret.slice(0, 9),
          uai: null,
          nda: null,
          raison_sociale: null,
          code_insee: null,
          lat: null,
          lon: null,
          contacts: [],
        })
      : null;
  return rows.map(({ responsable_siret, formateur_siret, ...r }) => ({
    ...r,
    responsable: org(responsable_siret),
    formateur: org(formateur_siret),
    contacts: formationContacts.get(r.id) ?? [],
    sessions: sessionsOf.get(r.id) ?? [],
  }));
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

export async function loadEmpreintes(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('controle_formation')
    .select(['formation_id', 'empreinte'])
    .where('formation_id', '=', any(ids))
    .execute();
  return new Map(rows.map((r) => [r.formation_id, r.empreinte]));
}

export interface ResultatsFormation {
  readonly formation_id: string;
  readonly empreinte: string;
  readonly resultats: readonly ResultatControle[];
}

/** Replaces the stored results of the given formations (unnest: a handful of parameters whatever the size). */
export async function replaceControles(
  trx: Executor,
  changed: readonly ResultatsFormation[],
  now: Date,
): Promise<void> {
  if (changed.length === 0) return;
  const ids = changed.map((c) => c.formation_id);
  await trx.deleteFrom('controle').where('formation_id', '=', any(ids)).execute();
  const cols = {
    f: [] as string[],
    code: [] as string[],
    champ: [] as (string | null)[],
    res: [] as string[],
    sev: [] as string[],
    msg: [] as string[],
    ev: [] as string[],
  };
  for (const c of changed) {
    for (const r of c.resultats) {
      cols.f.push(c.formation_id);
      cols.code.push(r.code);
      cols.champ.push(r.champ);
      cols.res.push(r.resultat);
      cols.sev.push(r.severite);
      cols.msg.push(r.message);
      cols.ev.push(JSON.stringify(r.preuves));
    }
  }
  await sql`insert into controle (formation_id, code, champ, resultat, severite, message, evidence, computed_at)
    select f, code, champ, res, sev, msg, ev::jsonb, ${now} from unnest(${cols.f}::text[], ${cols.code}::text[], ${cols.champ}::text[], ${cols.res}::text[], ${cols.sev}::text[], ${cols.msg}::text[], ${cols.ev}::text[])
      as t(f, code, champ, res, sev, msg, ev)`.execute(trx);
  await sql`insert into controle_formation (formation_id, empreinte, computed_at, verifie_at)
    select f, e, ${now}, ${now} from unnest(${ids}::text[], ${changed.map((c) => c.empreinte)}::text[]) as t(f, e)
    on conflict (formation_id) do update set empreinte = excluded.empreinte, computed_at = excluded.computed_at, verifie_at = excluded.verifie_at`.execute(
    trx,
  );
}

export async function touchVerifie(trx: Executor, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length)
    await trx
      .updateTable('controle_formation')
      .set({ verifie_at: now })
      .where('formation_id', '=', any(ids))
      .execute();
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

export interface EchecStocke {
  readonly code: string;
  readonly severite: 'bloquant' | 'plateforme' | 'alerte';
  readonly message: string;
  readonly champ: string | null;
}

/** The failures of each formation (for the formation JSON's conformite.echecs). */
export async function loadEchecs(db: Executor, ids: readonly string[]): Promise<Map<string, EchecStocke[]>> {
  const out = new Map<string, EchecStocke[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('controle')
    .select(['formation_id', 'code', 'severite', 'message', 'champ'])
    .where('formation_id', '=', any(ids))
    .where('resultat', '=', 'echec')
    .execute();
  for (const { formation_id, ...e } of rows)
    (out.get(formation_id) ?? out.set(formation_id, []).get(formation_id)!).push(e as EchecStocke);
  return out;
}

export function loadControles(db: Executor, id: string) {
  return db
    .selectFrom('controle')
    .select(['code', 'champ', 'resultat', 'severite', 'message', 'evidence', 'computed_at'])
    .where('formation_id', '=', id)
    .execute();
}

/** Count of failures per code and the catalogue split, for `offre check`. */
export async function resumeControles(db: Executor) {
  const [parCode, catalogue] = await Promise.all([
    db
      .selectFrom('controle')
      .select(['code', 'severite'])
      .select((eb) => eb.fn.count<number>('formation_id').distinct().as('n'))
      .where('resultat', '=', 'echec')
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
