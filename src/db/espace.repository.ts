import { sql } from 'kysely';
import type { Visibilite } from '../domain/acces.ts';
import { prefixeDepartementPostal } from '../domain/commune.ts';
import { isValidSiret } from '../domain/identifiants.ts';
import { nomDuSiren, nomsConnus, type SourcesNoms } from '../domain/organisme-nom.ts';
import type { Executor } from './executor.ts';
import { type FormationFilters, matchingFilters, visibleTo } from './formation.repository.ts';

// Reads of the organisation's space (/espace): counts of one SIREN's offers, the reference
// look-ups of the formation form (certifications, communes, the structure's establishments)
// and likely duplicates. Only SQL here: what to do with the rows is the service's.

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Number of offers of `siren` by statut and catalogue verdict (null = not computed yet). */
export function countEspace(db: Executor, siren: string) {
  return db
    .selectFrom('formation')
    .select(['statut', 'catalogue', sql<number>`count(*)::int`.as('n')])
    .where('siren_proprietaire', '=', siren)
    .groupBy(['statut', 'catalogue'])
    .execute();
}

/** Number of offers of `siren` (not deleted) with at least one failing rule stored. */
export async function countAlertes(db: Executor, siren: string): Promise<number> {
  const r = await db
    .selectFrom('formation')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('siren_proprietaire', '=', siren)
    .where('statut', '<>', 'supprimee')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('controle_echec')
          .select(sql.lit(1).as('x'))
          .whereRef('controle_echec.formation_id', '=', 'formation.id'),
      ),
    )
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * Number of published offers of `siren` by the statut of their open revision: submitted
 * (`en_attente_validation`) or returned (`a_corriger`). Those offers count in that tab too.
 */
export async function countRevisionsOuvertes(
  db: Executor,
  siren: string,
): Promise<Record<'en_attente_validation' | 'a_corriger', number>> {
  const rows = await db
    .selectFrom('formation')
    .innerJoin('formation_revision', 'formation_revision.formation_id', 'formation.id')
    .select(['formation_revision.statut', sql<number>`count(*)::int`.as('n')])
    .where('formation.siren_proprietaire', '=', siren)
    .where('formation.statut', '=', 'publiee')
    .where('formation_revision.statut', 'in', ['en_attente_validation', 'a_corriger'])
    .groupBy('formation_revision.statut')
    .execute();
  const n = (statut: string) => rows.find((r) => r.statut === statut)?.n ?? 0;
  return { en_attente_validation: n('en_attente_validation'), a_corriger: n('a_corriger') };
}

/**
 * A keyset page (by id) of the offers `v` may see in a tab that is not a plain statut: `alertes`
 * (not deleted, at least one failing rule stored), `a_corriger` (returned offers, and published
 * ones whose revision was returned) or `en_attente_validation` (submitted offers, and published
 * ones whose revision is submitted).
 */
export function listOnglet(
  db: Executor,
  v: Visibilite,
  f: FormationFilters,
  onglet: 'alertes' | 'a_corriger' | 'en_attente_validation',
  after: string | null,
  limit: number,
) {
  return db
    .selectFrom('formation')
    .selectAll()
    .where(visibleTo(v))
    .where(matchingFilters({ ...f, statut: undefined }))
    .where((eb) =>
      onglet === 'alertes'
        ? eb.and([
            eb('formation.statut', '<>', 'supprimee'),
            eb.exists(
              eb
                .selectFrom('controle_echec')
                .select(sql.lit(1).as('x'))
                .whereRef('controle_echec.formation_id', '=', 'formation.id'),
            ),
          ])
        : eb.or([
            eb('formation.statut', '=', onglet),
            eb.and([
              eb('formation.statut', '=', 'publiee'),
              eb.exists(
                eb
                  .selectFrom('formation_revision')
                  .select(sql.lit(1).as('x'))
                  .whereRef('formation_revision.formation_id', '=', 'formation.id')
                  .where('formation_revision.statut', '=', onglet),
              ),
            ]),
          ]),
    )
    .$if(after !== null, (qb) => qb.where('formation.id', '>', after!))
    .orderBy('formation.id')
    .limit(limit)
    .execute();
}

/** The gestionnaire's comment on the returned revision of each of `ids` that has one. */
export async function commentairesRevisions(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('formation_revision')
    .select(['formation_id', 'commentaire'])
    .where('formation_id', 'in', ids)
    .where('statut', '=', 'a_corriger')
    .execute();
  return new Map(rows.map((r) => [r.formation_id, r.commentaire || null]));
}

export interface CertificationTrouvee {
  type: string;
  code: string;
  intitule: string | null;
  niveau: string | null;
  actif: boolean | null;
  date_debut: string | null;
  date_fin: string | null;
  ouvert_apprentissage: boolean | null;
  successeurs: string[];
}

/**
 * Certifications (RNCP / RS fiches, BCN diplomas) whose code starts with `code` or whose title
 * holds every word of `mots` (accents and case aside); active ones first, at most `limit`.
 */
export function searchCertifications(
  db: Executor,
  q: { code: string | null; mots: readonly string[] },
  limit: number,
): Promise<CertificationTrouvee[]> {
  return certificationsTrouvees(db)
    .where((eb) => {
      const ors = [];
      if (q.code) ors.push(eb('code', 'like', `${likeEscape(q.code)}%`));
      if (q.mots.length)
        ors.push(
          eb.and(
            q.mots.map((m) => eb(sql`unaccent(intitule)`, 'ilike', sql`unaccent(${`%${likeEscape(m)}%`})`)),
          ),
        );
      return ors.length ? eb.or(ors) : eb.lit(false);
    })
    .orderBy(sql`actif is not true`)
    .orderBy('code')
    .limit(limit)
    .execute();
}

/** How many certifications of `types` the référentiels loaded (« rncp », « rs », « cfd »). */
export async function countCertifications(db: Executor, types: readonly string[]): Promise<number> {
  const r = await db
    .selectFrom('certification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('type', 'in', [...types])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The certifications as the picker reads them (CertificationTrouvee), to be filtered. */
const certificationsTrouvees = (db: Executor) =>
  db
    .selectFrom('certification')
    .select([
      'type',
      'code',
      'intitule',
      'niveau',
      'actif',
      sql<string | null>`date_debut::text`.as('date_debut'),
      sql<string | null>`date_fin::text`.as('date_fin'),
      'ouvert_apprentissage',
      'successeurs',
    ]);

/** The BCN diplomas of CFD `codes` as the picker reads them (any order; unknown codes absent). */
export function diplomesTrouves(db: Executor, codes: readonly string[]): Promise<CertificationTrouvee[]> {
  if (!codes.length) return Promise.resolve([]);
  return certificationsTrouvees(db)
    .where('type', '=', 'cfd')
    .where('code', 'in', [...codes])
    .execute();
}

/** CFD ↔ RNCP pairs of the référentiel (kit apprentissage) touching any of `codes`. */
export function liensCertifications(db: Executor, codes: readonly string[]) {
  if (!codes.length) return Promise.resolve([] as { cfd: string; rncp: string }[]);
  return db
    .selectFrom('certification_lien')
    .select(['cfd', 'rncp'])
    .where((eb) => eb.or([eb('cfd', 'in', codes), eb('rncp', 'in', codes)]))
    .execute();
}

/** One certification by type and code, or undefined. */
/** The certifications of `codes` (RNCP…, RS…, CFD), in one query: `{ type, code, intitule }[]`. */
export function selectCertifications(db: Executor, codes: readonly string[]) {
  if (!codes.length) return Promise.resolve([]);
  return db
    .selectFrom('certification')
    .select(['type', 'code', 'intitule'])
    .where('code', 'in', [...codes])
    .execute();
}

export interface CommuneTrouvee {
  code_insee: string;
  code_postal: string;
  nom: string;
  lat: number | null;
  lon: number | null;
}

/** Communes of a postal code or of an INSEE code (a name: recherche.repository communesCommencantPar). */
export function searchCommunes(
  db: Executor,
  q: { code_postal?: string | null; code_insee?: string | null },
  limit: number,
): Promise<CommuneTrouvee[]> {
  return db
    .selectFrom('commune')
    .select(['code_insee', 'code_postal', 'nom', 'lat', 'lon'])
    .$if(!!q.code_postal, (qb) => qb.where('code_postal', '=', q.code_postal!))
    .$if(!!q.code_insee, (qb) => qb.where('code_insee', '=', q.code_insee!))
    .orderBy('nom')
    .orderBy('code_postal')
    .limit(limit)
    .execute();
}

/** The communes of these postal codes, in one query (the places of an API write or an LHEO batch). */
export async function communesDesCodesPostaux(
  db: Executor,
  codesPostaux: readonly string[],
): Promise<CommuneTrouvee[]> {
  const cps = [...new Set(codesPostaux)];
  if (cps.length === 0) return [];
  return db
    .selectFrom('commune')
    .select(['code_insee', 'code_postal', 'nom', 'lat', 'lon'])
    .where('code_postal', 'in', cps)
    .orderBy('nom')
    .orderBy('code_postal')
    .execute();
}

/**
 * Per CEDEX code of `codes` (five digits; others ignored), the communes of its département — those
 * whose postal code starts as it does (domain/commune.ts prefixeDepartementPostal: '53', '974') —
 * where its commune is looked for by name (choisirCommuneCedex); a code whose département has none
 * is absent. One query for every code; a few hundred rows a département.
 */
export async function communesDesDepartementsCedex(
  db: Executor,
  codes: Iterable<string>,
): Promise<Map<string, CommuneTrouvee[]>> {
  const parPrefixe = new Map<string, string[]>();
  for (const cp of new Set(codes)) {
    const p = prefixeDepartementPostal(cp);
    if (p) parPrefixe.set(p, [...(parPrefixe.get(p) ?? []), cp]);
  }
  const out = new Map<string, CommuneTrouvee[]>();
  if (parPrefixe.size === 0) return out;
  const ps = [...parPrefixe.keys()];
  const rows = await db
    .selectFrom('commune')
    .select(['code_insee', 'code_postal', 'nom', 'lat', 'lon'])
    .where((eb) => eb.or(ps.map((p) => eb('code_postal', 'like', `${p}%`))))
    .orderBy('nom')
    .orderBy('code_postal')
    .execute();
  for (const [p, cps] of parPrefixe) {
    const liste = rows.filter((c) => c.code_postal.startsWith(p));
    if (liste.length) for (const cp of cps) out.set(cp, liste);
  }
  return out;
}

/**
 * The delegated and associated communes (`commune_ancienne`) of these current communes, by their
 * current INSEE code: names the rule LIEU_COMMUNE accepts with an alerte.
 */
export async function communesAnciennesDe(
  db: Executor,
  codesInsee: readonly string[],
): Promise<{ code_insee: string; nom: string }[]> {
  const codes = [...new Set(codesInsee)];
  if (codes.length === 0) return [];
  return db
    .selectFrom('commune_ancienne')
    .select(['code_insee', 'nom'])
    .where('code_insee', 'in', codes)
    .execute();
}

/** Is the communes reference loaded at all? (Without it, places are kept as typed.) */
export async function communesChargees(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('commune').select('code_insee').limit(1).executeTakeFirst());
}

/**
 * What the loaded Sirene says of `sirets`: those it does not list (`absents`) and those it lists
 * as closed (`fermes`, `etatAdministratifEtablissement` = F, with the name it gives); null when no
 * Sirene file was ever imported (nothing to check against: the SIRET is then only checked for its form).
 */
export async function siretsSelonSirene(
  db: Executor,
  sirets: readonly string[],
): Promise<{ absents: string[]; fermes: { siret: string; nom: string | null }[] } | null> {
  if (!sirets.length) return { absents: [], fermes: [] };
  const [charge, connus] = await Promise.all([
    db
      .selectFrom('ref_run')
      .select('id')
      .where('kind', '=', 'sirene')
      .where('finished_at', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('etablissement')
      .select(['siret', 'etat', 'denomination'])
      .where('siret', 'in', [...sirets])
      .execute(),
  ]);
  if (!charge) return null;
  const presents = new Map(connus.map((e) => [e.siret, e]));
  return {
    absents: sirets.filter((s) => !presents.has(s)),
    fermes: connus.filter((e) => e.etat === 'F').map((e) => ({ siret: e.siret, nom: e.denomination })),
  };
}

/** The establishments of `siren`: from Sirene (open ones), the offers already stored, and what the structure declared at sign-up. */
export async function etablissementsDe(
  db: Executor,
  siren: string,
): Promise<{ siret: string; nom: string | null }[]> {
  const [sirene, connus, declares] = await Promise.all([
    db
      .selectFrom('etablissement')
      .select(['siret', 'denomination as nom'])
      .where('siren', '=', siren)
      .where('etat', '=', 'A')
      .orderBy('siret')
      .limit(200)
      .execute(),
    db
      .selectFrom('organisme')
      .select(['siret', 'raison_sociale as nom'])
      .where('siren', '=', siren)
      .orderBy('siret')
      .limit(200)
      .execute(),
    db
      .selectFrom('structure_etablissement as se')
      .innerJoin('structure as s', 's.siren', 'se.siren')
      .select(['se.siret', 's.raison_sociale as nom'])
      .where('se.siren', '=', siren)
      .orderBy('se.siret')
      .limit(200)
      .execute(),
  ]);
  const out = new Map<string, string | null>();
  // A malformed SIRET stored as typed on an offer (a workbook row, ORG_SIRET_FORMAT blocks it) is
  // never a choice: only the formation that carries it shows it, as its current value.
  for (const e of [...connus, ...sirene, ...declares])
    if (isValidSiret(e.siret)) out.set(e.siret, out.get(e.siret) ?? e.nom);
  return [...out].map(([siret, nom]) => ({ siret, nom })).sort((a, b) => a.siret.localeCompare(b.siret));
}

/**
 * The name of each of `sirets` Offre knows, for the form and its read-back (domain/organisme-nom.ts
 * nomsConnus: the organisme's raison sociale, its structure's, the DGEFP list's, Sirene's). A
 * SIRET none of them names is absent.
 */
export async function nomsOrganismes(db: Executor, sirets: readonly string[]): Promise<Map<string, string>> {
  const liste = [...new Set(sirets)];
  if (liste.length === 0) return new Map();
  return nomsConnus(liste, await sourcesNoms(db, { sirets: liste }));
}

/**
 * The name Offre knows for each of `sirens` signing up (domain/organisme-nom.ts nomDuSiren: the
 * organismes', the DGEFP list's, Sirene's, not the structure's typed one). A SIREN none names is absent.
 */
export async function nomsDesSirens(db: Executor, sirens: readonly string[]): Promise<Map<string, string>> {
  const liste = [...new Set(sirens)];
  if (liste.length === 0) return new Map();
  const sources = { ...(await sourcesNoms(db, { sirens: liste })), structures: [] };
  const out = new Map<string, string>();
  for (const siren of liste) {
    const nom = nomDuSiren(siren, sources);
    if (nom) out.set(siren, nom);
  }
  return out;
}

/** The rows naming the establishments asked: by SIRET, or every one of some SIRENs. */
async function sourcesNoms(
  db: Executor,
  f: { readonly sirets: readonly string[] } | { readonly sirens: readonly string[] },
): Promise<SourcesNoms> {
  const [col, valeurs] = 'sirets' in f ? (['siret', f.sirets] as const) : (['siren', f.sirens] as const);
  const sirens = 'sirens' in f ? f.sirens : [...new Set(f.sirets.map((s) => s.slice(0, 9)))];
  const [organismes, structures, declares, sirene] = await Promise.all([
    db
      .selectFrom('organisme')
      .select(['siret', 'raison_sociale as nom'])
      .where(col, 'in', valeurs)
      .where('raison_sociale', 'is not', null)
      .execute(),
    db
      .selectFrom('structure')
      .select(['siren', 'raison_sociale as nom'])
      .where('siren', 'in', sirens)
      .whereRef('raison_sociale', '<>', 'siren')
      .execute(),
    db
      .selectFrom('organisme_declare')
      .select(['siret', 'denomination as nom'])
      .where(col, 'in', valeurs)
      .where('denomination', 'is not', null)
      .orderBy('nda')
      .execute(),
    db
      .selectFrom('etablissement')
      .select(['siret', 'denomination as nom'])
      .where(col, 'in', valeurs)
      .where('denomination', 'is not', null)
      .execute(),
  ]);
  return { organismes, structures, declares, sirene };
}

/**
 * Offers of `siren` (not deleted, other than `sauf`) with the same certification code and the same
 * responsable and formateur: the likely duplicates of a new one.
 */
export function findDoublons(
  db: Executor,
  q: {
    siren: string;
    rncp: string | null;
    cfd: string | null;
    responsable: string | null;
    formateur: string | null;
    sauf?: string;
  },
) {
  return db
    .selectFrom('formation')
    .select(['id', 'intitule', 'statut', 'code_rncp', 'code_cfd'])
    .where('siren_proprietaire', '=', q.siren)
    .where('statut', '<>', 'supprimee')
    .where((eb) => {
      const ors = [];
      if (q.rncp) ors.push(eb('code_rncp', '=', q.rncp));
      if (q.cfd) ors.push(eb('code_cfd', '=', q.cfd));
      return ors.length ? eb.or(ors) : eb.lit(false);
    })
    .where((eb) =>
      q.responsable ? eb('responsable_siret', '=', q.responsable) : eb('responsable_siret', 'is', null),
    )
    .where((eb) =>
      q.formateur ? eb('formateur_siret', '=', q.formateur) : eb('formateur_siret', 'is', null),
    )
    .$if(!!q.sauf, (qb) => qb.where('id', '<>', q.sauf!))
    .orderBy('id')
    .limit(20)
    .execute();
}
