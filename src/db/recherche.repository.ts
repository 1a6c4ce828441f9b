import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Visibilite } from '../domain/acces.ts';
import { nomsAvecArticle } from '../domain/commune.ts';
import { activitesDuMetier } from '../domain/metier-activite.ts';
import {
  arrondissementParCodePostal,
  type Candidat,
  choisirCorrection,
  DERIVE,
  type Facettes,
  type Identifiants,
  type LieuCandidat,
  NOMS_FACETTES,
  PREFIXE,
  type SorteCorrection,
  sorteCorrection,
  type Tri,
} from '../domain/recherche.ts';
import { codesTypeDiplome } from '../domain/types-diplome.ts';
import type { Executor } from './executor.ts';
import {
  avecSessionNonFermee,
  type FormationFilters,
  matchingFilters,
  visibleTo,
} from './formation.repository.ts';
import type { DB } from './schema.ts';

// The search index (migration 0300_recherche): candidate formations for the words and the place,
// typo corrections (pg_trgm) and communes for the "Où ?" field. Only SQL here.

export interface Zone {
  readonly lat: number;
  readonly lon: number;
  readonly rayon_km: number;
}

export interface CriteresCandidats {
  /** Words, each with the indexed words of its family (see familles): all groups must match, any word of a group. */
  readonly groupes: readonly (readonly string[])[];
  /**
   * More groups (normalised words, [a-z0-9]+), matched in the offer's own text only — intitulé,
   * certification, description (weights A, B, D) — not in its organismes' and places' names (C): a
   * word written otherwise than the commune it names (« maçon », Mâcon), a derived word searched for
   * its stem (« maçonnerie » → « macon »). Absent: none.
   */
  readonly groupesMetier?: readonly (readonly string[])[];
  /** Exact certification codes (RNCP/RS or CFD), upper case. */
  readonly codes: readonly string[];
  /** SIRETs, SIRENs, UAIs typed (domain/recherche.ts Requete.identifiants): any of them or of `codes` matches. */
  readonly identifiants?: Identifiants;
  /** Around a point; distances are measured from it. */
  readonly zone: Zone | null;
  /**
   * INSEE codes of the commune searched (with its arrondissements). Without `zone`: the commune
   * alone. With it: its sessions count too whatever their coordinates (none in the built-in
   * communes list), at distance 0 when they have none — the very commune searched is never left out.
   */
  readonly communes: readonly string[] | null;
  /** Whether closed sessions count (API: yes; public pages: no, and a formation needs an open or suspended one). */
  readonly sessionsFermees: boolean;
  /** The list filters of GET /formations (q is ignored). */
  readonly filtres: FormationFilters;
}

const PLATEFORME_PUBLIE = 'publie';

/**
 * The words as a tsquery: every group must match, any word of a group; null without words. The
 * groups of `metier` match in weights A, B and D only (CriteresCandidats.groupesMetier). A word
 * ending in `*` (domain/recherche.ts PREFIXE, normalised [a-z0-9]+) matches the indexed words that
 * start with its stem (« auto* »: automobile). A word ending in `~` (DERIVE) is searched as itself;
 * `sansDerives` leaves such words out (the query of the words as typed, see rangDe).
 */
function tsQuery(
  groupes: readonly (readonly string[])[],
  metier: readonly (readonly string[])[] = [],
  sansDerives = false,
) {
  const garder = (g: readonly string[]) =>
    g.flatMap((m) => (!m.endsWith(DERIVE) ? [m] : sansDerives ? [] : [m.slice(0, -DERIVE.length)]));
  const prefixe = (m: string) => m.endsWith(PREFIXE) && /^[a-z0-9]+$/.test(m.slice(0, -1));
  const tous = [
    ...groupes.map((g) =>
      garder(g).map((m) =>
        prefixe(m)
          ? sql`to_tsquery('french_unaccent', ${`${m.slice(0, -1)}:*`})`
          : sql`plainto_tsquery('french_unaccent', ${m})`,
      ),
    ),
    ...metier.map((g) =>
      garder(g)
        .filter((m) => /^[a-z0-9]+$/.test(m) || prefixe(m))
        .map(
          (m) => sql`to_tsquery('french_unaccent', ${prefixe(m) ? `${m.slice(0, -1)}:*ABD` : `${m}:ABD`})`,
        ),
    ),
  ].filter((g) => g.length > 0);
  return tous.length
    ? sql`(${sql.join(
        tous.map((g) => sql`(${sql.join(g, sql` || `)})`),
        sql` && `,
      )})`
    : null;
}

/** The relevance of a formation that only an activity word (DERIVE) matches, relative to its rank. */
const RANG_DERIVE = 0.1;

/**
 * The relevance of `fr.document` for the words (ts_rank, POIDS), or null without words. With the
 * activity words of a trade typed (DERIVE, « cuisinier » → cuisine): a formation the words as typed
 * match keeps the rank those words give it (as without the widening: the ranking of the trade's own
 * offers does not move); one that only an activity word matches (CAP Cuisine) ranks at RANG_DERIVE
 * of its rank — after the trade's own offers (unless one has the trade only in an organisme's or a
 * place's name), in a lower relevance band around a place (domain/recherche.ts bandeDePertinence).
 * Same statement.
 */
function rangDe(groupes: readonly (readonly string[])[], metier: readonly (readonly string[])[] = []) {
  const tsq = tsQuery(groupes, metier);
  if (!tsq) return null;
  const derives = [...groupes, ...metier].some((g) => g.some((m) => m.endsWith(DERIVE)));
  const tels = derives ? tsQuery(groupes, metier, true) : null;
  return tels
    ? sql<number>`(case when fr.document @@ ${tels} then ts_rank(${POIDS}, fr.document, ${tels})
        else ts_rank(${POIDS}, fr.document, ${tsq}) * ${sql.lit(RANG_DERIVE)} end)`
    : sql<number>`ts_rank(${POIDS}, fr.document, ${tsq})`;
}

/**
 * The weights of ts_rank, {D, C, B, A}: PostgreSQL's, but C (organismes' and places' names) below D
 * (the description), so that a formation found by a place or an organisme's name never outranks one
 * found by its own text (« macon »: CAP Maçon before the École de commerce de Mâcon).
 */
const POIDS = sql`'{0.1, 0.02, 0.4, 1.0}'::float4[]`;

/** Whether any code or identifier was typed (parCodes applies). */
export const avecCodes = (c: Pick<CriteresCandidats, 'codes' | 'identifiants'>) =>
  c.codes.length > 0 ||
  !!c.identifiants?.sirets.length ||
  !!c.identifiants?.sirens.length ||
  !!c.identifiants?.uais.length;

/**
 * Named query piece: a code finds its formations, and those of the codes linked to it (BCN diploma ↔
 * RNCP fiche); a SIRET the formations it is responsable or formateur of, a SIREN those of its
 * establishments or that it owns, a UAI those of that establishment (a role's, or a session's place).
 * Any of the certification codes, and any of the identifiers, matches; both kinds typed, a formation
 * has both (« SIRET + CFD »: that organisme's formations of that diploma). A term of both shapes (a
 * UAI is also CFD-shaped) is one of either, on its own.
 */
function parCodes(codes: readonly string[], ids?: Identifiants) {
  const deuxFormes = new Set((ids?.uais ?? []).filter((u) => codes.includes(u)));
  const sirets = ids?.sirets ?? [];
  const sirens = ids?.sirens ?? [];
  const uais = (ids?.uais ?? []).filter((u) => !deuxFormes.has(u));
  const certifications = codes.filter((c) => !deuxFormes.has(c));
  return (eb: ExpressionBuilder<DB, 'formation'>) => {
    const parUai = (liste: readonly string[]) => [
      eb('formation.responsable_uai', 'in', liste),
      eb('formation.formateur_uai', 'in', liste),
      eb.exists(
        eb
          .selectFrom('session as su')
          .select(sql`1`.as('un'))
          .whereRef('su.formation_id', '=', 'formation.id')
          .where('su.uai_lieu', 'in', liste),
      ),
    ];
    const organismes = [
      ...(sirets.length
        ? [eb('formation.responsable_siret', 'in', sirets), eb('formation.formateur_siret', 'in', sirets)]
        : []),
      ...(sirens.length
        ? [
            eb('formation.siren_proprietaire', 'in', sirens),
            eb(sql<string>`left(formation.responsable_siret, 9)`, 'in', sirens),
            eb(sql<string>`left(formation.formateur_siret, 9)`, 'in', sirens),
          ]
        : []),
      ...(uais.length ? parUai(uais) : []),
    ];
    return eb.and(
      [
        organismes,
        certifications.length ? parCodesCertification(eb, certifications) : [],
        ...[...deuxFormes].map((t) => [...parUai([t]), ...parCodesCertification(eb, [t])]),
      ]
        .filter((g) => g.length > 0)
        .map((g) => eb.or(g)),
    );
  };
}

function parCodesCertification(eb: ExpressionBuilder<DB, 'formation'>, codes: readonly string[]) {
  return [
    eb('formation.code_rncp', 'in', codes),
    eb('formation.code_cfd', 'in', codes),
    eb(
      'formation.code_cfd',
      'in',
      eb.selectFrom('certification_lien').select('cfd').where('rncp', 'in', codes),
    ),
    eb(
      'formation.code_rncp',
      'in',
      eb.selectFrom('certification_lien').select('rncp').where('cfd', 'in', codes),
    ),
  ];
}

/**
 * The places in `communes` (codesCommune): an arrondissement alone also holds the places stored
 * under its city's code with its postal code (migration 1100, arrondissementParCodePostal).
 */
function dansCommunes(communes: readonly string[]) {
  const arr = communes.length === 1 ? arrondissementParCodePostal(communes[0]!) : null;
  const codes = sql`rl.code_insee in (${sql.join(communes)})`;
  return arr
    ? sql`(${codes} or (rl.code_insee = ${arr.ville} and rl.code_postal in (${sql.join(arr.codes_postaux)})))`
    : codes;
}

/**
 * Every candidate (no limit: the facets count them all), with its rank and its session places, for
 * a search around a place (`zone` or `communes`: the service calls pageIndex without one). The
 * sessions of the zone (bounding box on the (lat, lon) index, then the exact distance) are joined
 * to the formations that match the words and filters, then grouped by formation: the places are
 * read once, and only those of the candidates are aggregated.
 */
export async function selectCandidats(
  db: Executor,
  v: Visibilite,
  c: CriteresCandidats,
): Promise<Candidat[]> {
  const tsq = tsQuery(c.groupes, c.groupesMetier);
  const z = c.zone;
  const dLat = z ? z.rayon_km / 111.2 : 0;
  const dLon = z ? z.rayon_km / (111.2 * Math.max(0.01, Math.cos((z.lat * Math.PI) / 180))) : 0;
  const dans = c.communes?.length ? dansCommunes(c.communes) : null;
  const dansZone = z
    ? sql`(rl.lat between ${z.lat - dLat} and ${z.lat + dLat}
        and rl.lon between ${z.lon - dLon} and ${z.lon + dLon}
        and distance_km(${z.lat}, ${z.lon}, rl.lat, rl.lon) <= ${z.rayon_km})`
    : null;
  const lieu = sql.join(
    [
      sql`not rl.archivee`,
      // A withheld session is diffused to no one (domain/diffusion.ts, migration 0770).
      sql`not rl.retenue`,
      ...(c.sessionsFermees ? [] : [sql`rl.etat_recrutement <> 'ferme'`]),
      // The zone, and the commune searched whatever its sessions' coordinates (CriteresCandidats.communes).
      ...(dansZone && dans ? [sql`(${dansZone} or ${dans})`] : dansZone ? [dansZone] : dans ? [dans] : []),
    ],
    sql` and `,
  );
  // To the metre: the sort by distance is exact; the page and the API show it to the tenth of a km.
  // A session of the commune searched without coordinates is in it: 0.
  const distance = z
    ? sql`coalesce(round(distance_km(${z.lat}, ${z.lon}, rl.lat, rl.lon)::numeric, 3), 0)`
    : sql`null`;
  const { q: _q, ...filtres } = c.filtres;
  const rows = await db
    .selectFrom('formation')
    .innerJoin('formation_recherche as fr', 'fr.formation_id', 'formation.id')
    .innerJoin('recherche_lieu as rl', (j) =>
      j.onRef('rl.formation_id', '=', 'formation.id').on(sql<boolean>`${lieu}`),
    )
    .select([
      'formation.id',
      'fr.niveau',
      'fr.type_diplome',
      'fr.apprentissage',
      'fr.conventionne',
      sql<boolean>`formation.parcoursup = ${PLATEFORME_PUBLIE}`.as('parcoursup'),
      sql<boolean>`formation.affelnet = ${PLATEFORME_PUBLIE}`.as('affelnet'),
      (rangDe(c.groupes, c.groupesMetier) ?? sql<number>`0`).as('rang'),
      // The formation's own next start, wherever its session is (the card and the sort by date
      // must not hide a date the formation page announces).
      sql<string[]>`array(select to_char(d, 'YYYY-MM-DD') from unnest(${
        c.sessionsFermees ? sql.ref('fr.debuts_tous') : sql.ref('fr.debuts')
      }) d)`.as('debuts'),
      sql<string>`json_agg(json_build_array(rl.code_region, rl.code_departement,
        to_char(rl.debut, 'YYYY-MM-DD'), rl.etat_recrutement = 'ouvert', ${distance}))::text`.as('lieux'),
    ])
    .groupBy(['formation.id', 'fr.formation_id'])
    .where(visibleTo(v))
    .where(matchingFilters(filtres, true))
    .$if(!!tsq, (qb) => qb.where(sql<boolean>`fr.document @@ ${tsq}`))
    .$if(avecCodes(c), (qb) => qb.where(parCodes(c.codes, c.identifiants)))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rang: Number(r.rang),
    niveau: r.niveau,
    type_diplome: r.type_diplome,
    apprentissage: r.apprentissage,
    conventionne: r.conventionne,
    parcoursup: r.parcoursup,
    affelnet: r.affelnet,
    debuts: r.debuts,
    lieux: (
      JSON.parse(r.lieux) as [string | null, string | null, string | null, boolean, number | string | null][]
    ).map(
      ([region, departement, debut, ouvert, d]): LieuCandidat => ({
        region,
        departement,
        debut,
        ouvert,
        distance: d === null ? null : Number(d),
      }),
    ),
  }));
}

/** A typed word's family, and the communes it names (see familles). */
export interface Famille {
  /** The word and the indexed words near it. */
  readonly mots: string[];
  /** The names of the communes whose normalised name is the word (« Mâcon » for macon), as written. */
  readonly communes: string[];
  /**
   * Those of them worth offering as the place a word may mean (« Mâcon est aussi une commune »):
   * at least COMMUNE_OFFERTE_HABITANTS inhabitants, or of unknown population. A village's name is
   * often an everyday word (Bois, 518 inhabitants; Bar, Jardin, Port): offering it on « menuisier
   * bois » would be noise.
   */
  readonly communesOffertes: string[];
  /** Whether longer words of the word list (recherche_mot) start with the word (« auto »: automobile). */
  prefixe: boolean;
  /** Whether the word is itself in the word list (« commerce »): then not searched as a start. */
  connu: boolean;
  /**
   * The activity words of the trade the word names that the word list holds (« cuisinier »:
   * cuisine; domain/metier-activite.ts), searched with it and ranked after it.
   */
  activites: string[];
  /**
   * The word's French stem (`to_tsvector('french_unaccent', …)`'s lexemes joined by a space, empty
   * for a stop word): what it is widened to when the words as typed find nothing
   * (domain/racine-elargie.ts).
   */
  racine: string;
}

/** Inhabitants (INSEE legal population) from which a commune named by a word of q is offered. */
export const COMMUNE_OFFERTE_HABITANTS = 2000;

/** The family of a word the word list says nothing of: the word alone, unknown, no commune. */
export const familleSeule = (mot: string): Famille => ({
  mots: [mot],
  communes: [],
  communesOffertes: [],
  prefixe: false,
  connu: false,
  activites: [],
  racine: '',
});

/**
 * The family of each word (normalised): itself and the indexed words at trigram similarity ≥ 0.6
 * (boulangerie, boulangère for boulanger — what French stemming leaves apart); with the names of the
 * communes it names (the service tells « maçon » from Mâcon by the accents), in the same statement.
 */
export async function familles(db: Executor, mots: readonly string[]): Promise<Map<string, Famille>> {
  const f = new Map<string, Famille>(mots.map((m) => [m, familleSeule(m)]));
  if (mots.length === 0) return f;
  const rows = await sql<{
    w: string;
    famille: string[];
    communes: string[];
    offertes: string[];
    prefixe: boolean;
    connu: boolean;
    activites: string[];
    racine: string | null;
  }>`
    select t.w,
      array_to_string(tsvector_to_array(to_tsvector('french_unaccent', t.w)), ' ') as racine,
      exists(select 1 from recherche_mot m where m.mot = t.w) as connu,
      exists(select 1 from recherche_mot m where m.mot like t.w || '%' and m.mot <> t.w) as prefixe,
      array(select m.mot from recherche_mot m
            where m.mot % t.w and similarity(m.mot, t.w) >= 0.6 and m.mot <> t.w) as famille,
      array(select distinct c.nom from commune c where c.nom_normalise = t.w) as communes,
      array(select distinct c.nom from commune c where c.nom_normalise = t.w
            and (c.population is null or c.population >= ${COMMUNE_OFFERTE_HABITANTS})) as offertes,
      array(select m.mot from recherche_mot m where m.mot = any(t.a) order by m.mot) as activites
    from (values ${sql.join(
      mots.map((m) => sql`(${m}::text, cast(${activitesDuMetier(m)} as text[]))`),
    )}) as t(w, a)`.execute(db);
  for (const r of rows.rows) {
    const e = f.get(r.w);
    if (e) {
      e.mots.push(...(r.famille ?? []));
      e.communes.push(...(r.communes ?? []));
      e.communesOffertes.push(...(r.offertes ?? []));
      e.prefixe = !!r.prefixe;
      e.connu = !!r.connu;
      e.activites.push(...(r.activites ?? []));
      e.racine = r.racine ?? '';
    }
  }
  return f;
}

/** The indexed word a typed one is corrected to, and that word's family (see familles). */
export interface Correction {
  readonly mot: string;
  readonly famille: readonly string[];
  /** How it relates to the typed word (domain/recherche.ts sorteCorrection). */
  readonly sorte: SorteCorrection;
}

/**
 * For each word (normalised) that the index does not hold and that is not a French stop word, an
 * indexed word near it by trigram similarity (pg_trgm, above its 0.3 threshold) with its family,
 * or null. A typo changes a word's length by little: a candidate longer or shorter by more than 2
 * letters (a quarter of a long word) is another word, not a correction (« automobile » is not
 * « mobile »), unless both start alike — French derives words at their end (« comptable »,
 * « comptabilité »). Of the 3 nearest, the first that is a plausible typo or derivation
 * (domain/recherche.ts sorteCorrection: « boulanjer » → boulanger, not « serveur » → services),
 * else the nearest (`sorte` 'autre': a suggestion only). The families come in the same statement:
 * searching the correction then needs no other round trip before its page. `vocabulaire`: the word
 * list corrected against — the formations' (recherche_mot, the public search) or the
 * certifications' titles (certification_mot, migration 1110, the certification picker of the
 * formation form).
 */
export async function corrections(
  db: Executor,
  mots: readonly string[],
  vocabulaire: 'recherche_mot' | 'certification_mot' = 'recherche_mot',
): Promise<Map<string, Correction | null>> {
  if (mots.length === 0) return new Map();
  const v = sql.table(vocabulaire);
  const rows = await sql<{ w: string; mot: string | null; famille: string[] | null }>`
    select t.w, c.mot,
      array(select f.mot from ${v} f
            where f.mot % c.mot and similarity(f.mot, c.mot) >= 0.6 and f.mot <> c.mot order by f.mot) as famille
    from (values ${sql.join(mots.map((m) => sql`(${m}::text)`))}) as t(w)
    left join lateral (select m.mot, similarity(m.mot, t.w) as s from ${v} m where m.mot % t.w
                         and (abs(length(m.mot) - length(t.w)) <= greatest(2, length(t.w) / 4)
                              or left(m.mot, 5) = left(t.w, 5))
                       order by similarity(m.mot, t.w) desc, m.mot limit 3) c on true
    where numnode(plainto_tsquery('french_unaccent', t.w)) > 0
      and not exists (select 1 from ${v} m where m.mot = t.w)
    order by t.w, c.s desc nulls last, c.mot`.execute(db);
  const parMot = new Map<string, Correction[]>();
  for (const r of rows.rows) {
    const l = parMot.get(r.w) ?? [];
    parMot.set(r.w, l);
    if (r.mot !== null)
      l.push({ mot: r.mot, famille: [r.mot, ...(r.famille ?? [])], sorte: sorteCorrection(r.w, r.mot) });
  }
  return new Map([...parMot].map(([w, l]) => [w, choisirCorrection(w, l)]));
}

export interface CommuneTrouvee {
  readonly code_insee: string;
  readonly nom: string;
  readonly code_postal: string;
  readonly code_departement: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  /** Inhabitants, null when the communes reference lacks it (migration 0850). */
  readonly population: number | null;
}

/** Named query piece: the most populous first, unknown populations last, then by INSEE code and postal code. */
const parPopulation = sql`population desc nulls last, code_insee, code_postal`;

/**
 * Communes for what was typed in "Où ?": a postal code (those of that code, the most populous
 * first — 15100 is Saint-Flour before Alleuze —, then those with coordinates, then by INSEE code), or a name (normalised: the communes of that exact name, its article aside when none was typed, and those whose
 * name starts with it as a word — one statement —: the most populous of all first, then the exact
 * name's by population, then the others by population; ties by INSEE code).
 * At most `limite` rows, one per INSEE code. A misspelt name finds nothing here: see communesProches.
 */
export async function findCommunes(
  db: Executor,
  saisie: { code_postal?: string; nom?: string },
  limite: number,
): Promise<CommuneTrouvee[]> {
  const base = db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'code_postal', 'code_departement', 'lat', 'lon', 'population'])
    .limit(200);
  let rows: CommuneTrouvee[] = [];
  if (saisie.code_postal)
    rows = await base
      .where('code_postal', '=', saisie.code_postal)
      .orderBy(sql`population desc nulls last`)
      .orderBy(sql`lat is null`)
      .orderBy('code_insee')
      .execute();
  else if (saisie.nom) {
    const n = saisie.nom;
    // The exact name is also the official name with its article when none was typed (« Île-d'Yeu »:
    // L'Île-d'Yeu; « Vernet »: Vernet and the Le Vernet, homonyms).
    const exacts = [n, ...nomsAvecArticle(n)];
    const trouvees = await base
      .where((eb) =>
        eb.or([
          eb('nom_normalise', 'in', exacts),
          eb('nom_normalise', 'like', `${n.replace(/[\\%_]/g, '\\$&')} %`),
        ]),
      )
      .orderBy(sql`nom_normalise = any(cast(${exacts} as text[]))`, 'desc')
      .orderBy(parPopulation)
      .execute();
    // The most populous of them all is the one searched, exact name or not: what people type is
    // mostly the short name of the big town (« Évry »: the Yonne's village of 391 inhabitants, or
    // Évry-Courcouronnes, 66,177; « Aix », « Neuilly », « Charleville », « Saint-Martin » — the
    // exact name's commune has 450 inhabitants, Saint-Martin-d'Hères 38,454). Exact homonyms follow,
    // then the others, each offered as a link (docs/recherche.md « Où ? »).
    const premiere = trouvees.reduce<(typeof trouvees)[number] | undefined>(
      (m, r) => (!m || (r.population ?? -1) > (m.population ?? -1) ? r : m),
      undefined,
    );
    rows = premiere ? [premiere, ...trouvees.filter((r) => r !== premiere)] : [];
    // An elided article typed without its apostrophe (« lhay les roses », « lile saint denis »):
    // the same letters once the spaces are left out (index commune_nom_colle, migration 1050).
    if (rows.length === 0 && n.length >= 4)
      rows = await base
        .where(sql<string>`replace(nom_normalise, ' ', '')`, '=', n.replace(/ /g, ''))
        .orderBy(parPopulation)
        .execute();
  }
  const vus = new Set<string>();
  rows = rows.filter((r) => !vus.has(r.code_insee) && !!vus.add(r.code_insee));
  return rows.slice(0, limite);
}

/**
 * Least trigram similarity (pg_trgm `similarity`, 0 to 1) between a name typed in "Où ?" and a
 * commune's for the commune to be offered as what was meant. pg_trgm's own threshold (0.3, the `%`
 * operator) lets two long names through for a shared ending: « Nulleparteville » is 0.35 from
 * « Néville » (« ville »). One wrong or missing letter in a short name stays above 0.4 (« Nants »
 * → Nantes 0.44, « Lyom » → Lyon 0.43, « Bordaux » → Bordeaux 0.55); see docs/recherche.md « Où ? ».
 */
export const SIMILARITE_COMMUNE_PROCHE = 0.4;

/**
 * The communes whose normalised name is near `nom` by trigrams (similarity at least
 * SIMILARITE_COMMUNE_PROCHE), with that name: the 50 nearest rows, nearest first, then the most
 * populous; one row per INSEE code. What "Où ?" may have meant when the name matches no commune
 * ("bordaux" → Bordeaux); domain/recherche.ts orders them by letters to change (communesLesPlusProches).
 */
export async function communesProches(
  db: Executor,
  nom: string,
): Promise<(CommuneTrouvee & { readonly nom_normalise: string })[]> {
  const rows = await db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'code_postal', 'code_departement', 'lat', 'lon', 'population'])
    .select(sql<string>`nom_normalise`.as('nom_normalise'))
    .where(sql<boolean>`nom_normalise % ${nom}`)
    .where(sql<number>`similarity(nom_normalise, ${nom})`, '>=', SIMILARITE_COMMUNE_PROCHE)
    .orderBy(sql`similarity(nom_normalise, ${nom})`, 'desc')
    .orderBy(parPopulation)
    .limit(50)
    .execute();
  const vus = new Set<string>();
  return rows.filter((r) => !vus.has(r.code_insee) && !!vus.add(r.code_insee));
}

/**
 * The communes whose normalised name holds `nom` (normalised, domain/commune.ts) as whole words,
 * anywhere in it (« hay » → 'l hay les roses'): the most populous first, then the shortest name;
 * one row per INSEE code, `limite` at most. What « Où ? » offers when a distinctive word of a
 * name (motDistinctif) matches no commune's start.
 */
export async function communesAvecLeMot(
  db: Executor,
  nom: string,
  limite: number,
): Promise<(CommuneTrouvee & { readonly nom_normalise: string })[]> {
  const motif = `% ${nom.replace(/[\\%_]/g, '\\$&')} %`;
  const rows = await db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'code_postal', 'code_departement', 'lat', 'lon', 'population'])
    .select(sql<string>`nom_normalise`.as('nom_normalise'))
    .where(sql<boolean>`(' ' || nom_normalise || ' ') like ${motif}`)
    .orderBy(sql`population desc nulls last`)
    .orderBy(sql`length(nom)`)
    .orderBy('nom')
    .orderBy('code_postal')
    .limit(limite * 5)
    .execute();
  const vus = new Set<string>();
  return rows.filter((r) => !vus.has(r.code_insee) && !!vus.add(r.code_insee)).slice(0, limite);
}

/** Mean centre of the given communes' rows that have coordinates (a city from its arrondissements). */
export async function centreDe(
  db: Executor,
  codes: readonly string[],
): Promise<{ lat: number; lon: number } | null> {
  if (codes.length === 0) return null;
  const r = await db
    .selectFrom('commune')
    .select([sql<number | null>`avg(lat)`.as('lat'), sql<number | null>`avg(lon)`.as('lon')])
    .where('code_insee', 'in', codes)
    .where('lat', 'is not', null)
    .executeTakeFirst();
  return r?.lat != null && r.lon != null ? { lat: Number(r.lat), lon: Number(r.lon) } : null;
}

/** A LIKE pattern: what starts with `x` (its wildcards escaped). */
const commencePar = (x: string) => `${x.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Communes whose normalised name (domain/commune.ts nomCommuneNormalise; with its article when
 * `debut`'s has none, nomsAvecArticle) and/or postal code start with `debut`'s, one row per (INSEE
 * code, postal code); `premiers`: what comes first by name (the callers' orders), then the most
 * populous, the shortest name, the name and the postal code — `limite` rows.
 */
function communesQuiCommencent(
  db: Executor,
  debut: { nom?: string; code_postal?: string | null },
  limite: number,
  premiers: (nom: string) => RawBuilder<unknown>[],
) {
  const n = debut.nom;
  return db
    .selectFrom('commune')
    .$if(!!n, (qb) =>
      premiers(n!).reduce(
        (q, o) => q.orderBy(o, 'desc'),
        // The start of a name typed without its article is the start of the official name with it
        // (« Île-d'Y »: L'Île-d'Yeu).
        qb.where((eb) =>
          eb.or([n!, ...nomsAvecArticle(n!)].map((x) => eb('nom_normalise', 'like', commencePar(x)))),
        ),
      ),
    )
    .$if(!!debut.code_postal, (qb) => qb.where('code_postal', 'like', commencePar(debut.code_postal!)))
    .orderBy(sql`population desc nulls last`)
    .orderBy(sql`length(nom)`)
    .orderBy('nom')
    .orderBy('code_postal')
    .limit(limite);
}

/**
 * Communes starting with `debut` (communesQuiCommencent), with coordinates (WGS84 degrees, null
 * when unknown). By name: the nearest names first (trigram similarity to what was typed: the exact
 * name, then the shortest completions), then the most populous; by postal code: the most populous first.
 */
export function communesCommencantPar(
  db: Executor,
  debut: { nom?: string; code_postal?: string | null },
  limite: number,
) {
  return communesQuiCommencent(db, debut, limite, (n) => [sql`similarity(nom_normalise, ${n})`])
    .select(['code_insee', 'nom', 'code_postal', 'lat', 'lon'])
    .execute();
}

/**
 * The rows the « Où ? » suggestions are chosen from (domain/communes-suggerees.ts classerSuggestions):
 * communes starting with `debut` (communesQuiCommencent) with the normalised name and the
 * population; the exact name typed first, then the names that start with it (not through an
 * article), then the most populous — `limite` rows.
 */
export function communesSuggerables(
  db: Executor,
  debut: { nom?: string; code_postal?: string | null },
  limite: number,
) {
  return communesQuiCommencent(db, debut, limite, (n) => [
    sql`nom_normalise = ${n}`,
    sql`nom_normalise like ${commencePar(n)}`,
  ])
    .select(['code_insee', 'nom', 'code_postal', 'nom_normalise', 'population'])
    .execute();
}

/** Ids and last change of the formations the public pages show (diffused, a session neither closed nor withheld), by id. */
export function selectFormationsPubliques(db: Executor, limite: number) {
  return formationsPubliques(db)
    .select(['formation.id', 'formation.updated_at'])
    .orderBy('formation.id')
    .limit(limite)
    .execute();
}

/** The formations the public is shown: diffused, with a live session not closed to recruitment. */
const formationsPubliques = (db: Executor) =>
  db
    .selectFrom('formation')
    .where(visibleTo({ kind: 'diffusee', siren: null, regions: [] }))
    .where(
      sql<boolean>`exists (select 1 from recherche_lieu rl where rl.formation_id = formation.id
        and not rl.archivee and not rl.retenue and rl.etat_recrutement <> 'ferme')`,
    );

/** SIRETs (by value, at most `limite`) of the organismes, responsable or formateur, of a formation the public is shown. */
export async function selectOrganismesPublics(db: Executor, limite: number): Promise<string[]> {
  const rows = await db
    .selectFrom(
      formationsPubliques(db)
        .select('formation.responsable_siret as siret')
        .union(formationsPubliques(db).select('formation.formateur_siret as siret'))
        .as('o'),
    )
    .select('o.siret')
    .where('o.siret', 'is not', null)
    .orderBy('o.siret')
    .limit(limite)
    .execute();
  return rows.map((r) => r.siret as string);
}

export interface CriteresIndex extends Omit<CriteresCandidats, 'zone' | 'communes'> {
  /**
   * A département searched whole (« Où ? » `75`, `Rhône`): the formations that count in it for the
   * département facet (its token), which still counts the others' values. Null or absent: none.
   */
  readonly departement?: string | null;
  /** A région searched whole (« Où ? » `Bretagne`): as `departement`, with the région facet's token. */
  readonly region?: string | null;
  readonly facettes: Facettes;
  readonly tri: Tri;
  /** From 1; clamped to the last page. */
  readonly page: number;
  readonly taille: number;
  /** 'YYYY-MM-DD': the next start is the first on or after it. */
  readonly aujourdhui: string;
}

export interface PageIndex {
  /** Candidates before the facet filters (0: the words found nothing). */
  readonly candidats: number;
  readonly total: number;
  readonly page: number;
  /** Ids of the page, in order, with their next start on or after `aujourdhui` (or null). */
  readonly lignes: readonly (readonly [string, string | null])[];
  /** Each facet counted over the candidates that pass every other facet filter: ['facette:valeur', n]. */
  readonly comptes: readonly (readonly [string, number])[];
}

/**
 * The search without a place (migration 0310): candidates, facet counts, total and the page in one
 * statement over the per-formation facet tokens, so that nothing proportional to the candidates
 * leaves the database. A candidate failing no facet filter counts for every facet; one failing
 * exactly one counts for that facet only (the other values of a chosen facet stay one click away).
 */
export async function pageIndex(db: Executor, v: Visibilite, c: CriteresIndex): Promise<PageIndex> {
  const tsq = tsQuery(c.groupes, c.groupesMetier);
  const fermees = c.sessionsFermees;
  const jetons = fermees ? sql.ref('fr.jetons_tous') : sql.ref('fr.jetons');
  const debuts = fermees ? sql.ref('fr.debuts_tous') : sql.ref('fr.debuts');
  const { q: _q, ...filtres } = c.filtres;
  const simple = v.kind === 'tout' || (v.kind === 'diffusee' && !v.siren && v.regions.length === 0);
  const joindre = !simple || avecCodes(c) || Object.values(filtres).some((x) => x !== undefined);
  let base = db
    .selectFrom('formation_recherche as fr')
    .select([
      'fr.formation_id as id',
      sql<number[]>`${jetons}`.as('jetons'),
      sql<string[]>`${debuts}`.as('debuts'),
      // The rank only orders by relevance: other sorts do not read every document again.
      ((c.tri === 'pertinence' ? rangDe(c.groupes, c.groupesMetier) : null) ?? sql<number>`0`).as('rang'),
    ])
    .$if(!!tsq, (qb) => qb.where(sql<boolean>`fr.document @@ ${tsq}`))
    // The same token as the facet `departement` (an InitPlan array, read once).
    .$if(!!c.departement, (qb) =>
      qb.where(
        sql<boolean>`${jetons} && (select array[k.id] from recherche_jeton k where k.jeton = ${`departement:${c.departement}`})`,
      ),
    )
    .$if(!!c.region, (qb) =>
      qb.where(
        sql<boolean>`${jetons} && (select array[k.id] from recherche_jeton k where k.jeton = ${`region:${c.region}`})`,
      ),
    );
  if (v.kind === 'diffusee' && simple) base = base.where(fermees ? 'fr.diffusee' : 'fr.publique', '=', true);
  if (v.kind === 'tout' && !fermees)
    base = base.where(sql<boolean>`exists (select 1 from session s where s.formation_id = fr.formation_id
      and not s.archivee and not s.retenue and s.etat_recrutement <> 'ferme')`);
  const avecFormation = joindre
    ? base
        .innerJoin('formation', 'formation.id', 'fr.formation_id')
        .$if(!simple, (qb) => qb.where(visibleTo(v)))
        .$if(!simple && !fermees, (qb) => qb.where(avecSessionNonFermee()))
        .where(matchingFilters(filtres, true))
        .$if(avecCodes(c), (qb) => qb.where(parCodes(c.codes, c.identifiants)))
    : base;

  const choisies = NOMS_FACETTES.flatMap((nom) => {
    const valeur = c.facettes[nom];
    return valeur === undefined || valeur === false ? [] : [`${nom}:${String(valeur)}`];
  });
  // Tokens are ids of recherche_jeton (migration 0710); an id's facet is `id % 16`. A value never
  // indexed has no id: every candidate fails it. A diploma type's key stands for every code of its
  // group (domain/types-diplome.ts), the index's codes compared as codesTypeDiplome writes them.
  // The array is built once (an InitPlan), not for each candidate.
  const idDe = (jeton: string) => {
    const [nom, valeur] = [jeton.slice(0, jeton.indexOf(':')), jeton.slice(jeton.indexOf(':') + 1)];
    if (nom !== 'type_diplome')
      return sql`(select array[k.id] from recherche_jeton k where k.jeton = ${jeton})`;
    const codes = codesTypeDiplome(valeur);
    return sql`(select array_agg(k.id) from recherche_jeton k where left(k.jeton, 13) = 'type_diplome:'
      and upper(trim(regexp_replace(unaccent(substr(k.jeton, 14)), '[[:space:]_]+', ' ', 'g'))) in (${sql.join(codes)}))`;
  };
  const echoue = (jeton: string) => sql`not coalesce(b.jetons && ${idDe(jeton)}, false)`;
  const echecs = choisies.length
    ? sql.join(
        choisies.map((j) => sql`(case when ${echoue(j)} then 1 else 0 end)`),
        sql` + `,
      )
    : sql`0`;
  const echec = choisies.length
    ? sql`case ${sql.join(
        choisies.map((j) => sql`when ${echoue(j)} then recherche_facette_no(${j})`),
        sql` `,
      )} end`
    : sql`null::int`;
  // What each candidate counts for: every facet (no filter failed), the failed one's only, or none.
  // unnest in the select list (ProjectSet), not in FROM: no tuple store per candidate (measured
  // 1.5× faster on 6,600 candidates × 8 tokens). Over the candidates grouped by their tokens first
  // (`g`, with how many share them): at 50,000 formations the 9,428 candidates of `BTS` have 1,153
  // distinct token arrays, so the unnest and the count hash 9,000 tokens instead of 72,000 (PGlite:
  // 33 → 28 ms of CPU for the whole statement, with the InitPlan arrays below).
  const comptes = choisies.length
    ? sql`unnest(case when g.echecs = 0 then g.jetons
        else array(select j from unnest(g.jetons) j where j % 16 = g.echec) end)`
    : sql`unnest(g.jetons)`;
  // Next start on or after today: `debuts` is sorted (migration 0320), one binary search per row.
  const prochain = (x: string) =>
    sql`${sql.ref(`${x}.debuts`)}[width_bucket(${c.aujourdhui}::date - 1, ${sql.ref(`${x}.debuts`)}) + 1]`;
  const ordre = (x: string) =>
    c.tri === 'debut'
      ? sql`${prochain(x)} asc nulls last, ${sql.ref(`${x}.id`)} collate "C"`
      : c.tri === 'pertinence'
        ? sql`${sql.ref(`${x}.rang`)} desc, ${sql.ref(`${x}.id`)} collate "C"`
        : sql`${sql.ref(`${x}.id`)} collate "C"`;
  const taille = Math.max(1, Math.trunc(c.taille));
  // One pass over the candidates for the counts, the total and the page: the page is a top-k
  // (ORDER BY … LIMIT: a bounded heap sort, not a sort of every candidate).
  const { rows } = await sql<{
    candidats: number;
    total: number;
    page: number;
    comptes: string;
    lignes: string;
  }>`
    with c as materialized (select b.id, b.rang, b.jetons, b.debuts, ${echecs} as echecs, ${echec} as echec
      from (${avecFormation}) b),
    t as (select count(*)::int as candidats, (count(*) filter (where c.echecs = 0))::int as total from c),
    p as (select greatest(1, least(${Math.max(1, Math.trunc(c.page) || 1)}, ceil(t.total::numeric / ${taille})::int)) as page from t),
    r as (select c.id, c.rang, c.debuts from c where c.echecs = 0 order by ${ordre('c')}
        limit ${taille} offset (select (p.page - 1) * ${taille} from p))
    select t.candidats, t.total, p.page,
      (select coalesce(json_agg(json_build_array(d.jeton, k.n)), '[]') from (
        select u.j, sum(u.n)::int as n from (select ${comptes} as j, g.n from (
          select c.jetons, c.echecs, c.echec, count(*) as n from c where c.echecs <= 1
          group by c.jetons, c.echecs, c.echec) g) u group by u.j) k
        join recherche_jeton d on d.id = k.j)::text as comptes,
      (select coalesce(json_agg(json_build_array(r.id, ${prochain('r')}) order by ${ordre('r')}), '[]') from r)::text as lignes
    from t, p`.execute(db);
  const r = rows[0]!;
  return {
    candidats: Number(r.candidats),
    total: Number(r.total),
    page: Number(r.page),
    comptes: JSON.parse(r.comptes),
    lignes: (JSON.parse(r.lignes) as [string, string | null][]).map(([id, d]) => [
      id,
      d ? d.slice(0, 10) : null,
    ]),
  };
}

/** The index's version: moves (never back) at every indexing, committed or not (a sequence). */
export async function versionIndex(db: Executor): Promise<string> {
  const { rows } = await sql<{
    v: string;
  }>`select last_value::text || ':' || is_called::text as v from recherche_version`.execute(db);
  return rows[0]!.v;
}
