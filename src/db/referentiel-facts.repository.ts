import { sql } from 'kysely';
import { nomsConnus } from '../domain/organisme-nom.ts';
import type {
  CertificationFact,
  CommuneAncienneFact,
  CommuneFact,
  HabilitationFact,
  ListeMarches,
  LoadedReferences,
  MarcheFact,
  MefFact,
  OrganismeDeclareFact,
  Provenance,
} from '../domain/referentiel.ts';
import { normalizeNumeroMarche } from '../domain/referentiel.ts';
import { normalizeCfd, normalizeCodeRncp } from '../domain/regles/certification.ts';
import { indexVoisines } from '../domain/regles/doublon.ts';
import { indexCommunesAnciennes } from '../domain/regles/lieu-commune.regle.ts';
import type { FaitsReference, FormationAControler, IndexVoisines } from '../domain/regles/types.ts';
import type { Executor } from './executor.ts';

// Loads, in a few batched queries, the reference facts a batch of formations needs. Every query
// is ordered: messages name the first match, and the same facts must give the same results.

export type Runs = ReadonlyMap<number, Provenance>;

/** Every finished reference run, and the latest one per kind. */
export async function loadRuns(db: Executor): Promise<{ runs: Runs; charges: LoadedReferences }> {
  // Both reads at once: the MEF's run is only used when a BCN import finished.
  const [rows, dernierMef] = await Promise.all([
    db
      .selectFrom('ref_run')
      .select(['id', 'kind', 'fichier', 'date_fichier', 'started_at'])
      .where('finished_at', 'is not', null)
      .orderBy('id')
      .execute(),
    db.selectFrom('diplome_mef').select('run_id').orderBy('run_id', 'desc').limit(1).executeTakeFirst(),
  ]);
  const runs = new Map<number, Provenance>();
  const latest: Record<string, Provenance | null> = {};
  for (const r of rows) {
    const p: Provenance = {
      run_id: r.id,
      kind: r.kind,
      fichier: r.fichier,
      date: r.date_fichier ? new Date(r.date_fichier).toISOString().slice(0, 10) : null,
      importe_le: new Date(r.started_at).toISOString(),
    };
    runs.set(r.id, p);
    latest[r.kind] = p;
  }
  // MEF come with a BCN import; they count as loaded only when the n_mef table was imported.
  const mef = latest.bcn ? dernierMef : undefined;
  const charges: LoadedReferences = {
    rncp: latest.rncp ?? null,
    bcn: latest.bcn ?? null,
    mef: mef ? (mef.run_id !== null && runs.get(mef.run_id)) || latest.bcn || null : null,
    sirene: latest.sirene ?? null,
    lpof: latest.lpof ?? null,
    acce: latest.acce ?? null,
    communes: latest.communes ?? null,
  };
  return { runs, charges };
}

function groupBy<T>(rows: readonly T[], key: (t: T) => string | null | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (!k) continue;
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const ARRONDISSEMENTS: Readonly<Record<string, string[]>> = {
  '75056': Array.from({ length: 20 }, (_, i) => `751${String(i + 1).padStart(2, '0')}`),
  '69123': Array.from({ length: 9 }, (_, i) => `6938${i + 1}`),
  '13055': Array.from({ length: 16 }, (_, i) => `132${String(i + 1).padStart(2, '0')}`),
};

const anyOf = (xs: readonly string[]) => sql<string>`any(cast(${[...xs]} as text[]))`;

/**
 * The communes of these INSEE codes or of these postal codes, sorted by their key (code_insee,
 * code_postal): one lookup by each index, joined by a union (a commune's key is in its columns, so
 * the union drops only a commune found by both lists). Written as one `or`, the planner read all
 * ≈ 35,000 communes for each conformity round of an import (a bitmap of both indexes costed as much
 * as the whole table: docs/mesures.md « Import LHEO : les statistiques des référentiels »).
 */
export function communesDesLieux(db: Executor, insees: readonly string[], codesPostaux: readonly string[]) {
  const colonnes = ['code_insee', 'code_postal', 'nom', 'lat', 'lon'] as const;
  return db
    .selectFrom('commune')
    .select(colonnes)
    .where('code_insee', '=', anyOf(insees))
    .union(db.selectFrom('commune').select(colonnes).where('code_postal', '=', anyOf(codesPostaux)))
    .orderBy('code_insee')
    .orderBy('code_postal');
}
const uniq = (xs: Iterable<string | null | undefined>) => [
  ...new Set([...xs].filter((x): x is string => !!x)),
];

export async function loadFaits(
  db: Executor,
  formations: readonly FormationAControler[],
  ctx: { runs: Runs; charges: LoadedReferences },
  /**
   * Whether `formations` are the stored ones, read by `db` (loadFormationsAControler): their live
   * sessions are then those FORM_DOUBLON's index reads, not read again. False (default): a
   * formation may be a revision's state, its stored sessions are read.
   */
  stockees = false,
): Promise<FaitsReference> {
  const prov = (id: number | null) => (id === null ? null : (ctx.runs.get(id) ?? null));
  const orgs = formations.flatMap((f) => [f.responsable, f.formateur]).filter((o) => o !== null);
  const sirets = uniq(orgs.map((o) => o.siret));
  const sirens = uniq(orgs.map((o) => o.siren));
  const rncps = uniq(formations.map((f) => normalizeCodeRncp(f.code_rncp)));
  const cfds = uniq(formations.map((f) => normalizeCfd(f.code_cfd)));

  // Reads in three waves, each wave's reads at once (issue 9: the review page checks one offer
  // live, its cost is round trips): the facts the offers name, their markets and neighbours; then
  // the successions and the communes, which need the first wave's rows; then the former communes.
  // The names of the organismes (their messages name them) come with the same reads: the
  // establishments' and the DGEFP rows' own names, and the structures of their SIRENs.
  const [certRows, habRows, mefRows, etabRows, odRows, structures, marches, voisines] = await Promise.all([
    db
      .selectFrom('certification')
      .selectAll()
      .where('code', '=', anyOf([...rncps, ...cfds]))
      .execute(),
    // Rules only ask whether one of the batch's organismes is habilitated: a fiche's other partners stay out.
    db
      .selectFrom('certification_habilitation')
      .selectAll()
      .where('code', '=', anyOf(rncps))
      .where('siret', '=', anyOf(sirets))
      .orderBy('role')
      .orderBy('siret')
      .execute(),
    db.selectFrom('diplome_mef').selectAll().where('cfd', '=', anyOf(cfds)).orderBy('mef').execute(),
    db
      .selectFrom('etablissement')
      .select(['siret', 'siren', 'etat', 'code_commune', 'run_id', 'denomination'])
      .where('siret', '=', anyOf(sirets))
      .execute(),
    db
      .selectFrom('organisme_declare')
      .select(['nda', 'siren', 'siret', 'qualiopi_apprentissage', 'run_id', 'denomination'])
      .where((eb) => eb.or([eb('siret', '=', anyOf(sirets)), eb('siren', '=', anyOf(sirens))]))
      .orderBy('nda')
      .execute(),
    db
      .selectFrom('structure')
      .select(['siren', 'raison_sociale as nom'])
      .where('siren', '=', anyOf(sirens))
      .whereRef('raison_sociale', '<>', 'siren')
      .execute(),
    loadMarches(db, formations, ctx.runs),
    loadVoisines(db, formations, stockees),
  ]);
  // Successions, declared by the old certification (successeurs) or by the new one
  // (predecesseurs), followed along chains (A → B → C) so that rules can name the active end.
  type CertRow = (typeof certRows)[number];
  const parCode = new Map<string, CertRow>(certRows.map((c) => [c.code, c]));
  let frontiere = [...parCode.keys()];
  // Started now, awaited once the communes are asked for.
  const successions = (async () => {
    for (let profondeur = 0; frontiere.length > 0 && profondeur < 8; profondeur++) {
      const suivants = uniq(frontiere.flatMap((c) => parCode.get(c)?.successeurs ?? [])).filter(
        (s) => !parCode.has(s),
      );
      const rows = await db
        .selectFrom('certification')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('code', '=', anyOf(suivants)),
            eb('predecesseurs', '&&', sql<string[]>`cast(${frontiere} as text[])`),
          ]),
        )
        .orderBy('code')
        .execute();
      frontiere = [];
      for (const r of rows)
        if (!parCode.has(r.code)) {
          parCode.set(r.code, r);
          frontiere.push(r.code);
        }
    }
  })();
  // Its failure is thrown where it is awaited below, not reported as unhandled meanwhile.
  successions.catch(() => undefined);

  const insees = uniq([
    ...formations.flatMap((f) => f.sessions.map((s) => s.code_insee)),
    ...orgs.map((o) => o.code_insee),
    ...etabRows.map((e) => e.code_commune),
  ]);
  const withArr = uniq(insees.flatMap((c) => [c, ...(ARRONDISSEMENTS[c] ?? [])]));
  const cps = uniq(formations.flatMap((f) => f.sessions.map((s) => s.code_postal)));
  const communeRows = ctx.charges.communes ? await communesDesLieux(db, withArr, cps).execute() : [];

  await successions;
  const declaresParLeNouveau = new Map<string, string[]>();
  for (const c of parCode.values())
    for (const p of c.predecesseurs)
      declaresParLeNouveau.set(p, [...(declaresParLeNouveau.get(p) ?? []), c.code]);
  const succRows = [...parCode.values()].filter((c) => !certRows.includes(c));

  const certifications = new Map<string, CertificationFact>();
  for (const c of [...certRows, ...succRows]) {
    certifications.set(c.code, {
      type: c.type as CertificationFact['type'],
      code: c.code,
      intitule: c.intitule,
      niveau: c.niveau,
      type_diplome: c.type_diplome,
      type_enregistrement: c.type_enregistrement as CertificationFact['type_enregistrement'],
      actif: c.actif,
      date_debut: c.date_debut,
      date_fin: c.date_fin,
      ouvert_apprentissage: c.ouvert_apprentissage,
      successeurs: uniq([...c.successeurs, ...(declaresParLeNouveau.get(c.code) ?? [])]),
      provenance: prov(c.run_id),
    });
  }
  const habilitations = groupBy(
    habRows.map(
      (h): HabilitationFact => ({
        code: h.code,
        siret: h.siret,
        role: h.role as HabilitationFact['role'],
        habilitation: h.habilitation,
        actif: h.actif,
        provenance: prov(h.run_id),
      }),
    ),
    (h) => h.code,
  );
  const mef = groupBy(
    mefRows.map((m): MefFact => ({ mef: m.mef, cfd: m.cfd, duree: m.duree, annee: m.annee })),
    (m) => m.cfd,
  );
  const etablissements = new Map(
    etabRows.map((e) => [
      e.siret,
      {
        siret: e.siret,
        siren: e.siren,
        etat: e.etat as 'A' | 'F',
        code_commune: e.code_commune,
        provenance: prov(e.run_id),
      },
    ]),
  );
  const ods = odRows.map(
    (o): OrganismeDeclareFact => ({
      nda: o.nda,
      siren: o.siren,
      siret: o.siret,
      qualiopi_apprentissage: o.qualiopi_apprentissage,
      provenance: prov(o.run_id),
    }),
  );
  const communes = communeRows.map((c): CommuneFact => c);
  // Delegated and associated communes of the places' communes, or whose former code a place carries.
  const actuelles = uniq([...withArr, ...communeRows.map((c) => c.code_insee)]);
  const anciennes: CommuneAncienneFact[] = ctx.charges.communes
    ? await db
        .selectFrom('commune_ancienne')
        .select(['code_insee', 'nom', 'code_insee_ancien', 'statut'])
        .where((eb) =>
          eb.or([eb('code_insee', '=', anyOf(actuelles)), eb('code_insee_ancien', '=', anyOf(insees))]),
        )
        .orderBy('code_insee')
        .orderBy('nom')
        .execute()
    : [];

  return {
    charges: ctx.charges,
    certifications,
    habilitations,
    mef,
    etablissements,
    organismesDeclaresParSiret: groupBy(ods, (o) => o.siret),
    organismesDeclaresParSiren: groupBy(ods, (o) => o.siren),
    communesParInsee: groupBy(communes, (c) => c.code_insee),
    communesParCodePostal: groupBy(communes, (c) => c.code_postal),
    communesAnciennes: indexCommunesAnciennes(anciennes),
    marches,
    voisines,
    noms: nomsConnus(sirets, {
      organismes: orgs.map((o) => ({ siret: o.siret, nom: o.raison_sociale })),
      structures,
      declares: odRows.map((o) => ({ siret: o.siret, nom: o.denomination })),
      sirene: etabRows.map((e) => ({ siret: e.siret, nom: e.denomination })),
    }),
  };
}

/**
 * The funders whose list of markets has been imported (latest run per financeur), with the markets
 * the batch's sessions name.
 */
async function loadMarches(
  db: Executor,
  formations: readonly FormationAControler[],
  runs: Runs,
): Promise<Map<string, ListeMarches>> {
  const listes = await sql<{ jeu: string; id: number }>`
    select distinct on (jeu) jeu, id from ref_run
    where kind = 'marches' and finished_at is not null order by jeu, id desc`.execute(db);
  const out = new Map<string, ListeMarches>();
  if (listes.rows.length === 0) return out;
  const numeros = uniq(
    formations.flatMap((f) =>
      f.sessions.map((s) => s.numero_marche && normalizeNumeroMarche(s.numero_marche)),
    ),
  );
  const rows = numeros.length
    ? await db
        .selectFrom('marche')
        .select([
          'financeur',
          'numero',
          'organisme',
          'intitule',
          'date_debut',
          'date_fin',
          'date_notification',
        ])
        .where('numero', '=', anyOf(numeros))
        .orderBy('financeur')
        .orderBy('numero')
        .execute()
    : [];
  const parFinanceur = groupBy(rows as MarcheFact[], (m) => m.financeur);
  for (const l of listes.rows) {
    const provenance = runs.get(Number(l.id));
    if (!provenance) continue;
    out.set(l.jeu, {
      provenance,
      parNumero: new Map((parFinanceur.get(l.jeu) ?? []).map((m) => [m.numero, m])),
    });
  }
  return out;
}

/** The columns that make a FORM_DOUBLON group (equal, nulls included). */
interface Groupe {
  readonly responsable_siret: string | null;
  readonly code_rncp: string | null;
  readonly code_cfd: string | null;
  readonly formateur_siret: string | null;
}

/**
 * The live formations of the FORM_DOUBLON groups of formations `ids` (their stored rows, even
 * archived: the four columns equal, nulls included), in one statement (one round trip: the review
 * page counts them), kept by the server (`offre check` of 10,000 imported formations received
 * 42,523 rows for ≈ 11,000 members when they were kept here): the offer of their responsables, by
 * the responsable index (one pass over each), then a hash lookup of each formation's group. The
 * group is an array (array equality holds nulls equal, and hashes): joined on the responsable
 * with `is not distinct from` for the other columns, PostgreSQL compared each formation with
 * every group of its responsable, a product (one network of 3,500 formations in ≈ 3,200 groups:
 * ≈ 2 million rows for 600 formations written; test/conformite/doublon-groupes-plan.test.ts).
 */
export function membresDesGroupes(ids: readonly string[]) {
  return sql<Groupe & { id: string; intitule: string | null; cle_externe: string | null }>`
    select f.id, f.intitule, f.cle_externe, f.responsable_siret, f.code_rncp, f.code_cfd, f.formateur_siret
    from formation f
    where f.responsable_siret = any(array(select distinct responsable_siret from formation where id = ${anyOf(ids)}))
      and f.statut not in ('archivee', 'supprimee')
      and array[f.responsable_siret, f.code_rncp, f.code_cfd, f.formateur_siret] in (
        select array[responsable_siret, code_rncp, code_cfd, formateur_siret] from formation where id = ${anyOf(ids)})`;
}

/**
 * The live formations of the groups (responsable, certification codes, formateur) of `formations`,
 * with their sessions, indexed for FORM_DOUBLON: rows of the groups, never pairs of formations
 * (issue 15, defect 5), so that memory and time grow with the group, not with its square.
 */
async function loadVoisines(
  db: Executor,
  formations: readonly FormationAControler[],
  stockees: boolean,
): Promise<IndexVoisines> {
  const ids = formations.filter((f) => f.responsable && (f.code_rncp || f.code_cfd)).map((f) => f.id);
  if (ids.length === 0) return new Map();
  const { rows: membres } = await membresDesGroupes(ids).execute(db);
  if (membres.length <= 1) return new Map();
  // The sessions of the members `formations` hold already (stored: every live one) are not read again.
  const lues = new Map(stockees ? formations.map((f) => [f.id, f.sessions]) : []);
  const autres = membres.filter((m) => !lues.has(m.id)).map((m) => m.id);
  const sessions = autres.length
    ? await db
        .selectFrom('session')
        .select(['formation_id', 'debut', 'fin', 'code_insee'])
        .where('formation_id', '=', anyOf(autres))
        .where('archivee', '=', false)
        .where('code_insee', 'is not', null)
        .execute()
    : [];
  const parFormation = groupBy(sessions, (x) => x.formation_id);
  for (const [id, liste] of lues)
    parFormation.set(
      id,
      liste
        .filter((x) => x.code_insee !== null)
        .map((x) => ({ formation_id: id, debut: x.debut, fin: x.fin, code_insee: x.code_insee })),
    );
  return indexVoisines(membres.map((m) => ({ ...m, sessions: parFormation.get(m.id) ?? [] })));
}
